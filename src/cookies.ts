// `event.cookies` with SvelteKit 2 semantics (spec §3.5), plus the cookie forwarding that
// `event.fetch` needs (§3.7).
//
// SvelteKit 2 serialises with cookie@0.6; we depend on cookie@1, which validates names and
// attributes the same way or more strictly but rejects many values cookie@0.6 accepted (spaces,
// commas, quotes, Latin-1). Values are therefore checked and inserted by us, so that for example a
// raw `a=b, c` forwarded from a sub-request still serialises as it does in SvelteKit 2.
import { parse, serialize, type SerializeOptions } from 'cookie';

export type CookieOptions = SerializeOptions & { path: string };

type Decoder = (value: string) => string;

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

interface StoredCookie {
	name: string;
	value: string;
	/** path already resolved against the request URL where SvelteKit resolves it */
	options: CookieOptions;
	/** the Set-Cookie line(s), rendered when the cookie is stored so errors surface at the call */
	lines: string[];
}

/** Browsers drop a cookie whose name plus encoded value exceed this (RFC 6265bis §5.6). */
const MAX_COOKIE_SIZE = 4096;

const PATH_REQUIRED = 'You must specify a `path` when setting, deleting or serializing cookies';
const LOCKED = 'Cannot use `cookies.set(...)` after the response has been generated';

