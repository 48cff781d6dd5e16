// `event.cookies` (rules §3.5), and the jar around it that the handler and `event.fetch` use. What
// is particular to a SvelteKit version comes from a CookieRules object, so that one jar can serve
// either version.
import type { ParseOptions, SerializeOptions, SetCookie } from 'cookie';
import type { Decoder } from './codec.js';
import { conjoin, pathsSetElsewhere } from './dev-hints.js';
import { cookieHeaderFor, setInternal } from './forward.js';
import { kit2CookieRules, type CookieRules } from './rules.js';
import { mostSpecificSetCookies, resolveCookiePath, setCookieLines, storeCookie, type JarState } from './store.js';

export type CookieOptions = SerializeOptions & { path: string };

/**
 * `event.cookies`. The types take what works under both SvelteKit majors: SvelteKit 3 also lets
 * `path` be left out (it is then `/`), and only it has `parse`.
 */
export interface Cookies {
	get(name: string, opts?: { decode?: Decoder }): string | undefined;
	getAll(opts?: { decode?: Decoder }): Array<{ name: string; value: string }>;
	set(name: string, value: string, opts: CookieOptions): void;
	delete(name: string, opts: CookieOptions): void;
	serialize(name: string, value: string, opts: CookieOptions): string;
	/**
	 * SvelteKit 3 only (`kit: 3`): cookie@2's `parseSetCookie`, to read a `Set-Cookie` line (from
	 * `headers.getSetCookie()`) into options for `set`. Values are decoded unless `decode` says
	 * otherwise.
	 */
	parse?(str: string, options?: ParseOptions): SetCookie;
}

/** The parts of a sub-request's Set-Cookie line that SvelteKit keeps. */
export interface ParsedSetCookie {
	name: string;
	value: string;
	options: Omit<SerializeOptions, 'path'> & { path?: string };
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
	 * Cookie header for an outgoing event.fetch to `target` (rules §3.7): request cookies + matching
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

/**
 * Creates the cookie jar for one request. `url` must already carry the trailing-slash-normalised
 * pathname, since relative cookie paths resolve against it.
 */
export function createCookieJar(
	header: string | undefined,
	url: URL,
	options: { dev?: boolean; rules?: CookieRules; lockedError?: () => Error } = {}
): CookieJar {
	const state: JarState = {
		url,
		header: header ?? '',
		dev: options.dev ?? false,
		rules: options.rules ?? kit2CookieRules,
		stored: new Map(),
		locked: false,
		lockedError: options.lockedError ?? (() => new Error(LOCKED))
	};
	return {
		cookies: createCookies(state),
		setCookieHeaders: () => setCookieLines(state),
		lock() {
			state.locked = true;
		},
		cookieHeaderFor: (target, explicit) => cookieHeaderFor(state, target, explicit),
		setInternal: (setCookie, target) => setInternal(state, setCookie, target)
	};
}

function createCookies(state: JarState): Cookies {
	const { rules } = state;
	const defaults = rules.defaults(state.url, state.dev);

	const cookies: Cookies = {
		get: (name, opts) => getCookie(state, name, opts?.decode),
		getAll: (opts) => getAllCookies(state, opts?.decode),

		set(name, value, opts) {
			if (state.locked) throw state.lockedError();
			rules.checkName(name);
			checkPath(rules, opts);
			storeCookie(state, name, value, { ...defaults, ...opts });
		},

		delete(name, opts) {
			checkPath(rules, opts);
			cookies.set(name, '', { ...opts, maxAge: 0 });
		},

		// only where the version has it, so that SvelteKit 2's cookies have no `parse` at all
		...(rules.parse && { parse: rules.parse }),

		serialize(name, value, opts) {
			checkPath(rules, opts);
			const path = resolveCookiePath(state, opts ?? {});
			return rules.serialize(name, value, { ...defaults, ...opts, path });
		}
	};
	return cookies;
}

function getCookie(state: JarState, name: string, decode: Decoder | undefined): string | undefined {
	const match = mostSpecificSetCookies(state).get(name);
	if (match) return match.options.maxAge === 0 ? undefined : match.value;

	const value = state.rules.parseHeader(state.header, decode).get(name);
	if (state.dev && !value) {
		const paths = pathsSetElsewhere(name, state.url.pathname);
		if (paths.length > 0) state.rules.warnPathMismatch(name, state.url.pathname, conjoin(paths));
	}
	return value;
}

function getAllCookies(state: JarState, decode: Decoder | undefined): Array<{ name: string; value: string }> {
	const all = state.rules.parseHeader(state.header, decode);
	for (const cookie of mostSpecificSetCookies(state).values()) {
		if (cookie.options.maxAge === 0 && !state.rules.listDeleted) all.delete(cookie.name);
		else all.set(cookie.name, cookie.value);
	}
	return [...all].map(([name, value]) => ({ name, value }));
}

function checkPath(rules: CookieRules, options: CookieOptions | undefined): void {
	if (rules.defaultPath === undefined && options?.path === undefined) throw new Error(PATH_REQUIRED);
}
