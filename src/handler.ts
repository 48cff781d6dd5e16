import { createAppLoader } from './app-loader.js';
import { runWithEvent } from './app/runtime.js';
import { createCookieJar, type CookieJar } from './cookies/index.js';
import { renderEndpoint } from './endpoint.js';
import { errorResponse } from './error-page.js';
import { RequestError } from './errors.js';
import { createEvent, createFetch, TRACING, type Incoming } from './event.js';
import { asHttpError, asRedirect, json, text } from './kit.js';
import { isEndpointRequest, prefersJson } from './negotiate.js';
import type { ResolvedOptions } from './options.js';
import type { Route } from './routes/types.js';
import type { AppHooks } from './server-hooks.js';
import type { HandleFetch, RequestEvent } from './types.js';

/**
 * How the core answers: a Response, or `next` with what it learnt for the host's sake: the
 * route, and whether the host's page shares it with an endpoint (then GET varies on Accept).
 */
export type Outcome =
	| { response: Response; routeId: string | null; onBodyError?: (error: unknown) => void }
	| { response?: undefined; routeId: string | null; varyAccept: boolean };

const PASS: Outcome = { routeId: null, varyAccept: false };
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata']);
// characters that reach the URL parser unchanged: such a path needs no parsing to be a pathname
const PLAIN_PATH = /^\/[\w\-.~!$&'()*+,;=:@%/]*$/;
// `.`, `..` and their encoded forms as whole segments, which the URL parser resolves away
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

export interface Core {
	/** resolves when the route tree is loaded; rejects with its RouteTreeError */
	ready: Promise<void>;
	/** an Outcome at once for requests that are not ours, a promise of one otherwise */
	handle(incoming: Incoming): Outcome | Promise<Outcome>;
}

/** The host-neutral middleware: a request in, a Response (or "not ours") out. */
export function createCore(options: ResolvedOptions): Core {
	const loader = createAppLoader(options);

	/**
	 * Synchronous for requests that are not ours: matching needs no await, and the host's next()
	 * is then called in the same tick, as if this middleware were not there.
	 */
	const handle = (incoming: Incoming): Outcome | Promise<Outcome> => {
		const app = loader.current();
		if (!app) return loader.loading().then(() => handle(incoming));
		const { tree, hooks } = app;
		const pathname = toPathname(incoming.path);
		if (isReserved(pathname)) return PASS;

		let found;
		try {
			found = tree.match(pathname);
		} catch (error) {
			return frameworkError(incoming, hooks, error as RequestError).then((response) => ({ response, routeId: null }));
		}
		if (!found) return PASS;

		const { route, params } = found;
		const page = route.pages.length > 0 || options.hostPage(route.id);
		if (!route.module) return { routeId: route.id, varyAccept: false };
		if (page && !isEndpointRequest(incoming.method, incoming.header('accept'), incoming.header('x-sveltekit-action'))) {
			return { routeId: route.id, varyAccept: true };
		}
		return respond(incoming, route, params, page, hooks);
	};

	/** The endpoint's answer to a request it takes. */
	const respond = async (
		incoming: Incoming,
		route: Route,
		params: Record<string, string>,
		page: boolean,
		hooks: AppHooks
	): Promise<Outcome> => {
		const module = route.module!;
		// the URL and the cookie jar are built only if something asks for them
		let url: URL | undefined;
		const getUrl = () => (url ??= incoming.url());
		let jar: CookieJar | undefined;
		let generated = false;
		const getJar = () => {
			if (!jar) {
				jar = createCookieJar(incoming.header('cookie'), getUrl(), { dev: options.dev });
				// first touched after the response: set() must throw as it would have
				if (generated) jar.lock();
			}
			return jar;
		};

		try {
			const forbidden = checkOrigin(incoming, getUrl);
			if (forbidden) return { response: forbidden, routeId: route.id };
			const redirect = normalizeRoot(incoming, module.trailingSlash, getUrl);
			if (redirect) return { response: redirect, routeId: route.id };
		} catch (error) {
			return { response: await frameworkError(incoming, hooks, error as RequestError), routeId: route.id };
		}

		const { event, headers, lock } = createEvent(incoming, getUrl, route, params, getJar, () => {
			const fetch = createFetch(incoming, getUrl, getJar, dispatch);
			return hooks.handleFetch ? withHandleFetch(fetch, hooks.handleFetch, event, getUrl) : fetch;
		});

		/** SvelteKit's resolve: the endpoint's response, or its error's, with setHeaders and cookies */
		const resolve = async (given: RequestEvent): Promise<Response> => {
			let response: Response;
			try {
				// handle may pass on another event; its request then says which method runs
				const method = given === event ? incoming.method : given.request.method;
				response = await runWithEvent(given, () => renderEndpoint(given, method, route));
				if (method === 'GET' && page) response = varyAccept(response);
			} catch (error) {
				response = await fatalError(given, incoming, hooks, error);
			} finally {
				generated = true;
				jar?.lock();
				lock();
			}
			try {
				// as SvelteKit: setHeaders wins over the Response's own headers, cookies add up
				for (const [name, value] of headers) response.headers.set(name, value);
				if (jar) for (const line of jar.setCookieHeaders()) response.headers.append('set-cookie', line);
			} catch (error) {
				response = await fatalError(given, incoming, hooks, error);
			}
			return response;
		};

		let response: Response;
		if (!hooks.handle) {
			response = await resolve(event);
		} else {
			const handleHook = hooks.handle;
			try {
				response = await runWithEvent(event, () => handleHook({ event, resolve }));
				if (!(response instanceof Response)) {
					throw new Error(`handle must return a Response (it returned ${describeValue(response)})`);
				}
			} catch (error) {
				// thrown by handle itself: a redirect keeps the cookies set so far, any other error
				// answers bare, as in SvelteKit
				response = handleHookFailure(error, jar) ?? (await fatalError(event, incoming, hooks, error));
			}
		}

		return {
			response: notModified(incoming, response) ?? response,
			routeId: route.id,
			// a body that fails once its headers are out is reported like any unexpected error
			onBodyError: (error) => void callHandleError(hooks, error, event, 500, 'Internal Error')
		};
	};

	/** event.fetch to this app: served in-process, one level deeper */
	const dispatch = async (request: Request, parent: Incoming): Promise<Response | undefined> => {
		const url = new URL(request.url);
		const outcome = await handle({
			method: request.method,
			path: url.pathname.slice(parent.base.length) || '/',
			originalPath: url.pathname,
			base: parent.base,
			url: () => url,
			header: (name) => request.headers.get(name) ?? undefined,
			request: () => request,
			locals: {},
			platform: parent.platform,
			getClientAddress: parent.getClientAddress,
			depth: parent.depth + 1
		});
		return outcome.response;
	};

	const checkOrigin = (incoming: Incoming, getUrl: () => URL): Response | undefined => {
		if (!options.checkOrigin) return undefined;
		const method = incoming.method;
		if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH' && method !== 'DELETE') return undefined;
		const type = incoming.header('content-type');
		if (type === undefined || !FORM_TYPES.has(type.split(';')[0]!.trim().toLowerCase())) return undefined;
		const origin = incoming.header('origin');
		if (origin === getUrl().origin || (origin !== undefined && options.trustedOrigins.includes(origin))) return undefined;

		const message = `Cross-site ${method} form submissions are forbidden`;
		return incoming.header('accept') === 'application/json'
			? json({ message }, { status: 403 })
			: text(message, { status: 403 });
	};

	/** SvelteKit's handle_fatal_error: the error's status and body, as JSON or as the error page. */
	const fatalError = async (event: RequestEvent, incoming: Incoming, hooks: AppHooks, thrown: unknown): Promise<Response> => {
		const httpError = asHttpError(thrown);
		if (httpError) {
			return respondWithError(incoming, httpError.status, { message: 'Unknown Error', ...httpError.body });
		}
		const error = coalesceToError(thrown);
		const status = error instanceof RequestError ? error.status : 500;
		const message = error instanceof RequestError ? error.text : 'Internal Error';
		return respondWithError(incoming, status, await callHandleError(hooks, error, event, status, message));
	};

	/** Errors before there is an event (malformed URI, no Host): always the error page, as SvelteKit. */
	const frameworkError = async (incoming: Incoming, hooks: AppHooks, error: RequestError): Promise<Response> => {
		if (!(error instanceof RequestError)) throw error;
		const event = bareEvent(incoming);
		const body = await callHandleError(hooks, error, event, error.status, error.text);
		try {
			return errorResponse(error.status, body, 'html', options.errorTemplate);
		} catch {
			return text(error.text, { status: error.status });
		}
	};

	const callHandleError = async (hooks: AppHooks, error: unknown, event: RequestEvent, status: number, message: string) => {
		try {
			return (await hooks.handleError({ error, event, status, message })) ?? { message };
		} catch (failure) {
			console.error('handleError threw while handling an error:', failure, '\nThe original error:', error);
			return { message };
		}
	};

	const respondWithError = (incoming: Incoming, status: number, body: Record<string, unknown>): Response => {
		const format = prefersJson(incoming.header('accept')) ? 'json' : 'html';
		try {
			return errorResponse(status, body, format, options.errorTemplate);
		} catch (error) {
			// a handleError body without a string message cannot fill the page: SvelteKit fails too
			console.error('kit-endpoints: cannot render the error page:', error);
			return text('Internal Server Error', { status: 500 });
		}
	};

	return { ready: loader.ready, handle };
}

/**
 * The pathname SvelteKit routes on is that of `new URL(request.url)`: dot segments resolved,
 * backslashes turned into slashes. Most paths need none of that.
 */
function toPathname(path: string): string {
	if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return path;
	return new URL(`http://localhost${path.startsWith('/') ? '' : '/'}${path}`).pathname;
}

/** SvelteKit serves its own data and asset requests on these; never an endpoint. */
function isReserved(pathname: string): boolean {
	return (
		pathname.endsWith('/__data.json') ||
		pathname.endsWith('.html__data.json') ||
		pathname.endsWith('/__route.js') ||
		pathname.startsWith('/_app')
	);
}

/**
 * SvelteKit's trailing-slash redirect (308, v2's absolute location). The mount point itself,
 * like SvelteKit's base path, always takes a slash.
 */
function normalizeRoot(incoming: Incoming, option: unknown, getUrl: () => URL): Response | undefined {
	const pathname = toPathname(incoming.originalPath);
	const mode = pathname === incoming.base || pathname === `${incoming.base}/` ? 'always' : ((option as string | undefined) ?? 'never');
	const normalized = normalizeTrailingSlash(pathname, mode);
	if (normalized === pathname) return undefined;
	const url = getUrl();
	const location = (normalized.startsWith('//') ? url.origin + normalized : normalized) + url.search;
	return new Response(undefined, { status: 308, headers: { 'x-sveltekit-normalize': '1', location } });
}

function normalizeTrailingSlash(pathname: string, mode: string): string {
	if (pathname === '/' || mode === 'ignore') return pathname;
	if (mode === 'never') return pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
	return pathname.endsWith('/') ? pathname : `${pathname}/`;
}

/** A route with a page and an endpoint answers GET both ways: caches must key on Accept. */
function varyAccept(response: Response): Response {
	const vary = response.headers.get('vary')?.split(',').map((v) => v.trim().toLowerCase());
	if (vary?.includes('accept') || vary?.includes('*')) return response;
	// the handler's Response may have immutable headers
	const copy = new Response(response.body, response);
	copy.headers.append('vary', 'Accept');
	return copy;
}

/** 304 for a 200 whose etag the client has, keeping the headers RFC 7232 asks for. */
function notModified(incoming: Incoming, response: Response): Response | undefined {
	if (response.status !== 200) return undefined;
	const etag = response.headers.get('etag');
	if (etag === null) return undefined;
	let match = incoming.header('if-none-match');
	if (match?.startsWith('W/"')) match = match.slice(2);
	if (match !== etag) return undefined;

	const headers = new Headers({ etag });
	for (const name of ['cache-control', 'content-location', 'date', 'expires', 'vary']) {
		const value = response.headers.get(name);
		if (value) headers.set(name, value);
	}
	for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
	void response.body?.cancel().catch(() => {});
	return new Response(undefined, { status: 304, headers });
}

/** A redirect thrown by handle: SvelteKit answers it with the cookies set so far. */
function handleHookFailure(thrown: unknown, jar: CookieJar | undefined): Response | undefined {
	const redirect = asRedirect(thrown);
	if (!redirect) return undefined;
	const response = new Response(undefined, { status: redirect.status, headers: { location: redirect.location } });
	if (jar) for (const line of jar.setCookieHeaders()) response.headers.append('set-cookie', line);
	return response;
}

/** SvelteKit's event.fetch under a handleFetch hook: the hook sees each request first. */
function withHandleFetch(fetch: typeof globalThis.fetch, hook: HandleFetch, event: RequestEvent, getUrl: () => URL): typeof globalThis.fetch {
	return async (input, init) => {
		const request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), getUrl()), init);
		return hook({ event, request, fetch });
	};
}

