// The cookies set during one request, shared by `event.cookies` and `event.fetch`: SvelteKit
// answers both from the same set, so a cookie set by either is seen by the other.
import type { SerializeOptions } from 'cookie';
import { isTooLarge, trackDevPath } from './dev-hints.js';
import type { CookieOptions } from './jar.js';
import type { CookieRules } from './rules.js';
import { domainMatches, pathMatches, resolvePath } from './scope.js';

export interface StoredCookie {
	name: string;
	value: string;
	/** path already resolved against the request URL where SvelteKit resolves it */
	options: CookieOptions;
	/** the Set-Cookie line(s), if the rules serialise at the call (so errors surface there) */
	lines: string[] | undefined;
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
	/** what `cookies.set` throws once the response is generated */
	lockedError: () => Error;
}

/** Options as `set` and a sub-request give them: the path may be missing where a version defaults it. */
export type StoreOptions = SerializeOptions & { path?: string };

/**
 * The cookie's path: resolved against the request URL for this host's cookies (relative paths
 * make no sense for another's). A missing path is the version's default; SvelteKit 2 never gets
 * here without one (a `null` one it resolves as the text `null`, so it is left as it is).
 */
export function resolveCookiePath(state: JarState, options: StoreOptions): string {
	const { defaultPath } = state.rules;
	const path = (defaultPath === undefined ? options.path : (options.path ?? defaultPath)) as string;
	const ownHost = !options.domain || options.domain === state.url.hostname;
	return ownHost ? resolvePath(state.url.pathname, path) : path;
}

export function storeCookie(state: JarState, name: string, value: string, options: StoreOptions): void {
	const resolved: CookieOptions = { ...options, path: resolveCookiePath(state, options) };
	const key = `${resolved.domain || ''}${resolved.path}?${encodeURIComponent(name)}`;
	const cookie: StoredCookie = { name, value, options: resolved, lines: undefined };

	// SvelteKit stores the cookie before its dev checks, so one too large stays set; rules that
	// serialise at the call check everything first, so that a cookie that throws is not kept
	const eager = state.rules.serializeOnSet;
	if (eager) cookie.lines = renderLines(state.rules, cookie);
	else state.stored.set(key, cookie);

	if (state.dev) {
		if (isTooLarge(name, (resolved.encode ?? encodeURIComponent)(value))) throw state.rules.tooLarge(name);
		trackDevPath(name, resolved.path, value);
	}
	if (eager) state.stored.set(key, cookie);
}

/** One Set-Cookie line per stored cookie (two for `.html` paths), in order of setting. */
export function setCookieLines(state: JarState): string[] {
	return [...state.stored.values()].flatMap((cookie) => cookie.lines ?? renderLines(state.rules, cookie));
}

/** SvelteKit also answers `.html` routes' data from a sibling file, which needs the cookie too. */
function renderLines(rules: CookieRules, { name, value, options }: StoredCookie): string[] {
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
