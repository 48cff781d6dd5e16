// The cookies set during one request, shared by `event.cookies` and `event.fetch`: SvelteKit
// answers both from the same set, so a cookie set by either is seen by the other.
import { checkCookieSize, trackDevPath } from './dev-hints.js';
import type { CookieOptions } from './jar.js';
import type { CookieRules } from './rules.js';
import { domainMatches, pathMatches, resolvePath } from './scope.js';

export interface StoredCookie {
	name: string;
	value: string;
	/** path already resolved against the request URL where SvelteKit resolves it */
	options: CookieOptions;
	/** the Set-Cookie line(s), rendered when the cookie is stored so errors surface at the call */
	lines: string[];
}

/** One request's jar, as the functions of this folder share it. */
export interface JarState {
	/** `url` must already carry the trailing-slash-normalised pathname */
	readonly url: URL;
	/** the request's Cookie header, '' when it had none */
	readonly header: string;
	readonly dev: boolean;
	readonly rules: CookieRules;
	/** by domain, path and name; a Map, so that the Set-Cookie lines keep the order of setting */
	readonly stored: Map<string, StoredCookie>;
	locked: boolean;
}

/** Relative paths only make sense for cookies that belong to this host. */
export function resolveCookiePath(url: URL, options: CookieOptions): string {
	const ownHost = !options.domain || options.domain === url.hostname;
	return ownHost ? resolvePath(url.pathname, options.path) : options.path;
}

export function storeCookie(state: JarState, name: string, value: string, options: CookieOptions): void {
	const resolved: CookieOptions = { ...options, path: resolveCookiePath(state.url, options) };
	const lines = renderLines(state.rules, name, value, resolved);

	if (state.dev) {
		checkCookieSize(name, (resolved.encode ?? encodeURIComponent)(value));
		trackDevPath(name, resolved.path, value);
	}

	const key = `${resolved.domain || ''}${resolved.path}?${encodeURIComponent(name)}`;
	state.stored.set(key, { name, value, options: resolved, lines });
}

/** SvelteKit also answers `.html` routes' data from a sibling file, which needs the cookie too. */
function renderLines(rules: CookieRules, name: string, value: string, options: CookieOptions): string[] {
	const lines = [rules.serialize(name, value, options)];
	if (options.path.endsWith('.html')) {
		const path = options.path.replace(/\.html$/, '.html__data.json');
		lines.push(rules.serialize(name, value, { ...options, path }));
	}
	return lines;
}

/** Cookies set in this request that a request to `hostname` + `pathname` would carry. */
export function* setCookiesFor(state: JarState, hostname: string, pathname: string): Generator<StoredCookie> {
	for (const cookie of state.stored.values()) {
		if (!domainMatches(hostname, cookie.options.domain)) continue;
		if (!pathMatches(pathname, cookie.options.path)) continue;
		yield cookie;
	}
}

/** Per name, the matching cookie with the longest path; on equal length the first set wins. */
export function mostSpecificSetCookies(state: JarState): Map<string, StoredCookie> {
	const best = new Map<string, StoredCookie>();
	for (const cookie of setCookiesFor(state, state.url.hostname, state.url.pathname)) {
		const current = best.get(cookie.name);
		if (!current || cookie.options.path.length > current.options.path.length) {
			best.set(cookie.name, cookie);
		}
	}
	return best;
}
