import type { Locals, Platform } from '../types.js';

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
	/** the query as the client sent it, still encoded, without its `?`; '' when there is none */
	query(): string;
	/** a request header, by lower-case name */
	header(name: string): string | undefined;
	/** the Fetch Request; built on first call */
	request(url: URL): Request;
	locals: Locals;
	platform: Platform | undefined;
	getClientAddress(): string;
	/** 0 for a client's request, 1 and more for event.fetch calls served in-process */
	depth: number;
	/** takes each unexpected error of the request for the host, when it asked for them (`forwardErrors`) */
	unexpected?(error: unknown): void;
}

/**
 * How the core answers: a Response, or `next` with what it learnt for the host's sake: the
 * route, and whether the host's page shares it with an endpoint (then GET varies on Accept).
 */
export type Outcome =
	| { response: Response; routeId: string | null; onBodyError?: (error: unknown) => void }
	| { response?: undefined; routeId: string | null; varyAccept: boolean };

/** Where a Fetch Request stands, when it is served without a host framework. */
export interface RequestContext {
	/** the mount point; default '' */
	base?: string;
	locals?: Locals;
	platform?: Platform;
	getClientAddress?(): string;
	depth?: number;
	unexpected?(error: unknown): void;
}

/**
 * A Fetch Request as an Incoming: event.fetch's requests to this app, and anything else that
 * serves a core without Node's objects (tests, tools).
 */
export function incomingFromRequest(request: Request, context: RequestContext = {}): Incoming {
	const url = new URL(request.url);
	const base = context.base ?? '';
	return {
		method: request.method,
		path: url.pathname.slice(base.length) || '/',
		originalPath: url.pathname,
		base,
		url: () => url,
		query: () => url.search.slice(1),
		header: (name) => request.headers.get(name) ?? undefined,
		request: () => request,
		locals: context.locals ?? {},
		platform: context.platform,
		getClientAddress: () => {
			if (context.getClientAddress) return context.getClientAddress();
			throw new Error('Could not determine clientAddress');
		},
		depth: context.depth ?? 0,
		unexpected: context.unexpected
	};
}
