// Checks that only run with `dev: true`, to point at cookie mistakes the browser would hide.
import { pathMatches } from './scope.js';

/** Browsers drop a cookie whose name plus encoded value exceed this (RFC 6265bis §5.6). */
const MAX_COOKIE_SIZE = 4096;

/**
 * Paths of cookies set during this dev process, per name, to hint at a path mistake when `get`
 * finds nothing. Process-wide on purpose: the mistake shows up on a *later* request.
 */
const devCookiePaths = new Map<string, Set<string>>();

const textEncoder = new TextEncoder();

/** Throws rather than let the browser silently discard the cookie. */
export function checkCookieSize(name: string, encodedValue: string): void {
	// only the name/value pair counts towards the browser's limit, not the attributes
	if (byteLength(name) + byteLength(encodedValue) > MAX_COOKIE_SIZE) {
		throw new Error(`Cookie "${name}" is too large, and will be discarded by the browser`);
	}
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

export function warnIfSetElsewhere(name: string, pathname: string): void {
	const deeper = [...(devCookiePaths.get(name) ?? [])].filter((path) => pathMatches(path, pathname) && path !== pathname);
	if (deeper.length === 0) return;
	console.warn(
		`'${name}' cookie does not exist for ${pathname}, ` +
			`but was previously set at ${conjoin(deeper)}. ` +
			"Did you mean to set its 'path' to '/' instead?"
	);
}

function conjoin(items: string[]): string {
	if (items.length <= 2) return items.join(' and ');
	return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
