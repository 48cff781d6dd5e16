import { createHash, type Hash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CompareOutcome, CompareResult } from './types.js';

/**
 * Records what is written to a response, as it goes through `write` and `end` (above any
 * compression), without changing what is written.
 */
export class Capture {
	readonly #res: ServerResponse;
	readonly #keep: number;
	readonly #chunks: Buffer[] = [];
	readonly #hash: Hash = createHash('sha256');
	#size = 0;
	/** resolves when the response has finished or closed */
	readonly done: Promise<void>;

	constructor(res: ServerResponse, options: { withBody: boolean; keep: number }) {
		this.#res = res;
		this.#keep = options.keep;
		this.done = new Promise((resolve) => {
			if (res.writableFinished || res.destroyed) resolve();
			else res.once('finish', resolve).once('close', resolve);
		});
		if (options.withBody) this.#tee(res);
	}

	get finished(): boolean {
		return this.#res.writableFinished;
	}

	#tee(res: ServerResponse): void {
		const { write, end } = res;
		const record = (chunk: unknown, encoding: unknown) => {
			if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
			const bytes =
				typeof chunk === 'string'
					? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
					: Buffer.from((chunk as Uint8Array).buffer, (chunk as Uint8Array).byteOffset, (chunk as Uint8Array).byteLength);
			this.#hash.update(bytes);
			this.#size += bytes.length;
			if (this.#size <= this.#keep) this.#chunks.push(Buffer.from(bytes));
		};
		res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, ...rest: unknown[]) {
			if (!this.writableEnded) record(chunk, encoding);
			return (write as (...args: unknown[]) => boolean).call(this, chunk, encoding, ...rest);
		} as ServerResponse['write'];
		res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, ...rest: unknown[]) {
			if (!this.writableEnded) record(chunk, encoding);
			return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, encoding, ...rest);
		} as ServerResponse['end'];
	}

	/** What was sent so far. */
	result(outcome: CompareOutcome, error?: unknown): CompareResult {
		const res = this.#res;
		const headers: Record<string, string | string[]> = {};
		if (res.headersSent || outcome !== 'failed') {
			for (const [name, value] of Object.entries(res.getHeaders())) {
				if (value === undefined) continue;
				headers[name] = Array.isArray(value) ? value.map(String) : String(value);
			}
		}
		return {
			outcome,
			status: res.headersSent ? res.statusCode : 0,
			headers,
			body: this.#size <= this.#keep ? Buffer.concat(this.#chunks).toString('utf8') : undefined,
			size: this.#size,
			sha256: this.#hash.copy().digest('hex'),
			...(error === undefined ? {} : { error })
		};
	}
}
