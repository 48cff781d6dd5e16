import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { RequestError } from './errors.js';
import { mountPoint, type Incoming } from './event.js';
import { createCore, type Outcome } from './handler.js';
import { nodeBridge } from './node/index.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import type { EndpointsOptions, Locals } from './types.js';

export type NextFunction = (error?: unknown) => void;

/** A `(req, res, next)` middleware for Express 4 and 5, Connect, Polka or a bare node:http server. */
export interface EndpointsMiddleware {
	(req: IncomingMessage, res: ServerResponse, next: NextFunction): void;
	/** resolves once the route tree is loaded; rejects with a RouteTreeError listing its problems */
	ready: Promise<void>;
}

/** What Express adds to Node's objects, read when present. */
interface HostRequest extends IncomingMessage {
	originalUrl?: string;
	baseUrl?: string;
	protocol?: string;
	ip?: string;
	app?: { get?(setting: string): unknown };
}
type HostResponse = ServerResponse & { locals?: Locals; vary?(field: string): unknown };

/**
 * Serves the `+server` files of a routes directory. Requests no endpoint takes, and page
 * requests for routes that also have a page, go on to `next()`.
 *
 * @example
 * app.use(endpoints('src/routes'));
 * app.use('/api', endpoints('src/api-routes', { bodySizeLimit: '1M' }));
 */
export function endpoints(dir: string, options?: EndpointsOptions): EndpointsMiddleware {
	const resolved = resolveOptions(dir, options);
	const core = createCore(resolved);

	const middleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => {
		const host = res as HostResponse;
		const finish = (outcome: Outcome) => {
			if (outcome.routeId !== null) setRouteId(host, outcome.routeId);
			if (outcome.response) return nodeBridge.write(req, res, outcome.response, outcome.onBodyError);
			if (outcome.varyAccept && req.method === 'GET') varyAccept(host);
			next();
		};
		let outcome: Outcome | Promise<Outcome>;
		try {
			outcome = core.handle(fromNode(req as HostRequest, host, resolved));
		} catch (error) {
			return next(error);
		}
		if (outcome instanceof Promise) outcome.then(finish).catch(next);
		else finish(outcome);
	};
	return Object.assign(middleware, { ready: core.ready });
}

function fromNode(req: HostRequest, res: HostResponse, options: ResolvedOptions): Incoming {
	const raw = req.url ?? '/';
	const query = raw.indexOf('?');
	const path = query === -1 ? raw : raw.slice(0, query);
	const original = req.originalUrl ?? raw;

	const originalQuery = original.indexOf('?');
	const originalPath = originalQuery === -1 ? original : original.slice(0, originalQuery);
	return {
		method: req.method ?? 'GET',
		path,
		originalPath,
		base: req.baseUrl ?? mountPoint(originalPath, path),
		url: () => fullUrl(req, original),
		header: (name) => {
			const value = req.headers[name];
			return Array.isArray(value) ? value.join(', ') : value;
		},
		request: (url) => nodeBridge.request(req, res, url.href, { bodySizeLimit: options.bodySizeLimit }),
		locals: (res.locals ??= {}),
		platform: { req, res },
		getClientAddress: () => {
			const address = req.ip ?? req.socket.remoteAddress;
			if (address === undefined) throw new Error('Could not determine clientAddress');
			return address;
		},
		depth: 0
	};
}

/**
 * The URL as the client sent it. Protocol and host come from the host framework's view of
 * the request, so that Express's `trust proxy` applies to X-Forwarded-Proto/-Host.
 */
function fullUrl(req: HostRequest, original: string): URL {
	const protocol = req.protocol ?? ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
	const host = hostOf(req);
	if (!host) throw new RequestError(400, 'Bad Request', 'The request has no Host header');
	try {
		return new URL(`${protocol}://${host}${original}`);
	} catch {
		throw new RequestError(400, 'Bad Request', `Invalid request URL: ${JSON.stringify(original)} on host ${JSON.stringify(host)}`);
	}
}

/** Express 5's req.host, port included, which Express 4 lacks. */
function hostOf(req: HostRequest): string | undefined {
	const trust = req.app?.get?.('trust proxy fn') as ((address: string | undefined, hop: number) => boolean) | undefined;
	const forwarded = req.headers['x-forwarded-host'];
	if (forwarded && trust?.(req.socket.remoteAddress, 0)) {
		const first = String(forwarded).split(',')[0]!.trim();
		if (first) return first;
	}
	return req.headers.host ?? (req.headers[':authority'] as string | undefined);
}

/** Loggers such as morgan can log `res.locals.routeId`; handlers do not see it in `locals`. */
function setRouteId(res: HostResponse, id: string): void {
	Object.defineProperty((res.locals ??= {}), 'routeId', { value: id, configurable: true, writable: true, enumerable: false });
}

function varyAccept(res: HostResponse): void {
	if (res.vary) {
		res.vary('Accept');
		return;
	}
	const vary = res.getHeader('vary');
	const fields = String(vary ?? '').split(',').map((f) => f.trim().toLowerCase());
	if (!fields.includes('accept') && !fields.includes('*')) res.setHeader('vary', vary ? `${vary}, Accept` : 'Accept');
}
