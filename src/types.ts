import type { Cookies } from './cookies/index.js';
import type { CompareOptions } from './compare/types.js';
import type { KitError } from './kit/index.js';

export type { Cookies, CookieOptions } from './cookies/index.js';
export type { KitError } from './kit/index.js';
export type { CompareDifference, CompareEvent, CompareOptions, CompareOutcome, CompareResult, ComparedRoute } from './compare/types.js';

declare global {
	/**
	 * SvelteKit's `App` namespace, so that a SvelteKit app's `src/app.d.ts` types `event.locals`
	 * here too.
	 */
	// eslint-disable-next-line @typescript-eslint/no-namespace
	namespace App {
		// eslint-disable-next-line @typescript-eslint/no-empty-object-type
		interface Locals {}
	}
}

/**
 * What `event.locals` holds. Augment SvelteKit's `App.Locals`, or this interface, to type your
 * own fields:
 *
 * @example
 * declare global {
 *   namespace App { interface Locals { user?: { id: string } } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field, as in SvelteKit
export interface Locals extends App.Locals, Record<string, any> {}

/** The host's own objects: `{ req, res }` in Express, `{ req, res, ctx }` in Koa. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed, as SvelteKit's App.Platform
export type Platform = Readonly<Record<string, any>>;

/**
 * The part of an OpenTelemetry `Span` that SvelteKit's `event.tracing` offers. Spans here are
 * no-ops: tracing is off, as in SvelteKit without `experimental.tracing.server`.
 */
export interface TracingSpan {
	spanContext(): { traceId: string; spanId: string; traceFlags: number };
	setAttribute(key: string, value: unknown): TracingSpan;
	setAttributes(attributes: Record<string, unknown>): TracingSpan;
	addEvent(name: string, ...rest: unknown[]): TracingSpan;
	addLink(link: unknown): TracingSpan;
	addLinks(links: unknown[]): TracingSpan;
	setStatus(status: unknown): TracingSpan;
	updateName(name: string): TracingSpan;
	end(endTime?: unknown): void;
	isRecording(): boolean;
	recordException(exception: unknown, time?: unknown): void;
}

/** The argument of every `+server` handler, as in SvelteKit. */
export interface RequestEvent<
	Params extends Partial<Record<string, string>> = Partial<Record<string, string>>,
	RouteId extends string | null = string | null
> {
	/** Get or set cookies of this request; set cookies go out with the response. */
	cookies: Cookies;
	/** `fetch` that serves this app's own endpoints in-process, forwarding cookies. */
	fetch: typeof fetch;
	/** The client's IP address, as the host framework determines it (`trust proxy` honoured). */
	getClientAddress(): string;
	/** Per-request data shared with the host's middleware (`res.locals` in Express, `ctx.state` in Koa). */
	locals: Locals;
	/** The route's params, decoded. */
	params: Params;
	/** The host's own objects: `{ req, res }` in Express, `{ req, res, ctx }` in Koa. */
	platform: Platform | undefined;
	/** The request, a standard Fetch `Request`, built only when first read. */
	request: Request;
	route: { id: RouteId };
	/** Headers to add to the response; they override the returned Response's own. */
	setHeaders(headers: Record<string, string>): void;
	/** The full URL the client requested, mount path included. */
	url: URL;
	isDataRequest: boolean;
	isSubRequest: boolean;
	isRemoteRequest: boolean;
	/** SvelteKit's tracing spans; always disabled here, so every call is a no-op. */
	tracing: { enabled: boolean; root: TracingSpan; current: TracingSpan };
}

export type RequestHandler<
	Params extends Partial<Record<string, string>> = Partial<Record<string, string>>,
	RouteId extends string | null = string | null
> = (event: RequestEvent<Params, RouteId>) => Response | Promise<Response>;

export type MaybePromise<T> = T | Promise<T>;

/**
 * SvelteKit's `handleError`: turns an unexpected error into the body the client sees. Under
 * SvelteKit 3 (`kit: 3`) it sees every error, told its `kind`; `error` is then the body of an
 * `error()` or a framework error, and `status` and `message` are given in dev only (deprecated);
 * what it returns is merged over the body, whose `status` is the response's.
 */
export type HandleServerError = (input: {
	error: unknown;
	event: RequestEvent;
	status: number;
	message: string;
	/** SvelteKit 3: `app` for `error()`, `framework` for a client error the runtime found, else `unknown` */
	kind?: 'app' | 'framework' | 'validation' | 'unknown';
}) => MaybePromise<void | KitError>;

/** SvelteKit's `resolve` options; they shape pages only, so endpoints ignore them. */
export interface ResolveOptions {
	transformPageChunk?(input: { html: string; done: boolean }): MaybePromise<string | undefined>;
	filterSerializedResponseHeaders?(name: string, value: string): boolean;
	preload?(input: { type: 'font' | 'css' | 'js' | 'asset'; path: string }): boolean;
}

