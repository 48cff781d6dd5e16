import type { IncomingMessage, ServerResponse } from 'node:http';
import { exposeRouteId, mountPoint, NodeIncoming, withoutQuery } from './adapters.js';
import { compareKoa } from './compare/koa.js';
import { nodeBridge, type ParsedBody } from './node/index.js';
import { resolveOptions } from './options.js';
import { serveApp } from './serve-app.js';
import type { EndpointsOptions, Locals } from './types.js';

export { error, redirect, json, text, isHttpError, isRedirect, HttpError, Redirect } from './kit/index.js';
export { AppLoadError, RouteTreeError } from './errors.js';
export { sequence } from './app/kit-hooks.js';
export type * from './types.js';

/**
 * The parts of Koa's context this adapter uses, written out so that the package's types need
 * neither koa nor @types/koa. Koa 2 and 3 contexts fit it.
 */
export interface KoaContext {
	req: IncomingMessage;
	res: ServerResponse;
	request: ParsedBody & { body?: unknown };
	method: string;
	path: string;
	originalUrl: string;
	protocol: string;
	host: string;
	ip: string;
	state: Locals;
	status: number;
	respond?: boolean;
	/** set by @koa/router: the pattern of the route the middleware runs under */
	routerPath?: string;
	vary(field: string): void;
}

export interface KoaEndpointsMiddleware {
	(ctx: KoaContext, next: () => Promise<unknown>): Promise<void>;
	/**
	 * Resolves once the app is loaded. Rejects with a RouteTreeError listing the tree's problems,
	 * or an AppLoadError when only the hooks or `init()` failed.
	 */
	ready: Promise<void>;
}

/**
 * Serves the `+server` files of a routes directory from Koa 2 or 3. Requests no endpoint
 * takes, and page requests for routes that also have a page, go on to `next()`.
 *
 * @example
 * import { endpoints } from 'kit-endpoints/koa';
 * app.use(endpoints('src/routes'));
 */
export function endpoints(dir: string, options?: EndpointsOptions): KoaEndpointsMiddleware {
	const resolved = resolveOptions(dir, options);
	const core = serveApp(resolved);
	const { varyAcceptMethods, writer } = resolved.semantics;

	const middleware = async (ctx: KoaContext, next: () => Promise<unknown>) => {
		const served = core.serve(new KoaIncoming(ctx, resolved.bodySizeLimit));
		// not ours: go on in this tick, as if this middleware were not there
		const outcome = served instanceof Promise ? await served : served;
		if (outcome.routeId !== null) exposeRouteId(ctx.state, outcome.routeId);
		if (!outcome.response) {
			if (outcome.varyAccept && varyAcceptMethods.has(ctx.method)) ctx.vary('Accept');
			await next();
			return;
		}
		// Koa's own response path would fold Set-Cookie lines together: write it ourselves,
		// leaving ctx.status true for the middleware that runs after
		ctx.respond = false;
		ctx.status = outcome.response.status;
		await nodeBridge.write(ctx.req, ctx.res, outcome.response, outcome.onBodyError, writer);
	};
	const { compare, bodySizeLimit, routes } = resolved;
	// the request target below the mount point: koa-mount strips its prefix from ctx.url
	const targetOf = (ctx: KoaContext) => (ctx.routerPath === undefined ? (ctx as KoaContext & { url: string }).url : mounted(ctx).path);
	const host = { routeOf: core.routeOf, endpointIds: core.endpointIds, bodySizeLimit, routes, targetOf };
	const served = compare ? compareKoa(middleware, compare, host) : middleware;
	return Object.assign(served, { ready: core.ready });
}

class KoaIncoming extends NodeIncoming {
	readonly #ctx: KoaContext;

	constructor(ctx: KoaContext, bodySizeLimit: number) {
		super(ctx.req, ctx.res, mounted(ctx), { locals: ctx.state, platform: { req: ctx.req, res: ctx.res, ctx }, bodySizeLimit });
		this.#ctx = ctx;
	}

	protected protocol(): string {
		return this.#ctx.protocol;
	}

	protected host(): string | undefined {
		return this.#ctx.host;
	}

	protected clientAddress(): string | undefined {
		return this.#ctx.ip;
	}

	protected parsedBody(): ParsedBody {
		return this.#ctx.request;
	}
}

/**
 * Where the middleware is mounted. koa-mount rewrites ctx.path to the part below its prefix
 * (below all of them, when mounts nest); @koa/router leaves ctx.path whole, and its route
 * pattern (`/api/{*rest}`) says where the static prefix ends.
 */
function mounted(ctx: KoaContext): { path: string; originalUrl: string; base: string } {
	const originalPath = withoutQuery(ctx.originalUrl);
	let path = ctx.path;
	let base = mountPoint(originalPath, path);
	if (typeof ctx.routerPath === 'string') {
		const prefix = ctx.routerPath.split(/[:{(*]/)[0]!.replace(/\/+$/, '');
		if (prefix && path.toLowerCase().startsWith(prefix.toLowerCase())) {
			base += path.slice(0, prefix.length);
			path = path.slice(prefix.length) || '/';
		}
	}
	return { path, originalUrl: ctx.originalUrl, base };
}
