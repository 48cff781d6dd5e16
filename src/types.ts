import type { Cookies } from './cookies.js';
import type { KitError } from './kit.js';

export type { Cookies, CookieOptions } from './cookies.js';
export type { KitError } from './kit.js';

/**
 * What `event.locals` holds. Augment it to type your own fields:
 *
 * @example
 * declare module 'kit-endpoints' {
 *   interface Locals { user?: { id: string } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Locals extends Record<string, any> {}

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
	platform: Readonly<Record<string, any>> | undefined;
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

/** SvelteKit's `handleError`: turns an unexpected error into the body the client sees. */
export type HandleServerError = (input: {
	error: unknown;
	event: RequestEvent;
	status: number;
	message: string;
}) => MaybePromise<void | KitError>;

export interface EndpointsOptions {
	/** Directory of param matchers; default: `params` beside the routes directory. */
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
	/** Page component extensions; default `['.svelte']`. */
	extensions?: string[];
	/** Development mode: SvelteKit's dev-only checks. Default: `NODE_ENV === 'development'`. */
	dev?: boolean;
}
