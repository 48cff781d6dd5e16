// The cookie forwarding that `event.fetch` needs (rules §3.7): which cookies a sub-request
// carries, and keeping the cookies its response sets.
import { setCookiesFor, storeCookie, type JarState } from './store.js';

/**
 * Cookie header for an outgoing event.fetch to `target`: request cookies + matching cookies set
 * in this request, explicit header wins; undefined when there is nothing to send
 */
export function cookieHeaderFor(state: JarState, target: URL, explicit: string | null): string | undefined {
	// other sites never get this app's cookies; a subdomain of the app's host does
	if (!`.${target.hostname}`.endsWith(`.${state.url.hostname}`)) return explicit || undefined;

	const combined = state.rules.parseHeader(state.header, keepRaw);
	for (const cookie of setCookiesFor(state, target.hostname, target.pathname)) {
		const encode = cookie.options.encode ?? encodeURIComponent;
		combined.set(cookie.name, encode(cookie.value));
	}
	if (explicit) {
		for (const [name, value] of state.rules.parseHeader(explicit, keepRaw)) combined.set(name, value);
	}

	const pairs = [...combined].map(([name, value]) => `${name}=${value}`);
	return pairs.length > 0 ? pairs.join('; ') : undefined;
}

/**
 * Stores a cookie from a sub-request's Set-Cookie line: no defaults applied, path defaults to
 * the target URL's directory, raw value kept. Not stopped by `lock`, as in SvelteKit.
 */
export function setInternal(state: JarState, setCookie: string, target: URL): void {
	const parsed = state.rules.parseSetCookie(setCookie);
	if (!parsed) return;
	const path = parsed.options.path ?? directoryOf(target.pathname);
	// SvelteKit's order: the line's own attributes win, so that even an `Encode` attribute fails as
	// it does in SvelteKit 2, and a bare `Path` attribute (cookie@2: undefined) means the default
	storeCookie(state, parsed.name, parsed.value, { path, encode: keepRaw, ...parsed.options });
}

function keepRaw(value: string): string {
	return value;
}

/** The directory of a URL path, which is where a cookie without Path applies. */
function directoryOf(pathname: string): string {
	return pathname.slice(0, pathname.lastIndexOf('/')) || '/';
}
