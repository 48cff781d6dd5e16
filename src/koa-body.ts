/**
 * A Fetch Response's body as Koa's `ctx.body` takes it, so that the Koa middleware around the
 * endpoints (compression, ETags, sessions, loggers) sees and may change it as any other: the
 * bytes when the body is complete within one tick (Koa then sends its length), else a Node
 * stream that reads the Response as the client reads, and cancels it when the client leaves.
 * The same rules as the Node writer (src/node/response.ts), in Koa's terms.
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { knownBody } from './bodies.js';
import { checkChunk, LOCKED_BODY, probe, type Chunk, type Reader, type ReadResult, type Start } from './node/body-start.js';
import type { WriteRules } from './node/index.js';
import type { ResponseParts } from './node/light-response.js';

/**
 * `ctx.body` for a Response: its bytes; `''`, no body and no length known (a HEAD answer whose
 * GET body is not complete at once); a stream; or the error its body failed with before the
 * first byte could be sent.
 */
export type KoaBody = Buffer | '' | ResponseBodyStream | NoBody | { failed: unknown };

/** What ctx.body should be for `response`; `head`: the request is a HEAD, whose body is never sent. */
export async function koaBody(
	response: Response,
	head: boolean,
	rules: WriteRules,
	res: ServerResponse,
	onError: (error: unknown) => void
): Promise<KoaBody> {
	const body = response.body as ReadableStream<Chunk> | null;
	if (head && rules.headLength === 'declared') return discard(body?.locked ? null : body);
	const known = knownBody(response);
	if (known !== undefined) return toBuffer(known);
	if (!body) return head ? '' : new NoBody(res);
	if (body.locked) return LOCKED_BODY;
	const reader = body.getReader();
	let start: Start;
	try {
		start = await probe(reader);
	} catch (error) {
		void reader.cancel(error).catch(noop);
		return { failed: error };
	}
	if (start.whole !== undefined) return toBuffer(start.whole);
	if (head) return discard(reader);
	return new ResponseBodyStream(reader, start, res, onError);
}

/** ctx.body for a light Response's own string or bytes (the `lightGlobals` option), at once. */
export function koaBodyOfParts({ body }: ResponseParts, head: boolean, rules: WriteRules, res: ServerResponse): KoaBody {
	if (head && rules.headLength === 'declared') return '';
	if (body === null) return head ? '' : new NoBody(res);
	return toBuffer(body);
}

/** The body is not sent: cancel it, so that its source stops. */
function discard(body: { cancel(): Promise<void> } | null): '' {
	void body?.cancel().catch(noop);
	return '';
}

/** The chunk's bytes as a Buffer over the same memory: text as UTF-8, as adapter-node writes it. */
function toBuffer(chunk: Chunk): Buffer {
	return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * A Response without a body (a redirect, `new Response(null)`): as adapter-node writes it, the
 * head goes out first and the response ends with no length, chunked; Koa would say
 * `content-length: 0`. The head goes out when Koa sends the body, after all its middleware.
 */
export class NoBody extends Readable {
	readonly #res: ServerResponse;

	constructor(res: ServerResponse) {
		super();
		this.#res = res;
	}

	override _read(): void {
		if (!this.#res.headersSent) this.#res.flushHeaders();
		this.push(null);
	}
}

/**
 * A live Response body as a Node stream: one read of the Response per read Node asks for, so the
 * pace is the client's. When the response ends before this stream did, the Response's stream is
 * cancelled, whoever wraps this stream (koa-compress pipes it without passing a close on) or
 * replaces it (Koa 2 leaves a replaced stream as it is). When the body fails, the
 * error goes to `onError` once and the connection is ended, never the response made to look
 * complete; the stream itself then closes without an error, which Koa would report again.
 */
export class ResponseBodyStream extends Readable {
	readonly #reader: Reader;
	readonly #buffered: ReadResult[];
	#pending: Promise<ReadResult> | undefined;
	readonly #res: ServerResponse;
	readonly #onError: (error: unknown) => void;

	constructor(reader: Reader, start: Start, res: ServerResponse, onError: (error: unknown) => void) {
		super();
		this.#reader = reader;
		this.#buffered = start.buffered ?? [];
		this.#pending = start.pending;
		this.#res = res;
		this.#onError = onError;
		const onClose = () => {
			// the client left, or the middleware upstream sent another body: stop the source
			if (!this.readableEnded) this.destroy();
		};
		res.once('close', onClose);
		this.once('close', () => res.off('close', onClose));
	}

	/**
	 * Whether the response ended unfinished (the client left, or the body failed): Koa's report of
	 * that is no news. Koa may have destroyed this stream first, when it saw the socket close.
	 */
	get cutShort(): boolean {
		return !this.#res.writableFinished;
	}

	override _read(): void {
		this.#pull().catch((error: unknown) => this.#fail(error));
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		void this.#reader.cancel(error ?? undefined).catch(noop);
		callback(error);
	}

	async #pull(): Promise<void> {
		for (;;) {
			const result = await this.#next();
			if (this.destroyed) return;
			if (result.done) return void this.push(null);
			checkChunk(result.value);
			// an empty chunk is nothing to send; pushing it would stall the stream
			if (result.value.length) return void this.push(result.value);
		}
	}

	/** What the probe read, then the read it left pending, then the rest. */
	#next(): ReadResult | Promise<ReadResult> {
		const buffered = this.#buffered.shift();
		if (buffered) return buffered;
		const pending = this.#pending;
		this.#pending = undefined;
		return pending ?? this.#reader.read();
	}

	#fail(error: unknown): void {
		if (this.destroyed) return;
		void this.#reader.cancel(error).catch(noop);
		this.#res.destroy();
		this.destroy();
		this.#onError(error);
	}
}

function noop(): void {}
