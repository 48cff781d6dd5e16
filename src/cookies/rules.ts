// What differs between SvelteKit versions in how `event.cookies` behaves, gathered in one object so
// that the jar can follow either version's rules.
import { parseCookie, parseSetCookie, stringifySetCookie, type SerializeOptions } from 'cookie';
import { parseCookieHeader, parseSetCookie as parseSetCookieKit2, serializeCookie, type Decoder } from './codec.js';
import type { CookieOptions, Cookies, ParsedSetCookie } from './jar.js';

export interface CookieRules {
	/** attributes every cookie from `cookies.set` and `cookies.serialize` has unless overridden */
	defaults(url: URL, dev: boolean): SerializeOptions;
	/** where a cookie given no `path` goes; undefined: set, delete and serialize throw without one */
	defaultPath: string | undefined;
	/** one Set-Cookie line; throws a TypeError for what the version's serialiser rejects */
	serialize(name: string, value: string, options: CookieOptions): string;
	/**
	 * whether `set` serialises the cookie at once, so that what the serialiser rejects throws at
	 * the call and is not stored; otherwise the cookie is stored and serialised for the response
	 */
	serializeOnSet: boolean;
	/** a Cookie header, first of duplicate names winning; without `decode`, the version's decoding */
	parseHeader(header: string, decode?: Decoder): Map<string, string>;
	/** a Set-Cookie line of an `event.fetch` sub-request, value kept raw; undefined if ignored */
	parseSetCookie(line: string): ParsedSetCookie | undefined;
	/** `cookies.parse`, where the version has it */
	parse?: Cookies['parse'];
	/** runs first in `cookies.set` and `cookies.delete`; may warn or throw */
	checkName(name: string): void;
	/** whether getAll lists a cookie deleted in this request, with the value '' */
	listDeleted: boolean;
	/** dev only: the version's error for a cookie the browser would discard as too large */
	tooLarge(name: string): Error;
	/** dev only: `get` found nothing, but the cookie was set earlier at the more specific `paths` */
	warnPathMismatch(name: string, pathname: string, paths: string): void;
}

// Characters RFC 2616 forbids in a token; SvelteKit 2 only warns about them.
// eslint-disable-next-line no-control-regex -- control characters are what we are looking for
const NAME_WARNING_CHARACTER = /[\x00-\x1F\x7F()<>@,;:"/[\]?={} \t]/;

function warnAboutName(name: string): void {
	const illegal = NAME_WARNING_CHARACTER.exec(name);
	if (!illegal) return;
	console.warn(
		`The cookie name "${name}" will be invalid in SvelteKit 3.0 as it contains ${illegal[0]}. ` +
			'See RFC 2616 for more details https://datatracker.ietf.org/doc/html/rfc2616#section-2.2'
	);
}

/** Secure except on plain-HTTP localhost, where browsers would drop a Secure cookie. */
function isSecureOrigin(url: URL): boolean {
	return !(url.hostname === 'localhost' && url.protocol === 'http:');
}

/** SvelteKit 2's rules (rules §3.5). */
export const kit2CookieRules: Readonly<CookieRules> = Object.freeze({
	defaults: (url: URL): SerializeOptions => ({ httpOnly: true, sameSite: 'lax', secure: isSecureOrigin(url) }),
	defaultPath: undefined,
	serialize: serializeCookie,
	serializeOnSet: true,
	parseHeader: parseCookieHeader,
	parseSetCookie: parseSetCookieKit2,
	checkName: warnAboutName,
	// a SvelteKit 2 quirk, mirrored like the rest of its behaviour
	listDeleted: true,
	tooLarge: (name: string) => new Error(`Cookie "${name}" is too large, and will be discarded by the browser`),
	warnPathMismatch(name: string, pathname: string, paths: string): void {
		console.warn(
			`'${name}' cookie does not exist for ${pathname}, but was previously set at ${paths}. ` +
				"Did you mean to set its 'path' to '/' instead?"
		);
	}
});

/** SvelteKit 3's server errors (src/messages/): a code, the sentence, and the code's page. */
function svelteKitError(code: string, sentence: string): Error {
	const error = new Error(`${code}\n${sentence}\nhttps://svelte.dev/e/kit/${code}`);
	error.name = 'SvelteKit error';
	return error;
}

function keepRaw(value: string): string {
	return value;
}

/** cookie@2's parse of a Cookie header; a `decode` that throws is not caught, as in SvelteKit 3. */
function parseHeader3(header: string, decode?: Decoder): Map<string, string> {
	const parsed = parseCookie(header, decode && { decode });
	const cookies = new Map<string, string>();
	// a decode may answer undefined (or null, in JavaScript): getAll leaves such cookies out
	for (const [name, value] of Object.entries(parsed)) if (value != null) cookies.set(name, value);
	return cookies;
}

/**
 * SvelteKit 3.2's rules: runtime/server/cookie.js and fetch.js, with cookie@2 as the codec. Names
 * are left to cookie@2, which refuses what is not a token (a space, `;`, `=`, a control or
 * non-ASCII character) when the response is serialised.
 */
export const kit3CookieRules: Readonly<CookieRules> = Object.freeze({
	// `secure` is off in development, wherever the app is served from
	defaults: (url: URL, dev: boolean): SerializeOptions => ({ httpOnly: true, sameSite: 'lax', secure: !dev && isSecureOrigin(url) }),
	defaultPath: '/',
	serialize(name: string, value: string, options: CookieOptions): string {
		const { encode, ...attributes } = options;
		// cookie@2 percent-encodes only a value that needs it, and checks what a custom encode returns
		return stringifySetCookie({ name, value, ...attributes }, { encode });
	},
	serializeOnSet: false,
	parseHeader: parseHeader3,
	parseSetCookie(line: string): ParsedSetCookie {
		// every line counts, even one without a name; what cookie@2 cannot read is left out
		const { name, value = '', ...options } = parseSetCookie(line, { decode: keepRaw });
		return { name, value, options };
	},
	parse: parseSetCookie,
	checkName: () => {},
	listDeleted: false,
	tooLarge: (name: string) => svelteKitError('cookie_too_large', `Cookie \`${name}\` is too large, and will be discarded by the browser`),
	warnPathMismatch(name: string, pathname: string, paths: string): void {
		const code = 'cookie_path_mismatch';
		const sentence =
			`\`${name}\` cookie does not exist for \`${pathname}\`, but was previously set at ${paths}. ` +
			"Did you mean to set its `path` to `'/'` instead?";
		// SvelteKit 3's dev warnings style the code for browser consoles; Node prints without the styles
		console.warn(`%c[sveltekit] ${code}\n%c${sentence}\nhttps://svelte.dev/e/kit/${code}`, 'font-weight: bold', 'font-weight: normal');
	}
});
