// The kit 3 cookie jar against SvelteKit 3.2.0's own runtime/server/cookie.js, loaded from the
// `sveltekit3` dev dependency: the same random requests and cookie calls go to both, and every
// answer must agree (Set-Cookie lines or the error that stops them, get, getAll, serialize, the
// Cookie header of an event.fetch, and Set-Cookie lines of sub-requests as fetch.js stores them).
// Outside Vite, the only module SvelteKit's cookie code cannot load is `#app/paths`, which a
// resolve hook stands in for.
import assert from 'node:assert/strict';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSetCookie } from 'cookie';
import fc from 'fast-check';
import { createCookieJar, kit3CookieRules, type CookieOptions } from '../src/cookies/index.js';

/** `@sveltejs/kit@3` declares `engines: node >=22.17` */
function nodeRunsKit3(): boolean {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	return major > 22 || (major === 22 && minor >= 17);
}

// -- SvelteKit 3.2.0's cookie code ---------------------------------------------------------------

type KitCookies = {
	get(name: string, opts?: { decode?: (value: string) => string }): string | undefined;
	getAll(opts?: { decode?: (value: string) => string }): Array<{ name: string; value: string }>;
	set(name: string, value: string, opts?: object): void;
	delete(name: string, opts?: object): void;
	serialize(name: string, value: string, opts?: object): string;
	parse(line: string): object;
};
type KitCookieModule = {
	get_cookies(
		request: Request,
		url: URL
	): {
		cookies: KitCookies;
		new_cookies: Map<string, unknown>;
		get_cookie_header(url: URL, header: string | null): string;
		set_internal(name: string, value: string, options: object): void;
		set_trailing_slash(trailingSlash: string): void;
	};
	add_cookies_to_headers(headers: Headers, cookies: Iterable<unknown>): void;
};

const PATHS_STUB = "export const base = ''; export const assets = ''; export const app_dir = '_app'; export const relative = true;";

async function loadKitCookies(): Promise<KitCookieModule> {
	const kit = path.dirname(createRequire(import.meta.url).resolve('sveltekit3/package.json'));
	const register = (module as { registerHooks?: (hooks: object) => unknown }).registerHooks;
	register?.({
		resolve(specifier: string, context: { parentURL?: string }, next: (specifier: string, context: object) => unknown) {
			if (specifier === '#app/paths' && context.parentURL?.startsWith(pathToFileURL(kit).href)) {
				return { url: `data:text/javascript,${encodeURIComponent(PATHS_STUB)}`, shortCircuit: true };
			}
			return next(specifier, context);
		}
	});
	return (await import(pathToFileURL(path.join(kit, 'src/runtime/server/cookie.js')).href)) as KitCookieModule;
}

// -- what both are asked --------------------------------------------------------------------------

const identity = (value: string) => value;
const upper = (value: string) => value.toUpperCase();

const URLS = ['https://example.com/foo/bar', 'http://localhost:5173/a/b', 'https://sub.example.com/page.html', 'https://example.com/'];
const HEADER_PARTS = ['a=1', 'b=x%20y', 'c="q"', ' d = 2 ', 'e=100%', 'a=dup', 'junk', '__proto__=p', 'f=f%C3%BC', 'g=', 'h=a=b'];
const NAMES = ['a', 'b', 'x', 'toString', 'a@b', 'a b', 'a;b', '', 'fü'];
const VALUES = ['v', 'x y', 'a/b:c', '100%', 'fü', '"q"', '', 'a,b', 'a;b'];
const OPTIONS: Array<Partial<CookieOptions> | undefined> = [
	undefined,
	{},
	{ path: '' },
	{ path: '/' },
	{ path: '../x' },
	{ path: 'sub' },
	{ path: '/foo' },
	{ path: undefined },
	{ domain: 'example.com' },
	{ domain: 'other.com', path: 'rel' },
	{ maxAge: 10 },
	{ maxAge: 1.5 },
	{ httpOnly: false, secure: true },
	{ sameSite: 'strict' },
	{ sameSite: 'bogus' as never },
	{ encode: identity },
	{ encode: upper, path: '' },
	{ expires: new Date(Date.UTC(2031, 0, 1)) },
	{ priority: 'high', partitioned: true }
];
const SUB_LINES = [
	'x=1',
	'y=a b',
	'z=1; Path',
	'w=1; Path=',
	'v=1; Path=/p; Max-Age=5; SameSite=Strict',
	'justvalue',
	'',
	'q=1; SameSite=bogus; Max-Age=1.5; Expires=never',
	'enc=1; Encode=x',
	'u="quoted"; Domain=example.com; HttpOnly'
];
const TARGETS = [
	'https://example.com/api/a.json',
	'https://example.com/',
	'https://example.com/x/y/z',
	'https://sub.example.com/foo/bar/baz'
];

