// `event.cookies` with SvelteKit 2 semantics (spec §3.5), and the jar around it that the handler
// and `event.fetch` use.
import type { SerializeOptions } from 'cookie';
import { parseCookieHeader, serializeCookie, type Decoder } from './codec.js';
import { warnIfSetElsewhere } from './dev-hints.js';
import { cookieHeaderFor, setInternal } from './forward.js';
import { mostSpecificSetCookies, resolveCookiePath, storeCookie, type JarState } from './store.js';

export type CookieOptions = SerializeOptions & { path: string };

export interface Cookies {
	get(name: string, opts?: { decode?: Decoder }): string | undefined;
	getAll(opts?: { decode?: Decoder }): Array<{ name: string; value: string }>;
	set(name: string, value: string, opts: CookieOptions): void;
	delete(name: string, opts: CookieOptions): void;
	serialize(name: string, value: string, opts: CookieOptions): string;
}

export interface CookieJar {
	cookies: Cookies;
	/**
	 * one Set-Cookie line per cookie set in this request (plus the `.html__data.json` twin), in
	 * order of setting
	 */
	setCookieHeaders(): string[];
	/** after the response is generated: set/delete throw SvelteKit's error */
	lock(): void;
	/**
	 * Cookie header for an outgoing event.fetch to `target` (§3.7): request cookies + matching
	 * cookies set in this request, explicit header wins; undefined when there is nothing to send
	 */
	cookieHeaderFor(target: URL, explicit: string | null): string | undefined;
	/**
	 * store a cookie from a sub-request's Set-Cookie line: no defaults applied, path defaults to
	 * the target URL's directory, raw value kept
	 */
	setInternal(setCookie: string, target: URL): void;
}

const PATH_REQUIRED = 'You must specify a `path` when setting, deleting or serializing cookies';
const LOCKED = 'Cannot use `cookies.set(...)` after the response has been generated';

// Characters RFC 2616 forbids in a token; SvelteKit 2 only warns about them (3.0 rejects them).
// eslint-disable-next-line no-control-regex -- control characters are what we are looking for
const NAME_WARNING_CHARACTER = /[\x00-\x1F\x7F()<>@,;:"/[\]?={} \t]/;

/**
 * Creates the cookie jar for one request. `url` must already carry the trailing-slash-normalised
 * pathname, since relative cookie paths resolve against it.
 */
export function createCookieJar(
	header: string | undefined,
	url: URL,
	options: { dev?: boolean } = {}
): CookieJar {
	const state: JarState = {
		url,
		header: header ?? '',
		dev: options.dev ?? false,
		stored: new Map(),
		locked: false
	};
	return {
		cookies: createCookies(state),
		setCookieHeaders: () => [...state.stored.values()].flatMap((cookie) => cookie.lines),
		lock() {
			state.locked = true;
		},
		cookieHeaderFor: (target, explicit) => cookieHeaderFor(state, target, explicit),
		setInternal: (setCookie, target) => setInternal(state, setCookie, target)
	};
}

function createCookies(state: JarState): Cookies {
	const defaults: SerializeOptions = {
		httpOnly: true,
		sameSite: 'lax',
		secure: !(state.url.hostname === 'localhost' && state.url.protocol === 'http:')
	};

	const cookies: Cookies = {
		get: (name, opts) => getCookie(state, name, opts?.decode),
		getAll: (opts) => getAllCookies(state, opts?.decode),

		set(name, value, opts) {
			if (state.locked) throw new Error(LOCKED);
			warnAboutName(name);
			requirePath(opts);
			storeCookie(state, name, value, { ...defaults, ...opts });
		},

		delete(name, opts) {
			requirePath(opts);
			cookies.set(name, '', { ...opts, maxAge: 0 });
		},

		serialize(name, value, opts) {
			requirePath(opts);
			const path = resolveCookiePath(state.url, opts);
			return serializeCookie(name, value, { ...defaults, ...opts, path });
		}
	};
	return cookies;
}

function getCookie(state: JarState, name: string, decode: Decoder | undefined): string | undefined {
	const match = mostSpecificSetCookies(state).get(name);
	if (match) return match.options.maxAge === 0 ? undefined : match.value;

	const value = parseCookieHeader(state.header, decode).get(name);
	if (state.dev && !value) warnIfSetElsewhere(name, state.url.pathname);
	return value;
}

function getAllCookies(state: JarState, decode: Decoder | undefined): Array<{ name: string; value: string }> {
	const all = parseCookieHeader(state.header, decode);
	// SvelteKit 2 quirk: a cookie deleted in this request is listed with the value ''
	for (const cookie of mostSpecificSetCookies(state).values()) all.set(cookie.name, cookie.value);
	return [...all].map(([name, value]) => ({ name, value }));
}

function requirePath(options: CookieOptions | undefined): asserts options is CookieOptions {
	if (options?.path === undefined) throw new Error(PATH_REQUIRED);
}

function warnAboutName(name: string): void {
	const illegal = NAME_WARNING_CHARACTER.exec(name);
	if (!illegal) return;
	console.warn(
		`The cookie name "${name}" will be invalid in SvelteKit 3.0 as it contains ${illegal[0]}. ` +
			'See RFC 2616 for more details https://datatracker.ietf.org/doc/html/rfc2616#section-2.2'
	);
}
