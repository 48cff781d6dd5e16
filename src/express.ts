import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { exposeRouteId, NodeIncoming, withoutQuery } from './adapters.js';
import { compareExpress } from './compare/express.js';
import type { Outcome } from './core/incoming.js';
import { HostErrors } from './host-errors.js';
import { nodeBridge, type ParsedBody } from './node/index.js';
import { resolveOptions } from './options.js';
import { attachInventory } from './inventory/inspect.js';
import type { RouteInfo } from './inventory/routes.js';
import { reportOnce } from './inventory/startup.js';
import { serveApp } from './serve-app.js';
import type { EndpointsOptions, Locals } from './types.js';

export type NextFunction = (error?: unknown) => void;

/** A `(req, res, next)` middleware for Express 4 and 5, Connect, Polka or a bare node:http server. */
export interface EndpointsMiddleware {
	(req: IncomingMessage, res: ServerResponse, next: NextFunction): void;
	/**
	 * Resolves once the app is loaded. Rejects with a RouteTreeError listing the tree's problems,
	 * or an AppLoadError when only the hooks or `init()` failed.
	 */
	ready: Promise<void>;
	/**
	 * The routes as last loaded, in the order SvelteKit tries them (in development, as of the
	 * latest reload). Throws until the first load is done: read it after `await ready`.
	 */
	readonly routes: RouteInfo[];
}

/** What Express adds to Node's objects, read when present. */
interface ExpressRequest extends IncomingMessage {
	originalUrl?: string;
	baseUrl?: string;
	protocol?: string;
	ip?: string;
	app?: { get?(setting: string): unknown };
}
type ExpressResponse = ServerResponse & { locals?: Locals; vary?(field: string): unknown };

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
	const core = serveApp(resolved);
	const { varyAcceptMethods, writer } = resolved.semantics;

	const middleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => {
		const hostErrors = resolved.forwardErrors ? new HostErrors() : undefined;
		if (announce) {
			announce((req as ExpressRequest).app);
			announce = undefined;
		}
		const finish = (outcome: Outcome) => {
			if (outcome.routeId !== null) exposeRouteId(((res as ExpressResponse).locals ??= {}), outcome.routeId);
			if (outcome.response) {
				const written = nodeBridge.write(req, res, outcome.response, outcome.onBodyError, writer);
				return hostErrors ? written.then(() => hostErrors.afterResponse(res, (errors) => next(oneError(errors)))) : written;
			}
			if (outcome.varyAccept && varyAcceptMethods.has(req.method!)) varyAccept(res);
			next();
		};
		let outcome: Outcome | Promise<Outcome>;
		try {
			outcome = core.serve(new ExpressIncoming(req, res, resolved.bodySizeLimit, hostErrors));
		} catch (error) {
			return next(error);
		}
		if (outcome instanceof Promise) outcome.then(finish).catch(next);
		else finish(outcome);
	};
	const { compare, bodySizeLimit } = resolved;
	const served = compare ? compareExpress(middleware, compare, { routeOf: core.routeOf, bodySizeLimit }) : middleware;
	const handler = attachInventory(Object.assign(served, { ready: core.ready }), core, resolved);
	// development: the shadowing report, once the first request shows which app this is
	let announce = reportOnce(handler, resolved.dev);
	return handler;
}

class ExpressIncoming extends NodeIncoming {
	declare protected readonly req: ExpressRequest;

	constructor(req: ExpressRequest, res: ExpressResponse, bodySizeLimit: number, hostErrors: HostErrors | undefined) {
		const raw = req.url ?? '/';
		const at = { path: withoutQuery(raw), originalUrl: req.originalUrl ?? raw, base: req.baseUrl };
		super(req, res, at, { locals: (res.locals ??= {}), platform: { req, res }, bodySizeLimit, unexpected: hostErrors?.take });
	}

	/** Express's own view, so that `trust proxy` applies to X-Forwarded-Proto */
	protected protocol(): string {
		return this.req.protocol ?? ((this.req.socket as TLSSocket).encrypted ? 'https' : 'http');
	}

	/** Express 5's req.host, port included, which Express 4 lacks */
	protected host(): string | undefined {
		const req = this.req;
		const trust = req.app?.get?.('trust proxy fn') as ((address: string | undefined, hop: number) => boolean) | undefined;
		const forwarded = req.headers['x-forwarded-host'];
		if (forwarded && trust?.(req.socket.remoteAddress, 0)) {
			const first = String(forwarded).split(',')[0]!.trim();
			if (first) return first;
		}
		return req.headers.host ?? (req.headers[':authority'] as string | undefined);
	}

	protected clientAddress(): string | undefined {
		return this.req.ip ?? this.req.socket.remoteAddress;
	}

	protected parsedBody(): ParsedBody {
		return this.req as ParsedBody;
	}
}

/**
 * What the error middleware gets: next() takes one error, and a request rarely has more (an
 * event.fetch of this app that failed, then the endpoint that made it).
 */
function oneError(errors: Error[]): Error {
	return errors.length === 1 ? errors[0]! : new AggregateError(errors, `${errors.length} unexpected errors in one request`);
}

function varyAccept(res: ExpressResponse): void {
	if (res.vary) {
		res.vary('Accept');
		return;
	}
	const vary = res.getHeader('vary');
	const fields = String(vary ?? '')
		.split(',')
		.map((f) => f.trim().toLowerCase());
	if (!fields.includes('accept') && !fields.includes('*')) res.setHeader('vary', vary ? `${vary}, Accept` : 'Accept');
}
