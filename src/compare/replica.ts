/**
 * A copy of a request for the side whose answer the client does not get: a real Node request
 * and response, of the host's own classes, over a socket that leads nowhere. What that side
 * writes is captured; nothing reaches the client's socket.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** A socket that reads nothing and swallows what is written, addressed as the client's. */
class NowhereSocket extends Duplex {
	readonly remoteAddress: string | undefined;
	readonly remotePort: number | undefined;
	readonly remoteFamily: string | undefined;
	readonly localAddress: string | undefined;
	readonly localPort: number | undefined;
	/** set like a TLS socket's, which Express and Koa read for the protocol */
	readonly encrypted: boolean | undefined;

	constructor(like?: Socket) {
		super();
		this.remoteAddress = like?.remoteAddress;
		this.remotePort = like?.remotePort;
		this.remoteFamily = like?.remoteFamily;
		this.localAddress = like?.localAddress;
		this.localPort = like?.localPort;
		this.encrypted = (like as { encrypted?: boolean } | undefined)?.encrypted;
		// as the server does for a client's socket: an error on it ends that connection, and is
		// no news to the process (Koa's pipeline hands a failed body's error on to the socket)
		this.on('error', () => {});
	}

	override _read(): void {}

	override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
		callback();
	}

	setTimeout(): this {
		return this;
	}

	setNoDelay(): this {
		return this;
	}

	setKeepAlive(): this {
		return this;
	}
}

/**
 * What Node itself puts on a request or response: its own fields, and its methods, which
 * middleware such as express-session or compression replace on the instance with functions
 * bound to the client's response (a copy calling them would write to the client). Everything
 * else was put there by the host and its middleware (req.body, req.session, res.locals) and is
 * copied.
 */
function nodeKeys(instance: object): Set<string | symbol> {
	const keys = new Set(Reflect.ownKeys(instance));
	for (let proto = Object.getPrototypeOf(instance); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
		for (const key of Reflect.ownKeys(proto)) keys.add(key);
	}
	return keys;
}
// on-finished's record of the listeners it put on this very message's events (Koa's body
// setter and error handler, Express's finalhandler add to it): a copy sharing it would be taken
// for finished when the client's response is, and Koa would destroy the copy's body mid-stream
const MESSAGE_LISTENERS = '__onFinished';
// parseurl's caches of the parsed URL, which koa-mount edits in place when it restores a path:
// a copy sharing them would see its URL change under it
const NODE_REQUEST_KEYS = new Set([
	...nodeKeys(new IncomingMessage(new NowhereSocket() as unknown as Socket)),
	'_parsedUrl',
	'_parsedOriginalUrl',
	MESSAGE_LISTENERS
]);
const NODE_RESPONSE_KEYS = new Set([
	...nodeKeys(new ServerResponse(new IncomingMessage(new NowhereSocket() as unknown as Socket))),
	MESSAGE_LISTENERS
]);

/** Copies what the host added to `from` onto `to`, and gives `to` the prototype of `from`. */
export function copyHostFields<T extends object>(from: T, to: T, own: Set<string | symbol>): void {
	Object.setPrototypeOf(to, Object.getPrototypeOf(from));
	for (const key of Reflect.ownKeys(from)) {
		if (own.has(key)) continue;
		const descriptor = Reflect.getOwnPropertyDescriptor(from, key)!;
		Reflect.defineProperty(to, key, descriptor);
	}
}

export interface Replica {
	req: IncomingMessage;
	res: ServerResponse;
	/** stops the copy: its request and response close, as when a client leaves */
	close(): void;
}

/**
 * A copy of `req` and `res` as the host and its middleware left them, headers already set
 * included, whose request streams `body` (empty when undefined: the body was read by a body
 * parser, which left what it read on the request, or there was none).
 */
export function replicate(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): Replica {
	const socket = new NowhereSocket(req.socket);
	const copy = new IncomingMessage(socket as unknown as Socket);
	copyHostFields(req, copy, NODE_REQUEST_KEYS);
	copy.method = req.method;
	copy.url = req.url;
	copy.headers = req.headers;
	copy.rawHeaders = req.rawHeaders;
	copy.httpVersion = req.httpVersion;
	copy.httpVersionMajor = req.httpVersionMajor;
	copy.httpVersionMinor = req.httpVersionMinor;
	if (body?.length) copy.push(body);
	copy.push(null);
	copy.complete = true;
	// a body parser read the client's stream: the copy's is over too by the time it is used
	if (req.readableEnded) copy.resume();

	const out = new ServerResponse(copy);
	copyHostFields(res, out, NODE_RESPONSE_KEYS);
	// headers passed to writeHead() are kept with the others only once some exist
	out.setHeader('x-kit-endpoints-compare', '');
	out.removeHeader('x-kit-endpoints-compare');
	for (const [name, value] of Object.entries(res.getHeaders())) if (value !== undefined) out.setHeader(name, value);
	out.assignSocket(socket as unknown as Socket);
	linkHostFields(copy, out, res);

	return {
		req: copy,
		res: out,
		close() {
			copy.destroy();
			socket.destroy();
		}
	};
}

/** Express links req and res to each other, and keeps per-request state in res.locals. */
function linkHostFields(req: IncomingMessage, res: ServerResponse, original: ServerResponse): void {
	const host = req as IncomingMessage & { res?: ServerResponse };
	if ('res' in host) host.res = res;
	const response = res as ServerResponse & { req: IncomingMessage; locals?: object };
	response.req = req;
	const locals = (original as { locals?: object }).locals;
	if (locals) response.locals = { ...locals };
}