/** SvelteKit's `handle` hook: runs around every endpoint request this middleware takes. */
export type Handle = (input: {
	event: RequestEvent;
	resolve: (event: RequestEvent, options?: ResolveOptions) => Promise<Response>;
}) => MaybePromise<Response>;

/** SvelteKit's `handleFetch` hook: sees every `event.fetch` call. */
export type HandleFetch = (input: { event: RequestEvent; request: Request; fetch: typeof fetch }) => MaybePromise<Response>;

/** SvelteKit's `init` hook: runs once, before the first request. */
export type ServerInit = () => MaybePromise<void>;

/** The exports of `src/hooks.server.js` that apply to endpoints. */
export interface ServerHooks {
	handle?: Handle;
	handleError?: HandleServerError;
	handleFetch?: HandleFetch;
	init?: ServerInit;
}

export interface EndpointsOptions {
	/**
	 * The SvelteKit major whose behaviour the endpoints follow. Default: the major of the
	 * `@sveltejs/kit` the route files resolve, else 3, the current release.
	 */
	kit?: 2 | 3;
	/**
	 * Where the param matchers are; default: `params` beside the routes directory. SvelteKit 2: a
	 * directory of `<name>.js` modules exporting `match`. SvelteKit 3: the module exporting
	 * `params = defineParams({...})`, `params.js` or `params/index.js` when the extension is left out.
	 */
	params?: string;
	/** Largest request body read, in bytes or as `'512K'`, `'1M'`; default 512K; `Infinity` for none. */
	bodySizeLimit?: number | string;
	/** Cross-site form post protection, on by default as in SvelteKit. */
	csrf?: { checkOrigin?: boolean; trustedOrigins?: string[] };
	/**
	 * Routes that also have a page rendered by the host app: requests that prefer HTML go to
	 * the host for them. Route ids (which may be routes of their own), or a predicate.
	 */
	pages?: string[] | ((routeId: string) => boolean);
	/** The error page; default: `error.html` beside the routes directory, else a built-in page. */
	errorTemplate?: string;
	/** Called for unexpected errors; its return value is the error body. Default: logs the error. */
	handleError?: HandleServerError;
	/**
	 * Also hand each unexpected error (one handleError saw as `unknown`: a 500) to the host app, once
	 * its response is sent: Koa's `app.emit('error', error, ctx)`; under Express, Connect and Polka,
	 * `next(error)` to the error middleware (an AggregateError when a request had several). Default false.
	 */
	forwardErrors?: boolean;
	/**
	 * Hono's trade, for speed: replaces the global `Response`, `Request` and `fetch`, process-wide,
	 * with light ones: a Response with a string or bytes body is written without undici building
	 * headers and a body stream, and `event.request` builds its headers and body only when read.
	 * Everything else is a real Response or Request made on first use. See the README for what it
	 * changes and could break. Default false.
	 */
	lightGlobals?: boolean;
	/** Page component extensions; default `['.svelte']`. */
	extensions?: string[];
	/**
	 * Development mode: route files, matchers, hooks and `$lib` are reloaded when they change,
	 * and SvelteKit's dev-only checks apply. Default: `NODE_ENV === 'development'`.
	 */
	dev?: boolean;
	/**
	 * SvelteKit's `src/hooks.server.js`: its path, whose `handle`, `handleError`, `handleFetch`
	 * and `init` then apply as in SvelteKit; or those functions themselves.
	 */
	hooks?: string | ServerHooks;
	/** What `$lib` points at; default: `lib` beside the routes directory (`src/lib`). */
	lib?: string;
	/** SvelteKit's `kit.env`: where `.env` files are (default: the working directory), and the prefixes. */
	env?: { dir?: string; publicPrefix?: string; privatePrefix?: string };
	/** `version` from `$app/environment`; default: the time the middleware was created, as SvelteKit's. */
	version?: string;
	/**
	 * What goes on to the host's `next()`. `'unmatched'` (default, SvelteKit's behaviour): only
	 * paths no route matches. `'unhandled'`: also requests for a method the route's `+server`
	 * file does not export (no `fallback` either), which SvelteKit answers with a 405, so that the
	 * legacy routes keep the verbs of a half-moved resource.
	 */
	fallthrough?: Fallthrough;
	/**
	 * Compare mode, for a route on its way from the host app to a `+server` file: the legacy
	 * handler and the endpoint both answer the chosen requests, one is served, and differences
	 * between their answers go to `onDifference`.
	 */
	compare?: CompareOptions;
	/**
	 * Load route files, matchers, hooks and `$lib` through Vite's module runner, with the app's
	 * `vite.config.*`. Default: when the app has a Vite config beside its `package.json` and `vite`
	 * resolves from there. `false` uses kit-endpoints' own Node loader.
	 */
	vite?: boolean;
}

/** See {@link EndpointsOptions.fallthrough}. */
export type Fallthrough = 'unmatched' | 'unhandled';
