import type { CookieJar } from './cookies/index.js';
import type { Route } from './routes/types.js';
import type { Locals, RequestEvent, TracingSpan } from './types.js';

/** What the core knows of a request, whichever host (or event.fetch) it came from. */
export interface Incoming {
	method: string;
	/** the path below the mount point, still percent-encoded, without the query */
	path: string;
	/** the path as the client sent it, mount point included, still encoded, without the query */
	originalPath: string;
	/** the mount point: '' at the root, '/api' under app.use('/api', ...) */
	base: string;
	/** the full URL as the client sent it; may throw a 400 RequestError (no usable Host) */
	url(): URL;
	/** a request header, by lower-case name */
	header(name: string): string | undefined;
	/** the Fetch Request; built on first call */
	request(url: URL): Request;
	locals: Locals;
	platform: Readonly<Record<string, any>> | undefined;
	getClientAddress(): string;
	/** 0 for a client's request, 1 and more for event.fetch calls served in-process */
	depth: number;
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

export interface EventControl {
	event: RequestEvent;
	/** headers given to setHeaders, lower-cased */
	headers: Map<string, string>;
	/** after the response is generated, setHeaders throws as in SvelteKit */
	lock(): void;
}

/** A span that records nothing, as OpenTelemetry's own no-op span. */
const NOOP_SPAN: TracingSpan = {
	spanContext: () => ({ traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 }),
	setAttribute: () => NOOP_SPAN,
	setAttributes: () => NOOP_SPAN,
	addEvent: () => NOOP_SPAN,
	addLink: () => NOOP_SPAN,
	addLinks: () => NOOP_SPAN,
	setStatus: () => NOOP_SPAN,
	updateName: () => NOOP_SPAN,
	end: () => {},
	isRecording: () => false,
	recordException: () => {}
};
export const TRACING = Object.freeze({ enabled: false, root: NOOP_SPAN, current: NOOP_SPAN });

export function createEvent(
	incoming: Incoming,
	getUrl: () => URL,
	route: Route,
	params: Record<string, string>,
	getJar: () => CookieJar,
	makeFetch: () => typeof fetch
): EventControl {
	const headers = new Map<string, string>();
	let locked = false;
	let request: Request | undefined;
	let fetchFn: typeof fetch | undefined;

	const event: RequestEvent = {
		get cookies() {
			return getJar().cookies;
		},
		get fetch() {
			return (fetchFn ??= makeFetch());
		},
		set fetch(value) {
			fetchFn = value;
		},
		getClientAddress: incoming.getClientAddress,
		locals: incoming.locals,
		params,
		platform: incoming.platform,
		get request() {
			return (request ??= incoming.request(getUrl()));
		},
		set request(value) {
			request = value;
		},
		route: { id: route.id },
		setHeaders(added) {
			if (locked) throw new Error('Cannot use `setHeaders(...)` after the response has been generated');
			for (const key of Object.keys(added)) {
				const name = key.toLowerCase();
				const value = added[key]!;
				if (name === 'set-cookie') {
					throw new Error('Use `event.cookies.set(name, value, options)` instead of `event.setHeaders` to set cookies');
				}
				const earlier = headers.get(name);
				if (earlier === undefined) headers.set(name, value);
				else if (name === 'server-timing') headers.set(name, `${earlier}, ${value}`);
				else throw new Error(`"${key}" header is already set`);
			}
		},
		get url() {
			return getUrl();
		},
		isDataRequest: false,
		isSubRequest: incoming.depth > 0,
		isRemoteRequest: false,
		tracing: TRACING
	};

	return { event, headers, lock: () => void (locked = true) };
}

/**
 * SvelteKit's event.fetch: URLs of this app are served in-process, with the request's
 * cookies and authorization; anything else goes out through the global fetch.
 */
export function createFetch(
	incoming: Incoming,
	getUrl: () => URL,
	getJar: () => CookieJar,
	dispatch: (request: Request, parent: Incoming) => Promise<Response | undefined>
): typeof fetch {
	return async (input, init) => {
		const url = getUrl();
		const jar = getJar();
		const request =
			input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), url), init);
		const target = new URL(request.url);
		const sameOrigin = target.origin === url.origin;

		if (!request.headers.has('origin')) request.headers.set('origin', url.origin);
		if (
			(request.method === 'GET' || request.method === 'HEAD') &&
			(sameOrigin || request.mode === 'no-cors')
		) {
			request.headers.delete('origin');
		}

		if (!sameOrigin || !isWithin(target.pathname, incoming.base)) {
			if (request.credentials !== 'omit' && `.${target.hostname}`.endsWith(`.${url.hostname}`)) {
				const cookie = jar.cookieHeaderFor(target, request.headers.get('cookie'));
				if (cookie) request.headers.set('cookie', cookie);
			}
			return fetch(request);
		}

		if (request.credentials !== 'omit') {
			const cookie = jar.cookieHeaderFor(target, request.headers.get('cookie'));
			if (cookie) request.headers.set('cookie', cookie);
			const authorization = incoming.header('authorization');
			if (authorization && !request.headers.has('authorization')) request.headers.set('authorization', authorization);
		}
		if (!request.headers.has('accept')) request.headers.set('accept', '*/*');
		const language = incoming.header('accept-language');
		if (language && !request.headers.has('accept-language')) request.headers.set('accept-language', language);

		// no route of ours: the host app may serve it, over the network
		const response = (await dispatch(request, incoming)) ?? (await fetch(request, { redirect: 'manual' }));
		for (const line of response.headers.getSetCookie()) jar.setInternal(line, target);
		return response;
	};
}

function isWithin(pathname: string, base: string): boolean {
	return !base || pathname === base || pathname.startsWith(`${base}/`);
}
