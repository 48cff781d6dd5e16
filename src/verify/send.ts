import http from 'node:http';
import type { VerifyRequest } from './requests.js';

export interface Answer {
	status: number;
	/** lower-case names; repeated headers (set-cookie) joined by newlines */
	headers: Record<string, string>;
	body: Buffer;
}

/** Sends a request as written (path, headers, body), with node:http, which leaves them alone. */
export function send(origin: string, request: VerifyRequest): Promise<Answer> {
	const url = new URL(origin);
	const headers = Object.fromEntries(
		Object.entries(request.headers).map(([name, value]) => [name, value.replaceAll('{{origin}}', origin)])
	);
	if (request.body) headers['content-length'] ??= String(request.body.length);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: false },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const answer: Record<string, string> = {};
					for (let i = 0; i < res.rawHeaders.length; i += 2) {
						const name = res.rawHeaders[i]!.toLowerCase();
						answer[name] = answer[name] === undefined ? res.rawHeaders[i + 1]! : `${answer[name]}\n${res.rawHeaders[i + 1]}`;
					}
					resolve({ status: res.statusCode ?? 0, headers: answer, body: Buffer.concat(chunks) });
				});
			}
		);
		req.on('error', reject);
		req.end(request.body);
	});
}