// Characters RFC 2616 forbids in a token; SvelteKit 2 only warns about them (3.0 rejects them).
// eslint-disable-next-line no-control-regex -- control characters are what we are looking for
const NAME_WARNING_CHARACTER = /[\x00-\x1F\x7F()<>@,;:"/[\]?={} \t]/;

// The encoded values cookie@0.6 (SvelteKit 2's serialiser) accepts: VCHAR, space, tab, Latin-1.
// eslint-disable-next-line no-control-regex -- tab is spelled as an escape for clarity
const FIELD_CONTENT = /^[\x09\x20-\x7E\x80-\xFF]+$/;

/**
 * Paths of cookies set during this dev process, per name, to hint at a path mistake when `get`
 * finds nothing. Process-wide on purpose: the mistake shows up on a *later* request.
 */
const devCookiePaths = new Map<string, Set<string>>();

const textEncoder = new TextEncoder();

/** Does `hostname` fall under a cookie's Domain attribute? A missing domain matches everything. */
export function domainMatches(hostname: string, constraint?: string): boolean {
	if (!constraint) return true;
	const domain = constraint.startsWith('.') ? constraint.slice(1) : constraint;
	return hostname === domain || hostname.endsWith('.' + domain);
}

/** Does `path` fall under a cookie's Path attribute? Matching is per whole segment. */
export function pathMatches(path: string, constraint?: string): boolean {
	if (!constraint) return true;
	const prefix = constraint.endsWith('/') ? constraint.slice(0, -1) : constraint;
	return path === prefix || path.startsWith(prefix + '/');
}

// Any non-special scheme lets URL do the relative-path arithmetic without touching a real host.
const RESOLVE_BASE = new URL('kit-endpoints-internal://');

/** Resolves a cookie path like a relative URL against the request pathname (`../x`, `.`, `''`). */
export function resolvePath(base: string, path: string): string {
	// `//host/x` would otherwise be read as a network-path reference
	if (path.startsWith('//')) return path;
	const resolved = new URL(path, new URL(base, RESOLVE_BASE));
	return resolved.protocol === RESOLVE_BASE.protocol
		? resolved.pathname + resolved.search + resolved.hash
		: resolved.href;
}

/**
 * The request's Cookie header, parsed by `cookie` into a null-prototype object (any name is
 * just a name). cookie@0.6, SvelteKit 2's, also unquoted values by their first character.
 */
function parseCookieHeader(header: string, decode: Decoder): Map<string, string> {
	const parsed = parse(header, {
		decode: (value) => tryDecode(value.startsWith('"') ? value.slice(1, -1) : value, decode)
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

function keepRaw(value: string): string {
	return value;
}

/** cookie@0.6 floored fractional and numeric-string max-ages; cookie@1 would throw on them. */
function normaliseMaxAge(maxAge: unknown): number | undefined {
	if (maxAge === undefined || maxAge === null) return undefined;
	const seconds = Number(maxAge);
	if (!Number.isFinite(seconds)) throw new TypeError('option maxAge is invalid');
	return Math.floor(seconds);
}

/** One Set-Cookie line; cookie@1 checks the name and attributes, we check the value (see top). */
function serializeCookie(name: string, value: string, options: CookieOptions): string {
	const { encode = encodeURIComponent, maxAge, ...attributes } = options;
	const encoded = encode(value);
	if (encoded && !FIELD_CONTENT.test(encoded)) throw new TypeError('argument val is invalid');

	const line = serialize(name, '', { ...attributes, maxAge: normaliseMaxAge(maxAge) });
	return `${name}=${encoded}${line.slice(name.length + 1)}`;
}

/** SvelteKit also answers `.html` routes' data from a sibling file, which needs the cookie too. */
function renderLines(name: string, value: string, options: CookieOptions): string[] {
	const lines = [serializeCookie(name, value, options)];
	if (options.path.endsWith('.html')) {
		const path = options.path.replace(/\.html$/, '.html__data.json');
		lines.push(serializeCookie(name, value, { ...options, path }));
	}
	return lines;
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

function byteLength(text: string): number {
	return textEncoder.encode(text).byteLength;
}

function conjoin(items: string[]): string {
	if (items.length <= 2) return items.join(' and ');
	return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Remembers where a cookie was set, for the dev hint in `get`; deleting forgets the path. */
function trackDevPath(name: string, path: string, value: string): void {
	let paths = devCookiePaths.get(name);
	if (!paths) devCookiePaths.set(name, (paths = new Set()));
	if (value) paths.add(path);
	else paths.delete(path);
}

function warnIfSetElsewhere(name: string, pathname: string): void {
	const deeper = [...(devCookiePaths.get(name) ?? [])].filter(
		(path) => pathMatches(path, pathname) && path !== pathname
	);
	if (deeper.length === 0) return;
	console.warn(
		`'${name}' cookie does not exist for ${pathname}, ` +
			`but was previously set at ${conjoin(deeper)}. ` +
			"Did you mean to set its 'path' to '/' instead?"
	);
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

/** The directory of a URL path, which is where a cookie without Path applies. */
function directoryOf(pathname: string): string {
	return pathname.slice(0, pathname.lastIndexOf('/')) || '/';
}

/**
 * Creates the cookie jar for one request. `url` must already carry the trailing-slash-normalised
 * pathname, since relative cookie paths resolve against it.
 */
export function createCookieJar(
	header: string | undefined,
	url: URL,
	options: { dev?: boolean } = {}
): CookieJar {
	const requestHeader = header ?? '';
	const dev = options.dev ?? false;
	const stored = new Map<string, StoredCookie>();
	let locked = false;

	const defaults: SerializeOptions = {
		httpOnly: true,
		sameSite: 'lax',
		secure: !(url.hostname === 'localhost' && url.protocol === 'http:')
	};

	/** Relative paths only make sense for cookies that belong to this host. */
	function resolveFor(opts: CookieOptions): string {
		const ownHost = !opts.domain || opts.domain === url.hostname;
		return ownHost ? resolvePath(url.pathname, opts.path) : opts.path;
	}

	function store(name: string, value: string, opts: CookieOptions): void {
		const resolved: CookieOptions = { ...opts, path: resolveFor(opts) };
		const lines = renderLines(name, value, resolved);

		if (dev) {
			// only the name/value pair counts towards the browser's limit, not the attributes
			const encode = resolved.encode ?? encodeURIComponent;
			if (byteLength(name) + byteLength(encode(value)) > MAX_COOKIE_SIZE) {
				throw new Error(`Cookie "${name}" is too large, and will be discarded by the browser`);
			}
			trackDevPath(name, resolved.path, value);
		}

		const key = `${resolved.domain || ''}${resolved.path}?${encodeURIComponent(name)}`;
		stored.set(key, { name, value, options: resolved, lines });
	}

	/** Cookies set in this request that a request to `hostname` + `pathname` would carry. */
	function* setCookiesFor(hostname: string, pathname: string): Generator<StoredCookie> {
		for (const cookie of stored.values()) {
			if (!domainMatches(hostname, cookie.options.domain)) continue;
			if (!pathMatches(pathname, cookie.options.path)) continue;
			yield cookie;
		}
	}

	/** Per name, the matching cookie with the longest path; on equal length the first set wins. */
	function mostSpecificSetCookies(): Map<string, StoredCookie> {
		const best = new Map<string, StoredCookie>();
		for (const cookie of setCookiesFor(url.hostname, url.pathname)) {
			const current = best.get(cookie.name);
			if (!current || cookie.options.path.length > current.options.path.length) {
				best.set(cookie.name, cookie);
			}
		}
		return best;
	}

	const cookies: Cookies = {
		get(name, opts) {
			const match = mostSpecificSetCookies().get(name);
			if (match) return match.options.maxAge === 0 ? undefined : match.value;

			const value = parseCookieHeader(requestHeader, opts?.decode ?? defaultDecode).get(name);
			if (dev && !value) warnIfSetElsewhere(name, url.pathname);
			return value;
		},

		getAll(opts) {
			const all = parseCookieHeader(requestHeader, opts?.decode ?? defaultDecode);
			// SvelteKit 2 quirk: a cookie deleted in this request is listed with the value ''
			for (const cookie of mostSpecificSetCookies().values()) all.set(cookie.name, cookie.value);
			return [...all].map(([name, value]) => ({ name, value }));
		},

		set(name, value, opts) {
			if (locked) throw new Error(LOCKED);
			warnAboutName(name);
			requirePath(opts);
			store(name, value, { ...defaults, ...opts });
		},

		delete(name, opts) {
			requirePath(opts);
			cookies.set(name, '', { ...opts, maxAge: 0 });
		},

		serialize(name, value, opts) {
			requirePath(opts);
			return serializeCookie(name, value, { ...defaults, ...opts, path: resolveFor(opts) });
		}
	};

	return {
		cookies,

		setCookieHeaders() {
			return [...stored.values()].flatMap((cookie) => cookie.lines);
		},

		lock() {
			locked = true;
		},

		cookieHeaderFor(target, explicit) {
			// other sites never get this app's cookies; a subdomain of the app's host does
			if (!`.${target.hostname}`.endsWith(`.${url.hostname}`)) return explicit || undefined;

			const combined = parseCookieHeader(requestHeader, keepRaw);
			for (const cookie of setCookiesFor(target.hostname, target.pathname)) {
				const encode = cookie.options.encode ?? encodeURIComponent;
				combined.set(cookie.name, encode(cookie.value));
			}
			if (explicit) {
				for (const [name, value] of parseCookieHeader(explicit, keepRaw)) combined.set(name, value);
			}

			const pairs = [...combined].map(([name, value]) => `${name}=${value}`);
			return pairs.length > 0 ? pairs.join('; ') : undefined;
		},

		setInternal(setCookie, target) {
			const parsed = parseSetCookie(setCookie);
			if (!parsed) return;
			const path = parsed.options.path ?? directoryOf(target.pathname);
			store(parsed.name, parsed.value, { encode: keepRaw, ...parsed.options, path });
		}
	};
}
