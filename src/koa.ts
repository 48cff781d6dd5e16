import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from './errors.js';
import { mountPoint, type Incoming } from './event.js';
import { createCore } from './handler.js';
import { nodeBridge, type ParsedBody } from './node/index.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import type { EndpointsOptions, Locals } from './types.js';

export { error, redirect, json, text, isHttpError, isRedirect, HttpError, Redirect } from './kit.js';
export { RouteTreeError } from './errors.js';
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
	/** resolves once the route tree is loaded; rejects with a RouteTreeError listing its problems */
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
	const core = createCore(resolved);

	const middleware = async (ctx: KoaContext, next: () => Promise<unknown>) => {
		const handled = core.handle(fromKoa(ctx, resolved));
		// not ours: go on in this tick, as if this middleware were not there
		const outcome = handled instanceof Promise ? await handled : handled;
		if (outcome.routeId !== null) {
			Object.defineProperty(ctx.state, 'routeId', { value: outcome.routeId, configurable: true, writable: true, enumerable: false });
		}
		if (!outcome.response) {
			if (outcome.varyAccept && ctx.method === 'GET') ctx.vary('Accept');
			await next();
			return;
		}
		// Koa's own response path would fold Set-Cookie lines together: write it ourselves,
		// leaving ctx.status true for the middleware that runs after
		ctx.respond = false;
		ctx.status = outcome.response.status;
		await nodeBridge.write(ctx.req, ctx.res, outcome.response, outcome.onBodyError);
	};
	return Object.assign(middleware, { ready: core.ready });
}

function fromKoa(ctx: KoaContext, options: ResolvedOptions): Incoming {
	const { req, res } = ctx;
	const query = ctx.originalUrl.indexOf('?');
	const originalPath = query === -1 ? ctx.originalUrl : ctx.originalUrl.slice(0, query);
	const { base, path } = mounted(ctx, originalPath);
	return {
		method: ctx.method,
		path,
		originalPath,
		base,
		url: () => {
			if (!ctx.host) throw new RequestError(400, 'Bad Request', 'The request has no Host header');
			try {
				return new URL(`${ctx.protocol}://${ctx.host}${ctx.originalUrl}`);
			} catch {
				throw new RequestError(400, 'Bad Request', `Invalid request URL: ${JSON.stringify(ctx.originalUrl)}`);
			}
		},
		header: (name) => {
			const value = req.headers[name];
			return Array.isArray(value) ? value.join(', ') : value;
		},
		request: (url) => nodeBridge.request(req, res, url.href, { bodySizeLimit: options.bodySizeLimit, parsed: ctx.request }),
		locals: ctx.state,
		platform: { req, res, ctx },
		getClientAddress: () => ctx.ip,
		depth: 0
	};
}

/**
 * Where the middleware is mounted. koa-mount rewrites ctx.path to the part below its prefix
 * (below all of them, when mounts nest); @koa/router leaves ctx.path whole, and its route
 * pattern (`/api/{*rest}`) says where the static prefix ends.
 */
function mounted(ctx: KoaContext, originalPath: string): { base: string; path: string } {
	let path = ctx.path;
	let base = mountPoint(originalPath, path);
	if (typeof ctx.routerPath === 'string') {
		const prefix = ctx.routerPath.split(/[:{(*]/)[0]!.replace(/\/+$/, '');
		if (prefix && path.toLowerCase().startsWith(prefix.toLowerCase())) {
			base += path.slice(0, prefix.length);
			path = path.slice(prefix.length) || '/';
		}
	}
	return { base, path };
}