type Step =
	| { kind: 'set' | 'delete'; name: string; value: string; options: number }
	| { kind: 'serialize'; name: string; value: string; options: number }
	| { kind: 'sub'; line: string; target: string };

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({
		kind: fc.constantFrom('set' as const, 'delete' as const),
		name: fc.constantFrom(...NAMES),
		value: fc.constantFrom(...VALUES),
		options: fc.nat(OPTIONS.length - 1)
	}),
	fc.record({
		kind: fc.constant('serialize' as const),
		name: fc.constantFrom(...NAMES),
		value: fc.constantFrom(...VALUES),
		options: fc.nat(OPTIONS.length - 1)
	}),
	fc.record({ kind: fc.constant('sub' as const), line: fc.constantFrom(...SUB_LINES), target: fc.constantFrom(...TARGETS) })
);

const scenario = fc.record({
	url: fc.constantFrom(...URLS),
	header: fc.option(
		fc.array(fc.constantFrom(...HEADER_PARTS), { maxLength: 5 }).map((parts) => parts.join('; ')),
		{ nil: undefined }
	),
	dev: fc.boolean(),
	steps: fc.array(step, { minLength: 1, maxLength: 6 })
});

/** What a call answered: its value, or the error it threw. */
function outcome(fn: () => unknown): unknown {
	try {
		return { ok: fn() };
	} catch (error) {
		return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
	}
}

/** The options of a step, fresh for each side (a side must not see the other's mutations). */
function optionsOf(index: number): CookieOptions {
	const options = OPTIONS[index];
	return (options && { ...options }) as CookieOptions;
}

// -- the comparison -------------------------------------------------------------------------------

