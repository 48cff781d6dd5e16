import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from '../errors.js';
import type { BridgeRequestOptions, ParsedBody } from './bridge.js';
import { clearBodyDetach, setBodyDetach } from './drain.js';

/** A Node request as a body parser may have left it: `_body` is the flag body-parser 1.x (Express 4) sets once it has read the body. */
type ParsedRequest = IncomingMessage & ParsedBody & { _body?: unknown };

/**
 * Builds the Fetch Request for a Node request. Called only when a handler first touches
 * `event.request`: routes that never look at it pay nothing for it.
 *
 * It is a real Request (a subclass of it), so that `new Request(request)`, `fetch(request)` and
 * every other use that checks what it is get the method, headers and body: Node 22 and later
 * see a Request's insides only in objects undici made. What costs is read past, though: its
 * `json()`, `text()` and other body methods take the bytes from Node directly, not through the
 * web stream, as long as nothing else has touched that stream.
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
	return buildRequest(url, method, headers, body, abortSignal(req, res));
}

/** The real Request, its body methods reading `body` directly while nothing took its stream. */
export function buildRequest(url: string, method: string, headers: Headers, body: BodySource | null, signal: AbortSignal): Request {
	const stream = body?.stream() ?? null;
	try {
		// undici requires duplex for stream bodies
		const request = new NodeRequest(url, { method, headers, body: stream, signal, duplex: 'half' } as RequestInit);
		request[SOURCE] = body;
		return request as unknown as Request;
	} catch (error) {
		// a method Fetch forbids (TRACE, CONNECT) or a header it refuses: adapter-node answers 400
		void stream?.cancel().catch(() => {});
		throw new RequestError(400, 'Bad Request', `Cannot build a Request for ${method} ${url}: ${(error as Error).message}`);
	}
}

const SOURCE = Symbol('source');

/** Where a request's body comes from: a stream for Fetch, and the same bytes read at once. */
export interface BodySource {
	/** the stream, made on first call: the same one after */
	stream(): ReadableStream<Uint8Array>;
	/** the whole body, read without the stream; undefined once the stream has been touched */
	read(): Promise<Uint8Array> | undefined;
}

/** What NodeRequest takes over from undici's Request, spelt as the accessors and methods they are. */
interface FetchRequest {
	get body(): ReadableStream<Uint8Array> | null;
	get bodyUsed(): boolean;
	get headers(): Headers;
	text(): Promise<string>;
	json(): Promise<unknown>;
	arrayBuffer(): Promise<ArrayBuffer>;
	bytes(): Promise<Uint8Array<ArrayBuffer>>;
	blob(): Promise<Blob>;
	formData(): Promise<FormData>;
}

/**
 * A Request whose body methods read the Node request directly. Once anything reads `body`
 * itself (a reader, clone(), another Request built from it), every method goes through the
 * stream, as undici's own do.
 */
class NodeRequest extends (Request as unknown as new (input: string, init: RequestInit) => FetchRequest) {
	[SOURCE]: BodySource | null = null;

	override get bodyUsed(): boolean {
		return this[SOURCE] === null ? super.bodyUsed : this.#used || super.bodyUsed;
	}
	#used = false;

	/** The bytes read directly, or undefined when the stream must be used. */
	#direct(): Promise<Uint8Array> | undefined {
		const source = this[SOURCE];
		if (source === null || this.#used || super.bodyUsed || super.body?.locked) return undefined;
		const read = source.read();
		if (read === undefined) return undefined;
		this.#used = true;
		// the stream is spent too: a Request built from this one refuses it, as after undici's text()
		void super.body?.cancel().catch(noop);
		return read;
	}

	override text(): Promise<string> {
		const bytes = this.#direct();
		return bytes ? bytes.then(decodeText) : super.text();
	}

	override json(): Promise<unknown> {
		const bytes = this.#direct();
		return bytes ? bytes.then((b) => JSON.parse(decodeText(b)) as unknown) : super.json();
	}

	override arrayBuffer(): Promise<ArrayBuffer> {
		const bytes = this.#direct();
		return bytes ? bytes.then(toArrayBuffer) : super.arrayBuffer();
	}

