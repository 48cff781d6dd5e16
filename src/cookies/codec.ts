// SvelteKit 2's cookie codec. SvelteKit 2 serialises with cookie@0.6; we depend on cookie@1, which
// validates names and attributes the same way or more strictly but rejects many values cookie@0.6
// accepted (spaces, commas, quotes, Latin-1). Values are therefore checked and inserted by us, so
// that for example a raw `a=b, c` forwarded from a sub-request still serialises as it does in
// SvelteKit 2.
import { parse, serialize } from 'cookie';
import type { CookieOptions } from './jar.js';

export type Decoder = (value: string) => string;

// The encoded values cookie@0.6 (SvelteKit 2's serialiser) accepts: VCHAR, space, tab, Latin-1.
// eslint-disable-next-line no-control-regex -- tab is spelled as an escape for clarity
const FIELD_CONTENT = /^[\x09\x20-\x7E\x80-\xFF]+$/;

/**
 * The request's Cookie header, parsed by `cookie` into a null-prototype object (any name is
 * just a name). cookie@0.6, SvelteKit 2's, also unquoted values by their first character.
 */
export function parseCookieHeader(header: string, decode?: Decoder): Map<string, string> {
	const decoder = decode ?? defaultDecode;
	const parsed = parse(header, {
		decode: (value) => tryDecode(value.startsWith('"') ? value.slice(1, -1) : value, decoder)
	});
	const cookies = new Map<string, string>();
	for (const [name, value] of Object.entries(parsed)) if (value !== undefined) cookies.set(name, value);
	return cookies;
}

function tryDecode(value: string, decode: Decoder): string {
	try {
		return decode(value);
	} catch {
		return value;
	}
}

function defaultDecode(value: string): string {
	return value.includes('%') ? decodeURIComponent(value) : value;
}

/** cookie@0.6 floored fractional and numeric-string max-ages; cookie@1 would throw on them. */
function normaliseMaxAge(maxAge: unknown): number | undefined {
	if (maxAge === undefined || maxAge === null) return undefined;
	const seconds = Number(maxAge);
	if (!Number.isFinite(seconds)) throw new TypeError('option maxAge is invalid');
	return Math.floor(seconds);
}

/** One Set-Cookie line; cookie@1 checks the name and attributes, we check the value (see top). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
	const { encode = encodeURIComponent, maxAge, ...attributes } = options;
	const encoded = encode(value);
	if (encoded && !FIELD_CONTENT.test(encoded)) throw new TypeError('argument val is invalid');

	const line = serialize(name, '', { ...attributes, maxAge: normaliseMaxAge(maxAge) });
	return `${name}=${encoded}${line.slice(name.length + 1)}`;
}
