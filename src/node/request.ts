import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from '../errors.js';
import type { BridgeRequestOptions, ParsedBody } from './bridge.js';
import { clearBodyDetach, setBodyDetach } from './drain.js';

/** A Node request as a body parser may have left it: `_body` is the flag body-parser 1.x (Express 4) sets once it has read the body. */
type ParsedRequest = IncomingMessage & ParsedBody & { _body?: unknown };

/**
 * Builds the Fetch Request for a Node request. Called only when a handler first touches
 * `event.request`: routes that never look at it pay nothing for it.
 */
export function createRequest(
	req: ParsedRequest,
	res: ServerResponse | undefined,
	url: string,
	{ bodySizeLimit, parsed = req }: BridgeRequestOptions
): Request {
	const method = req.method ?? 'GET';
	const headers = requestHeaders(req);
	const body = method === 'GET' || method === 'HEAD' ? null : requestBody(req, headers, bodySizeLimit, parsed);
	try {
		return new Request(url, {
			method,
			headers,
			body,
			signal: abortSignal(req, res),
			// undici requires it for stream bodies
			duplex: 'half'
		});
	} catch (error) {
		// a method Fetch forbids (TRACE, CONNECT) or a header it refuses: adapter-node answers 400
		void body?.cancel().catch(() => {});
		throw new RequestError(400, 'Bad Request', `Cannot build a Request for ${method} ${url}: ${(error as Error).message}`);
	}
}

function requestHeaders(req: IncomingMessage): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		// HTTP/2 pseudo-headers are not headers (RFC 9113 8.3.1); :authority stands in for host
		if (name[0] === ':') {
			if (name === ':authority' && !req.headers.host) headers.set('host', value as string);
			continue;
		}
		if (Array.isArray(value)) for (const item of value) headers.append(name, item);
		else headers.set(name, value);
	}
	return headers;
}

/**
 * The client going away aborts the signal. The response's `close` is the one that tells:
 * the request's `close` also fires once its body has been read, while the client waits.
 */
function abortSignal(req: IncomingMessage, res: ServerResponse | undefined): AbortSignal {
	const controller = new AbortController();
	const target = res ?? req;
	if (target.destroyed && !(res?.writableFinished ?? req.readableEnded)) {
		controller.abort();
		return controller.signal;
	}
	target.once('close', () => {
		if (!(res ? res.writableFinished : req.readableEnded)) controller.abort();
	});
	return controller.signal;
}

function requestBody(req: ParsedRequest, headers: Headers, limit: number, parsed: ParsedBody): ReadableStream<Uint8Array> | null {
	if (bodyWasRead(req)) return recoveredBody(req, parsed, headers);

	const declared = req.headers['content-length'];
	const length = declared === undefined ? NaN : Number(declared);
	const hasLength = Number.isFinite(length);
	if (length === 0 || (req.httpVersionMajor === 1 && !hasLength && req.headers['transfer-encoding'] === undefined)) {
		return null;
	}
	if (req.destroyed) {
		const stream = new ReadableStream<Uint8Array>();
		void stream.cancel();
		return stream;
	}
	return streamBody(req, hasLength ? length : undefined, limit);
}

/**
 * The body as a web stream that reads the socket only as fast as the handler does, and fails
 * with a 413 once the limit, or a declared content-length, is exceeded.
 */
function streamBody(req: IncomingMessage, length: number | undefined, limit: number): ReadableStream<Uint8Array> {
	let size = 0;
	let done = false;
	const finish = () => {
		done = true;
		req.off('data', onData).off('end', onEnd).off('error', onError);
		clearBodyDetach(req);
	};
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	const fail = (error: unknown) => {
		if (done) return;
		finish();
		controller.error(error);
	};
	const onError = (error: Error) => fail(error);
	const onEnd = () => {
		if (done) return;
		finish();
		controller.close();
	};
	const onData = (chunk: Buffer) => {
		if (done) return;
		size += chunk.length;
		if (size > limit) {
			return fail(new RequestError(413, 'Payload Too Large', `request body size exceeded BODY_SIZE_LIMIT of ${limit}`));
		}
		if (length !== undefined && size > length) {
			return fail(new RequestError(413, 'Payload Too Large', `request body size exceeded content-length of ${length}`));
		}
		controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
		if ((controller.desiredSize ?? 0) <= 0) req.pause();
	};

	return new ReadableStream<Uint8Array>({
		start(c) {
			controller = c;
			if (length !== undefined && length > limit) {
				let message = `Content-length of ${length} exceeds limit of ${limit} bytes.`;
				if (limit === 0) message += ' To disable body size limits, specify Infinity rather than 0.';
				done = true;
				controller.error(new RequestError(413, 'Payload Too Large', message));
				return;
			}
			req.on('data', onData).on('end', onEnd).on('error', onError);
			setBodyDetach(req, () => fail(new Error('The response was sent before the request body was read')));
		},
		pull() {
			req.resume();
		},
		cancel(reason) {
			finish();
			req.destroy(reason instanceof Error ? reason : undefined);
		}
	});
}