	override bytes(): Promise<Uint8Array<ArrayBuffer>> {
		const bytes = this.#direct();
		return bytes ? bytes.then((b) => new Uint8Array(toArrayBuffer(b))) : super.bytes();
	}

	override blob(): Promise<Blob> {
		const bytes = this.#direct();
		const type = this.headers.get('content-type') ?? '';
		return bytes ? bytes.then((b) => new Blob([toArrayBuffer(b)], { type })) : super.blob();
	}

	override formData(): Promise<FormData> {
		const bytes = this.#direct();
		if (!bytes) return super.formData();
		const type = this.headers.get('content-type') ?? '';
		return bytes.then((b) => parseForm(b, type));
	}
}

const decoder = new TextDecoder();

function noop(): void {}

// Node's own, whatever the lightGlobals option makes the global one later
const NativeResponse = globalThis.Response;

/** As Fetch's formData(): undici's own parser, fed the bytes, with the same fields, files and errors. */
export function parseForm(bytes: Uint8Array, type: string): Promise<FormData> {
	return new NativeResponse(toArrayBuffer(bytes), { headers: { 'content-type': type } }).formData();
}

/** As Fetch's text(): UTF-8, a BOM dropped, bad bytes replaced. */
export function decodeText(bytes: Uint8Array): string {
	return decoder.decode(bytes);
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
		? bytes.buffer
		: (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

export function requestHeaders(req: IncomingMessage): Headers {
	const headers = new Headers();
	const all = req.headers;
	for (const name in all) {
		const value = all[name];
		if (value === undefined) continue;
		// HTTP/2 pseudo-headers are not headers (RFC 9113 8.3.1); :authority stands in for host
		if (name[0] === ':') {
			if (name === ':authority' && !all.host) headers.set('host', value as string);
			continue;
		}
		if (typeof value === 'string') headers.append(name, value);
		else for (const item of value) headers.append(name, item);
	}
	return headers;
}

/**
 * The client going away aborts the signal. The response's `close` is the one that tells:
 * the request's `close` also fires once its body has been read, while the client waits.
 */
export function abortSignal(req: IncomingMessage, res: ServerResponse | undefined): AbortSignal {
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

function requestBody(req: ParsedRequest, headers: Headers, limit: number, parsed: ParsedBody): BodySource | null {
	return bodyWasRead(req) ? recoveredBody(req, parsed, headers) : unreadBody(req, limit);
}

/** The body still on the socket, if there is one. */
function unreadBody(req: IncomingMessage, limit: number): BodySource | null {
	const declared = req.headers['content-length'];
	const length = declared === undefined ? NaN : Number(declared);
	const hasLength = Number.isFinite(length);
	if (length === 0 || (req.httpVersionMajor === 1 && !hasLength && req.headers['transfer-encoding'] === undefined)) {
		return null;
	}
	if (req.destroyed) {
		return lazily(() => {
			const stream = new ReadableStream<Uint8Array>();
			void stream.cancel();
			return stream;
		}, NOT_DIRECT);
	}
	return nodeBody(req, hasLength ? length : undefined, limit);
}

/**
 * The body of a request no body parser has read, for the `lightGlobals` option's request: null
 * when there is none; undefined when a parser read it, for the real Request to give it back.
 */
export function nodeBodySource(req: ParsedRequest, limit: number): BodySource | null | undefined {
	return bodyWasRead(req) ? undefined : unreadBody(req, limit);
}

const NOT_DIRECT = (): undefined => undefined;

/** A body source whose stream is made on first need: most handlers read the body whole. */
function lazily(make: () => ReadableStream<Uint8Array>, read: BodySource['read']): BodySource {
	let stream: ReadableStream<Uint8Array> | undefined;
	return { stream: () => (stream ??= make()), read };
}

/**
 * The body, read one of two ways, whichever the handler asks for first: as a web stream that
 * takes from the socket only as fast as the handler reads (backpressure), or whole at once.
 * Either fails with a 413 once the limit, or a declared content-length, is exceeded.
 */
function nodeBody(req: IncomingMessage, length: number | undefined, limit: number): BodySource {
	const tooLarge = declaredTooLarge(length, limit);
	let taken: 'stream' | 'whole' | undefined;
	const make = () =>
		new ReadableStream<Uint8Array>(
			{
				start(controller) {
					if (tooLarge) controller.error(tooLarge);
				},
				pull(controller) {
					if (taken === undefined) {
						taken = 'stream';
						feed(req, controller, length, limit);
					}
					req.resume();
				},
				cancel(reason) {
					// the whole body was read instead: the stream is only marked used
					if (taken === 'whole') return;
					clearBodyDetach(req);
					req.destroy(reason instanceof Error ? reason : undefined);
				}
			},
			// nothing is taken from the socket before the first read asks
			{ highWaterMark: 0 }
		);
	const read = () => {
		if (taken !== undefined) return undefined;
		taken = 'whole';
		return tooLarge ? Promise.reject(tooLarge) : readWhole(req, length, limit);
	};
	return lazily(make, read);
}

function declaredTooLarge(length: number | undefined, limit: number): RequestError | undefined {
	if (length === undefined || length <= limit) return undefined;
	let message = `Content-length of ${length} exceeds limit of ${limit} bytes.`;
	if (limit === 0) message += ' To disable body size limits, specify Infinity rather than 0.';
	return new RequestError(413, 'Payload Too Large', message);
}

/** The 413 of a body that has grown past the limit or its declared length, if it has. */
function overflow(size: number, length: number | undefined, limit: number): RequestError | undefined {
	if (size > limit) return new RequestError(413, 'Payload Too Large', `request body size exceeded BODY_SIZE_LIMIT of ${limit}`);
	if (length !== undefined && size > length) {
		return new RequestError(413, 'Payload Too Large', `request body size exceeded content-length of ${length}`);
	}
	return undefined;
}

/** Feeds the stream from the request, pausing the request whenever the stream has enough. */
function feed(
	req: IncomingMessage,
	controller: ReadableStreamDefaultController<Uint8Array>,
	length: number | undefined,
	limit: number
): void {
	let size = 0;
	let done = false;
	const finish = () => {
		done = true;
		req.off('data', onData).off('end', onEnd).off('error', onError);
		clearBodyDetach(req);
	};
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
		const error = overflow(size, length, limit);
		if (error) return fail(error);
		controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
		if ((controller.desiredSize ?? 0) <= 0) req.pause();
	};
	req.on('data', onData).on('end', onEnd).on('error', onError);
	setBodyDetach(req, () => fail(new Error('The response was sent before the request body was read')));
}

/** The whole body in one buffer, for json(), text() and the other methods that want it all. */
function readWhole(req: IncomingMessage, length: number | undefined, limit: number): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const finish = () => {
			req.off('data', onData).off('end', onEnd).off('error', fail).off('close', onClose);
			clearBodyDetach(req);
		};
		const fail = (error: unknown) => {
			finish();
			reject(error);
		};
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			const error = overflow(size, length, limit);
			if (error) fail(error);
			else chunks.push(chunk);
		};
		const onEnd = () => {
			finish();
			resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
		};
		// an 'error' tells of a client gone mid-body, but not on every Node: 'close' first is the same
		const onClose = () => fail(new Error('The client closed the connection before the request body ended'));
		req.on('data', onData).on('end', onEnd).on('error', fail).on('close', onClose);
		setBodyDetach(req, () => fail(new Error('The response was sent before the request body was read')));
		req.resume();
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
function recoveredBody(req: IncomingMessage, parsed: ParsedBody, headers: Headers): BodySource | null {
	const bytes = recoverBytes(req, parsed, headers);
	if (bytes === null) return null;
	if (bytes instanceof Error) {
		return lazily(
			() => new ReadableStream({ start: (controller) => controller.error(bytes) }),
			() => Promise.reject(bytes)
		);
	}
	headers.set('content-length', String(bytes.byteLength));
	headers.delete('transfer-encoding');
	const stream = () =>
		new ReadableStream<Uint8Array>({
			start(controller) {
				if (bytes.byteLength) controller.enqueue(bytes);
				controller.close();
			}
		});
	return lazily(stream, () => Promise.resolve(bytes));
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
