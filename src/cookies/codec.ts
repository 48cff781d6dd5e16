// SvelteKit 2's cookie codec. SvelteKit 2 serialises with cookie@0.6; we depend on cookie@2
// (SvelteKit 3's), which checks names, domains, paths and the other attributes the same way or
// more strictly, but rejects values, max-ages and expiry dates that cookie@0.6 wrote. Those three
// are therefore checked and written by us, in cookie@0.6's places, so that for example a raw
// `a=b, c` forwarded from a sub-request still serialises as it does in SvelteKit 2.
import { parseCookie, stringifySetCookie } from 'cookie';
import { parseString } from 'set-cookie-parser';
import type { CookieOptions, ParsedSetCookie } from './jar.js';

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
	const parsed = parseCookie(header, {
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

/** cookie@0.6 floored fractional, numeric-string and huge max-ages; cookie@2 throws on them. */
function maxAgeAttribute(maxAge: unknown): string {
	if (maxAge === undefined || maxAge === null) return '';
	const seconds = Number(maxAge);
	if (!Number.isFinite(seconds)) throw new TypeError('option maxAge is invalid');
	return `; Max-Age=${Math.floor(seconds)}`;
}

/** cookie@0.6 took any valid Date (from any realm); cookie@2 only years 1601 to 9999. */
function expiresAttribute(expires: unknown): string {
	if (!expires) return '';
	const isDate = Object.prototype.toString.call(expires) === '[object Date]';
	if (!isDate || Number.isNaN((expires as Date).valueOf())) throw new TypeError('option expires is invalid');
	return `; Expires=${(expires as Date).toUTCString()}`;
}

/**
 * One Set-Cookie line in cookie@0.6's attribute order: cookie@2 checks the name and writes
 * Domain and Path, then the flags; we write the value, Max-Age and Expires (see top).
 */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
	const { encode = encodeURIComponent, maxAge, expires, domain, path, ...flags } = options;
	const encoded = encode(value);
	if (encoded && !FIELD_CONTENT.test(encoded)) throw new TypeError('argument val is invalid');

	const maxAgePart = maxAgeAttribute(maxAge);
	const domainAndPath = withCookie06Errors(() => stringifySetCookie({ name, value: '', domain, path }));
	const expiresPart = expiresAttribute(expires);
	const flagsPart = withCookie06Errors(() => stringifySetCookie({ ...flags, name, value: '' }));
	const skip = name.length + 1;
	return `${name}=${encoded}${maxAgePart}${domainAndPath.slice(skip)}${expiresPart}${flagsPart.slice(skip)}`;
}

/** cookie@2 names what it rejects as `cookie <field> is invalid: <value>`; cookie@0.6 did not. */
function withCookie06Errors(render: () => string): string {
	try {
		return render();
	} catch (error) {
		const field = error instanceof TypeError ? /^cookie (\w+) is invalid/.exec(error.message)?.[1] : undefined;
		if (!field) throw error;
		throw new TypeError(field === 'name' ? 'argument name is invalid' : `option ${field} is invalid`, { cause: error });
	}
}

/**
 * One Set-Cookie line of a sub-request as SvelteKit 2 reads it: by set-cookie-parser, value left
 * undecoded; undefined for a line it ignores.
 */
export function parseSetCookie(line: string): ParsedSetCookie | undefined {
	const parsed = parseString(line, { decodeValues: false });
	if (!parsed) return undefined;
	const { name, value, ...options } = parsed;
	// SameSite and Priority may be any string here; an invalid one fails at serialisation, as in
	// SvelteKit 2
	return { name, value, options: options as ParsedSetCookie['options'] };
}
