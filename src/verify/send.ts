import http from 'node:http';
import { VerifyError, type VerifyRequest } from './requests.js';

export interface Answer {
	status: number;
	/** lower-case names; repeated headers (set-cookie) joined by newlines */
	headers: Record<string, string>;
	body: Buffer;
	/** false for a body still streaming after STREAM_WAIT: `body` is what came until then */
	complete: boolean;
}

/** How long a body may take once its headers came: past it, an endless stream is cut. */
const STREAM_WAIT = 2000;
/** How long a server may take to start answering. */
const ANSWER_WAIT = 30_000;

/** Sends a request as written (path, headers, body), with node:http, which leaves them alone. */
export function send(origin: string, request: VerifyRequest): Promise<Answer> {
	const url = new URL(origin);
	const headers = Object.fromEntries(
		Object.entries(request.headers).map(([name, value]) => [name, value.replaceAll('{{origin}}', origin)])
	);
	if (request.body) headers['content-length'] ??= String(request.body.length);
	return new Promise((resolve, reject) => {
		const options = { host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: false };
		const req = http.request(options, (res) => {
			req.setTimeout(0);
			const chunks: Buffer[] = [];
			const answer = (complete: boolean): Answer => ({
				status: res.statusCode ?? 0,
				headers: headersOf(res.rawHeaders),
				body: Buffer.concat(chunks),
				complete
			});
			const cut = setTimeout(() => {
				resolve(answer(false));
				res.destroy();
			}, STREAM_WAIT);
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', (error) => (res.complete ? undefined : reject(error)));
			res.on('end', () => {
				clearTimeout(cut);
				resolve(answer(true));
			});
		});
		req.setTimeout(ANSWER_WAIT, () =>
			req.destroy(new VerifyError(`${origin} did not answer ${request.method} ${request.path} within 30 s`))
		);
		req.on('error', reject);
		req.end(request.body);
	});
}

function headersOf(raw: string[]): Record<string, string> {
	const headers: Record<string, string> = {};
	for (let i = 0; i < raw.length; i += 2) {
		const name = raw[i]!.toLowerCase();
		headers[name] = headers[name] === undefined ? raw[i + 1]! : `${headers[name]}\n${raw[i + 1]}`;
	}
	return headers;
}
