import type { Route } from '../routes/types.js';
import type { RequestEvent, TracingSpan } from '../types.js';
import type { RequestScope } from './scope.js';

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
const TRACING = Object.freeze({ enabled: false, root: NOOP_SPAN, current: NOOP_SPAN });

/** The RequestEvent of an endpoint request; `fetch` and `request` are built on first read. */
export function createEvent(
	scope: RequestScope,
	route: Route,
	params: Record<string, string>,
	makeFetch: () => typeof fetch
): EventControl {
	const incoming = scope.incoming;
	const headers = new Map<string, string>();
	let locked = false;
	let request: Request | undefined;
	let fetchFn: typeof fetch | undefined;

	const event: RequestEvent = {
		get cookies() {
			return scope.jar().cookies;
		},
		get fetch() {
			return (fetchFn ??= makeFetch());
		},
		set fetch(value) {
			fetchFn = value;
		},
		getClientAddress: () => incoming.getClientAddress(),
		locals: incoming.locals,
		params,
		platform: incoming.platform,
		get request() {
			return (request ??= incoming.request(scope.url()));
		},
		set request(value) {
			request = value;
		},
		route: { id: route.id },
		setHeaders(added) {
			if (locked) throw new Error('Cannot use `setHeaders(...)` after the response has been generated');
			for (const key of Object.keys(added)) addHeader(headers, key, added[key]!);
		},
		get url() {
			return scope.url();
		},
		isDataRequest: false,
		isSubRequest: incoming.depth > 0,
		isRemoteRequest: false,
		tracing: TRACING
	};

	return { event, headers, lock: () => void (locked = true) };
}

/** SvelteKit's setHeaders rules: one value per header, but server-timing adds up. */
function addHeader(headers: Map<string, string>, key: string, value: string): void {
	const name = key.toLowerCase();
	if (name === 'set-cookie') {
		throw new Error('Use `event.cookies.set(name, value, options)` instead of `event.setHeaders` to set cookies');
	}
	const earlier = headers.get(name);
	if (earlier === undefined) headers.set(name, value);
	else if (name === 'server-timing') headers.set(name, `${earlier}, ${value}`);
	else throw new Error(`"${key}" header is already set`);
}

/** The event handleError sees for errors found before routing. */
export function bareEvent(scope: RequestScope): RequestEvent {
	const incoming = scope.incoming;
	let url: URL;
	try {
		url = scope.url();
	} catch {
		url = new URL(`http://localhost${incoming.base}`);
	}
	return {
		cookies: undefined as never,
		fetch,
		getClientAddress: () => incoming.getClientAddress(),
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
