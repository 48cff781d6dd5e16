// The cookie forwarding that `event.fetch` needs (spec §3.7): which cookies a sub-request
// carries, and keeping the cookies its response sets.
import type { CookieOptions } from './jar.js';
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
	const parsed = parseSetCookie(setCookie);
	if (!parsed) return;
	const path = parsed.options.path ?? directoryOf(target.pathname);
	storeCookie(state, parsed.name, parsed.value, { encode: keepRaw, ...parsed.options, path });
}

function keepRaw(value: string): string {
	return value;
}

/** The directory of a URL path, which is where a cookie without Path applies. */
function directoryOf(pathname: string): string {
	return pathname.slice(0, pathname.lastIndexOf('/')) || '/';
}

/** The parts of a Set-Cookie line that SvelteKit keeps when a sub-request sets a cookie. */
interface ParsedSetCookie {
	name: string;
	value: string;
	options: Omit<CookieOptions, 'path'> & { path?: string };
}

/**
 * Reads one Set-Cookie line the way set-cookie-parser (SvelteKit 2's choice) does: value kept raw,
 * unparseable Expires/Max-Age dropped, other attribute values passed on verbatim.
 */
export function parseSetCookie(line: string): ParsedSetCookie | undefined {
	const [pair = '', ...attributes] = line.split(';');
	const eq = pair.indexOf('=');
	// a pair without `=` is all value (RFC 6265bis 5.7)
	const name = eq === -1 ? '' : trimBlanks(pair.slice(0, eq));
	const value = trimBlanks(eq === -1 ? pair : pair.slice(eq + 1));
	if (!name && !value) return undefined;

	const options: ParsedSetCookie['options'] = {};
	for (const attribute of attributes) {
		const at = attribute.indexOf('=');
		const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
		const text = at === -1 ? '' : attribute.slice(at + 1).trim();
		applyAttribute(options, key, text);
	}
	return { name, value, options };
}

function applyAttribute(options: ParsedSetCookie['options'], key: string, text: string): void {
	switch (key) {
		case 'path':
			options.path = text;
			break;
		case 'domain':
			options.domain = text;
			break;
		case 'max-age':
			if (/^-?\d+$/.test(text)) options.maxAge = parseInt(text, 10);
			break;
		case 'expires': {
			const expires = new Date(text);
			if (!Number.isNaN(expires.getTime())) options.expires = expires;
			break;
		}
		case 'httponly':
			options.httpOnly = true;
			break;
		case 'secure':
			options.secure = true;
			break;
		case 'partitioned':
			options.partitioned = true;
			break;
		// passed on unchecked: an invalid value fails at serialisation, as in SvelteKit 2
		case 'samesite':
			options.sameSite = text as CookieOptions['sameSite'];
			break;
		case 'priority':
			options.priority = text as CookieOptions['priority'];
			break;
	}
}

/** Trims spaces and tabs only (RFC 6265 WSP); a loop, since `/[ \t]+$/` can go quadratic. */
function trimBlanks(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && isBlank(text[start])) start++;
	while (end > start && isBlank(text[end - 1])) end--;
	return text.slice(start, end);
}

function isBlank(char: string | undefined): boolean {
	return char === ' ' || char === '\t';
}
