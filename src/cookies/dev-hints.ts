// Checks that only run with `dev: true`, to point at cookie mistakes the browser would hide. The
// words are the SvelteKit version's, from its CookieRules.
import { pathMatches } from './scope.js';

/** Browsers drop a cookie whose name plus encoded value exceed this (RFC 6265bis §5.6). */
const MAX_COOKIE_SIZE = 4096;

/**
 * Paths of cookies set during this dev process, per name, to hint at a path mistake when `get`
 * finds nothing. Process-wide on purpose: the mistake shows up on a *later* request.
 */
const devCookiePaths = new Map<string, Set<string>>();

const textEncoder = new TextEncoder();

/** Whether the browser would discard the cookie: only the name/value pair counts, not the attributes. */
export function isTooLarge(name: string, encodedValue: string): boolean {
	return byteLength(name) + byteLength(encodedValue) > MAX_COOKIE_SIZE;
}

function byteLength(text: string): number {
	return textEncoder.encode(text).byteLength;
}

/** Remembers where a cookie was set, for the dev hint in `get`; deleting forgets the path. */
export function trackDevPath(name: string, path: string, value: string): void {
	let paths = devCookiePaths.get(name);
	if (!paths) devCookiePaths.set(name, (paths = new Set()));
	if (value) paths.add(path);
	else paths.delete(path);
}

/** The more specific paths than `pathname` at which `name` was set during this process. */
export function pathsSetElsewhere(name: string, pathname: string): string[] {
	return [...(devCookiePaths.get(name) ?? [])].filter((path) => pathMatches(path, pathname) && path !== pathname);
}

export function conjoin(items: string[]): string {
	if (items.length <= 2) return items.join(' and ');
	return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