function describeValue(value: unknown): string {
	if (value === null || value === undefined) return String(value);
	return typeof value === 'object' ? `an object of class ${value.constructor?.name ?? 'Object'}` : typeof value;
}

/** As SvelteKit: Errors and `{ name, message }` objects are kept; anything else is wrapped. */
function coalesceToError(thrown: unknown): Error {
	try {
		if (thrown instanceof Error) return thrown;
		const candidate = thrown as { name?: unknown; message?: unknown } | null;
		if (candidate && typeof candidate === 'object' && candidate.name && candidate.message) return candidate as Error;
		return new Error(JSON.stringify(thrown));
	} catch {
		return new Error('A value that cannot be described was thrown');
	}
}

/** The event handleError sees for errors found before routing. */
function bareEvent(incoming: Incoming): RequestEvent {
	let url: URL;
	try {
		url = incoming.url();
	} catch {
		url = new URL(`http://localhost${incoming.base}`);
	}
	return {
		cookies: undefined as never,
		fetch,
		getClientAddress: incoming.getClientAddress,
		locals: incoming.locals,
		params: {},
		platform: incoming.platform,
		get request() {
			return incoming.request(url);
		},
		route: { id: null },
		setHeaders() {},
		url,
		isDataRequest: false,
		isSubRequest: incoming.depth > 0,
		isRemoteRequest: false,
		tracing: TRACING
	};
}