/** A body parser earlier in the app (express.json(), koa-bodyparser...) has read the stream. */
function bodyWasRead(req: ParsedRequest): boolean {
	return req.readableEnded || req._body === true;
}

/**
 * Gives back a body another middleware consumed: the raw bytes where a parser kept them,
 * otherwise the parsed value encoded again in the request's own content-type. Where neither
 * is possible, reading the body fails with a message that says why, rather than hanging.
 */
function recoveredBody(req: IncomingMessage, parsed: ParsedBody, headers: Headers): ReadableStream<Uint8Array> | null {
	const bytes = recoverBytes(req, parsed, headers);
	if (bytes === null) return null;
	if (bytes instanceof Error) {
		return new ReadableStream({ start: (controller) => controller.error(bytes) });
	}
	headers.set('content-length', String(bytes.byteLength));
	headers.delete('transfer-encoding');
	return new ReadableStream({
		start(controller) {
			if (bytes.byteLength) controller.enqueue(bytes);
			controller.close();
		}
	});
}

function recoverBytes(req: IncomingMessage, parsed: ParsedBody, headers: Headers): Uint8Array | Error | null {
	const raw = parsed.rawBody;
	if (raw instanceof Uint8Array) return raw;
	if (typeof raw === 'string') return encodeText(raw, headers);

	const body = parsed.body;
	if (body instanceof Uint8Array) return body;

	const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (typeof body === 'string') return encodeText(body, headers);
	if (body !== undefined && body !== null && typeof body === 'object') {
		if (type === 'application/x-www-form-urlencoded') return Buffer.from(encodeForm(body));
		if (type === 'application/json' || type.endsWith('+json')) return Buffer.from(JSON.stringify(body));
		// body-parser leaves `{}` for requests it did not parse and could not have consumed
		if (Object.keys(body).length === 0 && !req.headers['content-length'] && !req.headers['transfer-encoding']) {
			return null;
		}
	}
	if (body === undefined && !req.headers['content-length'] && !req.headers['transfer-encoding']) return null;

	return new Error(
		'The request body was already read by another middleware (a body parser mounted before kit-endpoints), ' +
			`and its ${type || 'unknown'} content cannot be recovered. Mount kit-endpoints before that middleware, ` +
			'or keep the raw bytes on req.rawBody.'
	);
}

/** Encodes parsed text in the charset the request declared, or as UTF-8 saying so. */
function encodeText(text: string, headers: Headers): Uint8Array {
	const type = headers.get('content-type') ?? 'text/plain';
	const charset = /;\s*charset=("?)([\w-]+)\1/i.exec(type)?.[2]?.toLowerCase() ?? 'utf-8';
	const encoding = (
		{ 'utf-8': 'utf8', utf8: 'utf8', 'iso-8859-1': 'latin1', latin1: 'latin1', 'us-ascii': 'ascii', 'utf-16le': 'utf16le' } as const
	)[charset];
	if (encoding) return Buffer.from(text, encoding);
	headers.set('content-type', type.replace(/;\s*charset=[^;]*/i, '') + '; charset=utf-8');
	return Buffer.from(text);
}

/**
 * `a=1&a=2&b[c]=3`: repeated keys for arrays, which Node's querystring and `qs` (behind
 * express.urlencoded's `extended` option) both read back as arrays, and `qs`'s brackets for
 * nested objects.
 */
function encodeForm(value: object): string {
	const pairs: string[] = [];
	const add = (key: string, item: unknown) => {
		if (item === undefined) return;
		if (Array.isArray(item)) {
			item.forEach((entry, index) => add(entry !== null && typeof entry === 'object' ? `${key}[${index}]` : key, entry));
		} else if (item !== null && typeof item === 'object') {
			for (const [k, v] of Object.entries(item)) add(`${key}[${k}]`, v);
		} else {
			pairs.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(item ?? ''))}`);
		}
	};
	for (const [key, item] of Object.entries(value)) add(key, item);
	return pairs.join('&');
}
