import fs from 'node:fs';

/** One request of a verify file. */
export interface VerifyRequest {
	/** what the request shows; default `METHOD path` */
	name: string;
	method: string;
	/** path and query, sent as written */
	path: string;
	/** request headers; `{{origin}}` in a value is the origin of the server it is sent to */
	headers: Record<string, string>;
	body: Buffer | undefined;
}

export interface VerifyFile {
	requests: VerifyRequest[];
	/** response headers left out of the comparison, besides date, connection, keep-alive and transfer-encoding */
	ignoreHeaders: string[];
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Reads a verify file: a JSON array of requests, or `{ "requests": [...], "ignoreHeaders": [...] }`.
 * A request is `{ name?, method?, path, headers?, body? | json? }`: `body` is sent as written,
 * `json` is encoded as JSON (with `content-type: application/json` unless headers give one).
 */
export function readRequests(file: string): VerifyFile {
	let data: unknown;
	try {
		data = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		throw new VerifyError(`Cannot read ${file}: ${(error as Error).message}`);
	}
	const { requests, ignoreHeaders = [] } = (Array.isArray(data) ? { requests: data } : (data ?? {})) as Record<string, unknown>;
	if (!Array.isArray(requests) || requests.length === 0) {
		throw new VerifyError(`${file}: expected a list of requests, or { "requests": [...] }`);
	}
	if (!Array.isArray(ignoreHeaders) || ignoreHeaders.some((name) => typeof name !== 'string')) {
		throw new VerifyError(`${file}: ignoreHeaders must be a list of header names`);
	}
	return {
		requests: requests.map((entry, i) => readRequest(entry, `${file}: request ${i + 1}`)),
		ignoreHeaders: ignoreHeaders as string[]
	};
}

function readRequest(entry: unknown, where: string): VerifyRequest {
	if (typeof entry !== 'object' || entry === null) throw new VerifyError(`${where} must be an object such as { "path": "/api/items" }`);
	const { name, method = 'GET', path, headers = {}, body, json } = entry as Record<string, unknown>;
	if (typeof path !== 'string' || !path.startsWith('/')) throw new VerifyError(`${where}: path must start with /`);
	if (typeof method !== 'string' || !METHOD.test(method)) throw new VerifyError(`${where}: method must be a method name such as "GET"`);
	if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) {
		throw new VerifyError(`${where}: headers must be an object of strings`);
	}
	if (body !== undefined && typeof body !== 'string')
		throw new VerifyError(`${where}: body must be a string (use json for a JSON value)`);
	if (body !== undefined && json !== undefined) throw new VerifyError(`${where}: give body or json, not both`);
	const lower = Object.fromEntries(Object.entries(headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
	if (json !== undefined) lower['content-type'] ??= 'application/json';
	const bytes = json !== undefined ? JSON.stringify(json) : body;
	return {
		name: typeof name === 'string' ? name : `${method.toUpperCase()} ${path}`,
		method: method.toUpperCase(),
		path,
		headers: lower,
		body: bytes === undefined ? undefined : Buffer.from(bytes)
	};
}

/** A problem verify reports in a sentence, without a stack. */
export class VerifyError extends Error {
	override name = 'VerifyError';
}
