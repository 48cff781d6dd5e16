/**
 * What the Express and Koa adapters share: a Node request seen as the core's Incoming, and what
 * the host is told about a request the endpoints passed on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Incoming } from './core/incoming.js';
import { RequestError } from './errors.js';
import { nodeBridge, type ParsedBody } from './node/index.js';
import type { Locals, Platform } from './types.js';

/**
 * A Node request as the core sees it. The host's adapter says where its framework keeps the
 * protocol, host and client address; everything else is read from Node's objects on demand.
 */
export abstract class NodeIncoming implements Incoming {
	readonly method: string;
	readonly path: string;
	readonly originalPath: string;
	readonly base: string;
	readonly locals: Locals;
	readonly platform: Platform;
	readonly depth = 0;
	/** set when the host asked for the request's unexpected errors (`forwardErrors`) */
	readonly unexpected?: (error: unknown) => void;
	protected readonly req: IncomingMessage;
	protected readonly res: ServerResponse;
	/** the URL as the client sent it, mount point and query included */
	readonly #originalUrl: string;
	readonly #bodySizeLimit: number;

	constructor(
		req: IncomingMessage,
		res: ServerResponse,
		at: { path: string; originalUrl: string; base?: string },
		host: { locals: Locals; platform: Platform; bodySizeLimit: number; unexpected?: (error: unknown) => void }
	) {
		this.req = req;
		this.res = res;
		this.method = req.method ?? 'GET';
		this.#originalUrl = at.originalUrl;
		this.originalPath = withoutQuery(at.originalUrl);
		this.path = at.path;
		this.base = at.base ?? mountPoint(this.originalPath, at.path);
		this.locals = host.locals;
		this.platform = host.platform;
		this.#bodySizeLimit = host.bodySizeLimit;
		if (host.unexpected) this.unexpected = host.unexpected;
	}

	/** `http` or `https`, as the host framework sees it (proxies it trusts included) */
	protected abstract protocol(): string;
	/** the Host, port included, as the host framework sees it */
	protected abstract host(): string | undefined;
	protected abstract clientAddress(): string | undefined;
	/** where a body parser mounted earlier left what it read */
	protected abstract parsedBody(): ParsedBody;

	url(): URL {
		const host = this.host();
		if (!host) throw new RequestError(400, 'Bad Request', 'The request has no Host header');
		try {
			return new URL(`${this.protocol()}://${host}${this.#originalUrl}`);
		} catch {
			const original = JSON.stringify(this.#originalUrl);
			throw new RequestError(400, 'Bad Request', `Invalid request URL: ${original} on host ${JSON.stringify(host)}`);
		}
	}

	query(): string {
		const at = this.#originalUrl.indexOf('?');
		return at === -1 ? '' : this.#originalUrl.slice(at + 1);
	}

	header(name: string): string | undefined {
		const value = this.req.headers[name];
		return Array.isArray(value) ? value.join(', ') : value;
	}

	request(url: URL): Request {
		return nodeBridge.request(this.req, this.res, url.href, { bodySizeLimit: this.#bodySizeLimit, parsed: this.parsedBody() });
	}

	getClientAddress(): string {
		const address = this.clientAddress();
		if (!address) throw new Error('Could not determine clientAddress');
		return address;
	}
}

/** The path part of a request target. */
export function withoutQuery(target: string): string {
	const query = target.indexOf('?');
	return query === -1 ? target : target.slice(0, query);
}

/**
 * Where a host mounted the middleware, from the path it was given and the original one:
 * Connect, Polka and koa-mount strip the prefix from the path, leaving `/` for the prefix
 * itself, without always saying what the prefix was.
 */
export function mountPoint(originalPath: string, path: string): string {
	if (originalPath === path) return '';
	if (originalPath.endsWith(path)) return originalPath.slice(0, originalPath.length - path.length);
	// the request was for the mount point itself, without its slash: `/api` became `/`
	return path === '/' ? originalPath : '';
}

/** Loggers can read the route id (`res.locals.routeId`, `ctx.state.routeId`); handlers' `locals` do not show it. */
export function exposeRouteId(locals: Locals, id: string): void {
	Object.defineProperty(locals, 'routeId', { value: id, configurable: true, writable: true, enumerable: false });
}
