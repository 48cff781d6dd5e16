/**
 * SvelteKit's event.fetch (runtime/server/fetch.js): URLs of this app are served in-process,
 * with the request's cookies and authorization; anything else goes out through the global fetch.
 */
import type { HandleFetch, RequestEvent } from '../types.js';
import { incomingFromRequest, type Incoming, type Outcome } from './incoming.js';
import type { RequestScope } from './scope.js';

/** Serves a request of this app's, as a client's request is served. */
export type Serve = (incoming: Incoming) => Outcome | Promise<Outcome>;

export function createFetch(scope: RequestScope, serve: Serve): typeof fetch {
	const incoming = scope.incoming;
	return async (input, init) => {
		const url = scope.url();
		const jar = scope.jar();
		const request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), url), init);
		const target = new URL(request.url);
		const sameOrigin = target.origin === url.origin;

		if (!request.headers.has('origin')) request.headers.set('origin', url.origin);
		if ((request.method === 'GET' || request.method === 'HEAD') && (sameOrigin || request.mode === 'no-cors')) {
			request.headers.delete('origin');
		}

		if (!sameOrigin || !isUnderBase(target.pathname, incoming.base)) {
			if (request.credentials !== 'omit' && `.${target.hostname}`.endsWith(`.${url.hostname}`)) {
				const cookie = jar.cookieHeaderFor(target, request.headers.get('cookie'));
				if (cookie) request.headers.set('cookie', cookie);
			}
			return fetch(request);
		}

		addInheritedHeaders(request, incoming, scope, target);
		// no route of ours: the host app may serve it, over the network
		const outcome = await serve(subRequest(request, incoming));
		const response = outcome.response ?? (await fetch(request, { redirect: 'manual' }));
		for (const line of response.headers.getSetCookie()) jar.setInternal(line, target);
		return response;
	};
}

/** What a same-app request takes from the request that made it. */
function addInheritedHeaders(request: Request, incoming: Incoming, scope: RequestScope, target: URL): void {
	if (request.credentials !== 'omit') {
		const cookie = scope.jar().cookieHeaderFor(target, request.headers.get('cookie'));
		if (cookie) request.headers.set('cookie', cookie);
		const authorization = incoming.header('authorization');
		if (authorization && !request.headers.has('authorization')) request.headers.set('authorization', authorization);
	}
	if (!request.headers.has('accept')) request.headers.set('accept', '*/*');
	const language = incoming.header('accept-language');
	if (language && !request.headers.has('accept-language')) request.headers.set('accept-language', language);
}

/** An event.fetch request to this app, served in-process one level deeper. */
function subRequest(request: Request, parent: Incoming): Incoming {
	return incomingFromRequest(request, {
		base: parent.base,
		platform: parent.platform,
		getClientAddress: () => parent.getClientAddress(),
		depth: parent.depth + 1,
		// an unexpected error served in-process is still one of the host's request
		unexpected: parent.unexpected
	});
}

/** SvelteKit's event.fetch under a handleFetch hook: the hook sees each request first. */
export function withHandleFetch(
	fetch: typeof globalThis.fetch,
	hook: HandleFetch,
	event: RequestEvent,
	scope: RequestScope
): typeof globalThis.fetch {
	return async (input, init) => {
		const request = input instanceof Request ? new Request(input, init) : new Request(new URL(String(input), scope.url()), init);
		return hook({ event, request, fetch });
	};
}

function isUnderBase(pathname: string, base: string): boolean {
	return !base || pathname === base || pathname.startsWith(`${base}/`);
}