describe('cookies (SvelteKit 3 rules) against SvelteKit 3.2.0 itself', function () {
	let kit: KitCookieModule;
	before(async function () {
		if (!nodeRunsKit3()) this.skip();
		kit = await loadKitCookies();
	});

	it('agrees on every call of random requests', () => {
		fc.assert(
			fc.property(scenario, ({ url, header, dev, steps }) => {
				const mine = createCookieJar(header, new URL(url), { rules: dev ? DEV_DEFAULTS : kit3CookieRules });
				const theirs = withKitDev(dev, () =>
					kit.get_cookies(new Request(url, header === undefined ? {} : { headers: { cookie: header } }), new URL(url))
				);
				theirs.set_trailing_slash('ignore');

				for (const item of steps) {
					if (item.kind === 'sub') {
						const at = new URL(item.target);
						assert.deepEqual(
							outcome(() => mine.setInternal(item.line, at)),
							outcome(() => storeLikeFetchJs(theirs.set_internal, item.line, at))
						);
					} else if (item.kind === 'serialize') {
						assert.deepEqual(
							outcome(() => mine.cookies.serialize(item.name, item.value, optionsOf(item.options))),
							outcome(() => theirs.cookies.serialize(item.name, item.value, optionsOf(item.options))),
							`serialize ${JSON.stringify(item)}`
						);
					} else {
						const call = (cookies: { set: KitCookies['set']; delete: KitCookies['delete'] }) =>
							item.kind === 'set'
								? cookies.set(item.name, item.value, optionsOf(item.options))
								: cookies.delete(item.name, optionsOf(item.options));
						assert.deepEqual(
							outcome(() => call(mine.cookies as never)),
							outcome(() => call(theirs.cookies)),
							JSON.stringify(item)
						);
					}
				}

				assert.deepEqual(
					outcome(() => mine.setCookieHeaders()),
					outcome(() => kitSetCookieLines(kit, theirs.new_cookies)),
					'Set-Cookie'
				);
				for (const name of new Set([...NAMES, 'c', 'd', 'e', 'f', 'g', 'h', '__proto__', 'constructor'])) {
					assert.equal(mine.cookies.get(name), theirs.cookies.get(name), `get ${name}`);
					assert.equal(
						mine.cookies.get(name, { decode: identity }),
						theirs.cookies.get(name, { decode: identity }),
						`get ${name} raw`
					);
				}
				assert.deepEqual(mine.cookies.getAll(), theirs.cookies.getAll(), 'getAll');
				assert.deepEqual(mine.cookies.getAll({ decode: upper }), theirs.cookies.getAll({ decode: upper }), 'getAll decode');
				// fetch.js asks for a Cookie header only for this host and its subdomains
				const sameSite = TARGETS.filter((destination) => `.${new URL(destination).hostname}`.endsWith(`.${new URL(url).hostname}`));
				for (const destination of sameSite) {
					for (const explicit of [null, 'a=explicit; n="q"']) {
						const at = new URL(destination);
						assert.equal(
							mine.cookieHeaderFor(at, explicit) ?? '',
							theirs.get_cookie_header(at, explicit),
							`Cookie for ${destination}`
						);
					}
				}
			}),
			{ numRuns: 400 }
		);
	});

	it('agrees on parse', () => {
		const theirs = withKitDev(false, () => kit.get_cookies(new Request('https://example.com/'), new URL('https://example.com/')));
		const mine = createCookieJar(undefined, new URL('https://example.com/'), { rules: kit3CookieRules });
		for (const line of [...SUB_LINES, 'a=x%20y==; Expires=Wed, 01 Jan 2031 00:00:00 GMT; Max-Age=-1; Priority=LOW; Partitioned']) {
			assert.deepEqual(mine.cookies.parse!(line), theirs.cookies.parse(line), line);
		}
		assert.deepEqual(Object.keys(mine.cookies), Object.keys(theirs.cookies));
	});
});

/** SvelteKit 3 reads `__SVELTEKIT_DEV__` (set by Vite) when it builds a request's defaults. */
function withKitDev<T>(dev: boolean, fn: () => T): T {
	const scope = globalThis as { __SVELTEKIT_DEV__?: boolean };
	scope.__SVELTEKIT_DEV__ = dev;
	try {
		return fn();
	} finally {
		delete scope.__SVELTEKIT_DEV__;
	}
}

/**
 * Development's defaults without its checks: SvelteKit's dev-only checks (size, path hints)
 * follow esm-env's DEV, which is off in this process, while `secure` follows `__SVELTEKIT_DEV__`.
 */
const DEV_DEFAULTS = { ...kit3CookieRules, defaults: (url: URL) => kit3CookieRules.defaults(url, true) };

/** fetch.js's loop over a sub-request's Set-Cookie lines, for one line. */
function storeLikeFetchJs(setInternal: (name: string, value: string, options: object) => void, line: string, target: URL): void {
	const { name, value, ...attributes } = parseSetCookie(line, { decode: identity });
	const directory = target.pathname.slice(0, target.pathname.lastIndexOf('/')) || '/';
	setInternal(name, value as string, { path: attributes.path ?? directory, encode: identity, ...attributes });
}

function kitSetCookieLines(kit: KitCookieModule, cookies: Map<string, unknown>): string[] {
	const headers = new Headers();
	kit.add_cookies_to_headers(headers, cookies.values());
	return headers.getSetCookie();
}
