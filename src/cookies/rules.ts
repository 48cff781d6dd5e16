// What differs between SvelteKit versions in how `event.cookies` behaves, gathered in one object so
// that the jar can follow either version's rules. Only SvelteKit 2's exist so far.
import type { SerializeOptions } from 'cookie';
import { parseCookieHeader, serializeCookie, type Decoder } from './codec.js';
import type { CookieOptions } from './jar.js';

export interface CookieRules {
	/** attributes every cookie from `cookies.set` and `cookies.serialize` has unless overridden */
	defaults(url: URL): SerializeOptions;
	/** one Set-Cookie line; throws a TypeError for what the version's serialiser rejects */
	serialize(name: string, value: string, options: CookieOptions): string;
	/** a Cookie header, first of duplicate names winning; without `decode`, the version's decoding */
	parseHeader(header: string, decode?: Decoder): Map<string, string>;
	/** runs first in `cookies.set` and `cookies.delete`; may warn or throw */
	checkName(name: string): void;
	/** whether set, delete and serialize throw when no `path` is given */
	requirePath: boolean;
	/** whether getAll lists a cookie deleted in this request, with the value '' */
	listDeleted: boolean;
}

// Characters RFC 2616 forbids in a token; SvelteKit 2 only warns about them (3.0 rejects them).
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

/** SvelteKit 2's rules (rules §3.5). */
export const kit2CookieRules: Readonly<CookieRules> = Object.freeze({
	defaults: (url: URL): SerializeOptions => ({
		httpOnly: true,
		sameSite: 'lax',
		secure: !(url.hostname === 'localhost' && url.protocol === 'http:')
	}),
	serialize: serializeCookie,
	parseHeader: parseCookieHeader,
	checkName: warnAboutName,
	requirePath: true,
	// a SvelteKit 2 quirk, mirrored like the rest of its behaviour
	listDeleted: true
});
