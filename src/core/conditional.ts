/** What an answer becomes on its way out: a 304 the client may use, a Vary caches must honour. */
import type { Incoming } from './incoming.js';

// RFC 9110 15.4.5: what a 304 keeps of the 200 it stands for
const NOT_MODIFIED_HEADERS = ['cache-control', 'content-location', 'date', 'expires', 'vary'];

/** A route with a page and an endpoint answers GET both ways: caches must key on Accept. */
export function varyAccept(response: Response): Response {
	const vary = response.headers
		.get('vary')
		?.split(',')
		.map((v) => v.trim().toLowerCase());
	if (vary?.includes('accept') || vary?.includes('*')) return response;
	// the handler's Response may have immutable headers
	const copy = new Response(response.body, response);
	copy.headers.append('vary', 'Accept');
	return copy;
}

/** 304 for a 200 whose etag the client has, as SvelteKit's respond.js answers it. */
export function notModified(incoming: Incoming, response: Response): Response | undefined {
	// the request's header first: most have none, and then the response's headers stay unread
	const ifNoneMatch = incoming.header('if-none-match');
	if (ifNoneMatch === undefined || response.status !== 200) return undefined;
	const etag = response.headers.get('etag');
	const match = ifNoneMatch.startsWith('W/"') ? ifNoneMatch.slice(2) : ifNoneMatch;
	if (etag === null || match !== etag) return undefined;

	const headers = new Headers({ etag });
	for (const name of NOT_MODIFIED_HEADERS) {
		const value = response.headers.get(name);
		if (value) headers.set(name, value);
	}
	for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
	void response.body?.cancel().catch(() => {});
	return new Response(undefined, { status: 304, headers });
}
