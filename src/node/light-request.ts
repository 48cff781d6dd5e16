/**
 * The `lightGlobals` option's Request side. `event.request` is then an object that is a Request
 * by its prototype chain but builds nothing until asked: its method and URL are strings, its
 * headers a Headers made on first read, its body read from Node directly by `json()`, `text()`
 * and the rest. A real Request (src/node/request.ts) is made only for what needs one: `body`
 * itself, `clone()`, the members that only a real one has. The global `Request` becomes a
 * subclass of Node's that accepts such an object, and the global `fetch` a function that hands
 * Node's the real Request behind it: undici's own functions see only undici's own objects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BridgeRequestOptions } from './bridge.js';
import { standIn } from './light-members.js';
import {
	abortSignal,
	buildRequest,
	decodeText,
	nodeBodySource,
	parseForm,
	requestHeaders,
	toArrayBuffer,
	type BodySource
} from './request.js';

const NativeRequest = globalThis.Request;
const nativeFetch = globalThis.fetch;
type RequestInput = ConstructorParameters<typeof Request>[0];
type BodyMethod = 'text' | 'json' | 'arrayBuffer' | 'bytes' | 'blob' | 'formData';

/** The global Request while the option is on: Node's, taking a light request as input too. */
export class LightRequest extends NativeRequest {
	constructor(input: RequestInput, init?: RequestInit) {
		super(input instanceof IncomingRequest ? input.real() : input, init);
	}

	static override [Symbol.hasInstance](value: unknown): boolean {
		return value instanceof NativeRequest;
	}
}
// what util.inspect and error messages print
Object.defineProperty(LightRequest, 'name', { value: 'Request' });

/** The global fetch while the option is on: Node's, given the real Request behind a light one. */
export function lightFetch(input: RequestInput, init?: RequestInit): Promise<Response> {
	return nativeFetch(input instanceof IncomingRequest ? input.real() : input, init);
}
Object.defineProperty(lightFetch, 'name', { value: 'fetch' });

/**
 * A client's request as `event.request` while the option is on. Reads are served from Node's
 * request until something needs the real Request, which is then made from the same headers (as
 * changed so far), signal and body, and serves every read after.
 */
class IncomingRequest {
	readonly method: string;
	readonly url: string;
	readonly #req: IncomingMessage;
	readonly #res: ServerResponse | undefined;
	readonly #body: BodySource | null;
	#headers: Headers | undefined;
	#signal: AbortSignal | undefined;
	#used = false;
	#real: Request | undefined;

	constructor(req: IncomingMessage, res: ServerResponse | undefined, url: string, method: string, body: BodySource | null) {
		this.method = method;
		this.url = url;
		this.#req = req;
		this.#res = res;
		this.#body = body;
	}

	get headers(): Headers {
		return this.#real ? this.#real.headers : (this.#headers ??= requestHeaders(this.#req));
	}

	get signal(): AbortSignal {
		return this.#real ? this.#real.signal : (this.#signal ??= abortSignal(this.#req, this.#res));
	}

	get body(): ReadableStream<Uint8Array> | null {
		return this.real().body as ReadableStream<Uint8Array> | null;
	}

	get bodyUsed(): boolean {
		return this.#real ? this.#real.bodyUsed : this.#used;
	}

	/** The real Request, made on first need: the same one after. */
	real(): Request {
		if (this.#real) return this.#real;
		const real = buildRequest(this.url, this.method, this.headers, this.#body, this.signal);
		// read directly already: the copy's body is spent too, as undici's is after text()
		if (this.#used) void real.body?.cancel().catch(noop);
		return (this.#real = real);
	}

	/** The whole body read from Node; the real Request's method when one was made. */
	#read<T>(method: BodyMethod, convert: (bytes: Uint8Array) => T | Promise<T>): Promise<T> {
		// no body, or read already: what undici's own answers, bodyUsed and errors included
		if (this.#real || this.#used || this.#body === null) return this.#realRead(method);
		const read = this.#body.read();
		if (read === undefined) return this.#realRead(method);
		this.#used = true;
		return read.then(convert);
	}

	#realRead<T>(method: BodyMethod): Promise<T> {
		return (this.real() as unknown as Record<BodyMethod, () => Promise<T>>)[method]();
	}

	text(): Promise<string> {
		return this.#read('text', decodeText);
	}

	json(): Promise<unknown> {
		return this.#read('json', (bytes) => JSON.parse(decodeText(bytes)) as unknown);
	}

	arrayBuffer(): Promise<ArrayBuffer> {
		return this.#read('arrayBuffer', toArrayBuffer);
	}

	bytes(): Promise<Uint8Array<ArrayBuffer>> {
		return this.#read('bytes', (bytes) => new Uint8Array(toArrayBuffer(bytes)));
	}

	blob(): Promise<Blob> {
		const type = this.headers.get('content-type') ?? '';
		return this.#read('blob', (bytes) => new Blob([toArrayBuffer(bytes)], { type }));
	}

	formData(): Promise<FormData> {
		const type = this.headers.get('content-type') ?? '';
		return this.#read('formData', (bytes) => parseForm(bytes, type));
	}

	clone(): Request {
		return this.real().clone();
	}
}

// everything else a Request has (cache, mode, duplex...) is the real one's; Request is the
// light class, whose constructor takes this object
standIn(IncomingRequest.prototype, NativeRequest.prototype);
Object.setPrototypeOf(IncomingRequest.prototype, LightRequest.prototype);

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * `event.request` while the option is on, or undefined when the request's body was read by a
 * body parser earlier in the app: the real Request is then made at once, with the body given back.
 */
export function lightRequest(
	req: IncomingMessage,
	res: ServerResponse | undefined,
	url: string,
	options: BridgeRequestOptions
): Request | undefined {
	const method = req.method ?? 'GET';
	// methods Fetch refuses: the real Request's constructor says so, with its 400
	if (FORBIDDEN_METHODS.has(method.toUpperCase())) return undefined;
	const body = method === 'GET' || method === 'HEAD' ? null : nodeBodySource(req, options.bodySizeLimit);
	if (body === undefined) return undefined;
	return new IncomingRequest(req, res, url, method, body) as unknown as Request;
}

/** Whether the option's globals are the ones in place. */
export function lightRequests(): boolean {
	return globalThis.Request === (LightRequest as typeof Request);
}

export function installLightRequest(): void {
	globalThis.Request = LightRequest as typeof Request;
	globalThis.fetch = lightFetch as typeof fetch;
}

export function restoreRequest(): void {
	globalThis.Request = NativeRequest;
	globalThis.fetch = nativeFetch;
}

function noop(): void {}
