import type { IncomingMessage, ServerResponse } from 'node:http';
import { exposeRouteId, mountPoint, NodeIncoming, withoutQuery } from './adapters.js';
import { compareKoa } from './compare/koa.js';
import { HostErrors } from './host-errors.js';
import { answer } from './koa-response.js';
import type { ParsedBody } from './node/index.js';
import { resolveOptions } from './options.js';
import { attachInventory } from './inventory/inspect.js';
import type { RouteInfo } from './inventory/routes.js';
import { reportOnce } from './inventory/startup.js';
import { serveApp } from './serve-app.js';
import type { EndpointsOptions, Locals } from './types.js';

export { error, redirect, json, text, isHttpError, isRedirect, HttpError, Redirect } from './kit/index.js';
export { AppLoadError, RouteTreeError } from './errors.js';
export { sequence } from './app/kit-hooks.js';
export type * from './types.js';
export {
	shadowReport,
	formatShadowReport,
	type ShadowReport,
	type LegacyRouteRef,
	type EndpointRef,
	type RouteInfo,
	type RouteParamInfo
} from './inventory/index.js';

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
	body: unknown;
	respond?: boolean;
	/** set by @koa/router: the pattern of the route the middleware runs under */
	routerPath?: string;
	vary(field: string): void;
	has(field: string): boolean;
	set(field: string, value: string | string[]): void;
	append(field: string, value: string | string[]): void;
	remove(field: string): void;
	/** Koa's report of an error: `app.emit('error', error, ctx)`, and a 500 if nothing was sent */
	onerror(error: unknown): void;
	app: { emit(event: 'error', error: Error, ctx: KoaContext): unknown };
}

export interface KoaEndpointsMiddleware {
	(ctx: KoaContext, next: () => Promise<unknown>): Promise<void>;
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
		if (announce) {
			announce(ctx.app);
			announce = undefined;
		}
		const hostErrors = resolved.forwardErrors ? new HostErrors() : undefined;
		const served = core.serve(new KoaIncoming(ctx, resolved.bodySizeLimit, hostErrors));
		// not ours: go on in this tick, as if this middleware were not there
		const outcome = served instanceof Promise ? await served : served;
		if (outcome.routeId !== null) exposeRouteId(ctx.state, outcome.routeId);
		if (!outcome.response) {
			if (outcome.varyAccept && varyAcceptMethods.has(ctx.method)) ctx.vary('Accept');
			await next();
			return;
		}
		await answer(ctx, outcome.response, writer, outcome.onBodyError);
		// Koa's own report of an error, where its error trackers listen
		hostErrors?.afterResponse(ctx.res, (errors) => errors.forEach((error) => ctx.app.emit('error', error, ctx)));
	};
	const { compare, bodySizeLimit } = resolved;
	// the request target below the mount point: koa-mount strips its prefix from ctx.url
	const targetOf = (ctx: KoaContext) => (ctx.routerPath === undefined ? (ctx as KoaContext & { url: string }).url : mounted(ctx).path);
	const served = compare ? compareKoa(middleware, compare, { routeOf: core.routeOf, bodySizeLimit, targetOf }) : middleware;
	const handler = attachInventory(Object.assign(served, { ready: core.ready }), core, resolved);
	// development: the shadowing report, once the first request shows which app this is
	let announce = reportOnce(handler, resolved.dev);
	return handler;
}

class KoaIncoming extends NodeIncoming {
	readonly #ctx: KoaContext;

	constructor(ctx: KoaContext, bodySizeLimit: number, hostErrors: HostErrors | undefined) {
		const platform = { req: ctx.req, res: ctx.res, ctx };
		super(ctx.req, ctx.res, mounted(ctx), { locals: ctx.state, platform, bodySizeLimit, unexpected: hostErrors?.take });
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
