// The event.cookies jar: rules §3.5 (SvelteKit 2 semantics) and event.fetch cookies (§3.7).
import assert from 'node:assert/strict';
import {
	createCookieJar,
	domainMatches,
	kit2CookieRules,
	parseSetCookie,
	pathMatches,
	resolvePath,
	type CookieJar
} from '../src/cookies/index.js';
import { captureConsole } from './support/helpers.js';

const PATH_REQUIRED = 'You must specify a `path` when setting, deleting or serializing cookies';
const LOCKED = 'Cannot use `cookies.set(...)` after the response has been generated';
/** the attributes every cookie gets by default on an https URL */
const DEFAULTS = 'HttpOnly; Secure; SameSite=Lax';

function jar(header?: string, url = 'https://example.com/foo/bar', dev = false): CookieJar {
	return createCookieJar(header, new URL(url), { dev });
}

/** Runs `fn` with console.warn captured; the messages are returned. */
function warnings(fn: () => void): string[] {
	const seen: string[] = [];
	const original = console.warn;
	console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
	try {
		fn();
	} finally {
		console.warn = original;
	}
	return seen;
}

/** Options typed loosely, for calls a JavaScript user could make. */
const noOptions = undefined as never;

describe('cookies', () => {
	describe('domainMatches (cookie.spec)', () => {
		const TRUE: Array<[string, string | undefined]> = [
			['localhost', undefined],
			['example.com', 'example.com'],
			['sub.example.com', 'example.com'],
			['example.com', '.example.com'],
			['sub.example.com', '.example.com']
		];
		for (const [hostname, constraint] of TRUE) {
			it(`(${hostname}, ${constraint}) is true`, () => {
				assert.equal(domainMatches(hostname, constraint), true);
			});
		}

		it('rejects a host that merely ends with the same letters', () => {
			assert.equal(domainMatches('myexample.com', 'example.com'), false);
			assert.equal(domainMatches('example.com', 'sub.example.com'), false);
		});
	});

	describe('pathMatches (cookie.spec)', () => {
		const CASES: Array<[string, string | undefined, boolean]> = [
			['/', undefined, true],
			['/foo', '/', true],
			['/foo', '/foo', true],
			['/foo/', '/foo', true],
			['/foo', '/foo/', true],
			['/', '/foo', false],
			['/food', '/foo', false]
		];
		for (const [path, constraint, expected] of CASES) {
			it(`(${path}, ${constraint}) is ${expected}`, () => {
				assert.equal(pathMatches(path, constraint), expected);
			});
		}
	});

	describe('resolvePath (url.spec resolve)', () => {
		const CASES: Array<[string, string]> = [
			['d', '/a/b/d'],
			['d/', '/a/b/d/'],
			['../d', '/a/d'],
			['', '/a/b/c'],
			['.', '/a/b/'],
			['//example.com/foo', '//example.com/foo']
		];
		for (const [path, expected] of CASES) {
			it(`('/a/b/c', ${JSON.stringify(path)}) -> ${expected}`, () => {
				assert.equal(resolvePath('/a/b/c', path), expected);
			});
		}
	});

	describe('set and the Set-Cookie lines', () => {
		it('encodes the value and applies the defaults, in cookie attribute order', () => {
			const j = jar();
			j.cookies.set('a', 'x y', { path: '/' });
			assert.deepEqual(j.setCookieHeaders(), ['a=x%20y; Path=/; HttpOnly; Secure; SameSite=Lax']);
		});

		it('renders every attribute in the cookie library order', () => {
			const j = jar();
			j.cookies.set('a', 'b', {
				path: '/',
				domain: 'example.com',
				maxAge: 60,
				expires: new Date(Date.UTC(2030, 0, 1)),
				partitioned: true,
				priority: 'high',
				sameSite: 'strict'
			});
			assert.deepEqual(j.setCookieHeaders(), [
				'a=b; Max-Age=60; Domain=example.com; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; ' +
					'HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict'
			]);
		});

		it('omits Secure only for http://localhost', () => {
			const line = (url: string) => {
				const j = jar(undefined, url);
				j.cookies.set('a', 'b', { path: '/' });
				return j.setCookieHeaders()[0];
			};
			assert.equal(line('http://localhost:5173/'), 'a=b; Path=/; HttpOnly; SameSite=Lax');
			assert.equal(line('https://localhost/'), 'a=b; Path=/; HttpOnly; Secure; SameSite=Lax');
			assert.equal(line('http://127.0.0.1/'), 'a=b; Path=/; HttpOnly; Secure; SameSite=Lax');
		});

		it('lets user options override the defaults', () => {
			const j = jar();
			j.cookies.set('a', 'b', { path: '/', httpOnly: false, secure: false, sameSite: 'none' });
			assert.deepEqual(j.setCookieHeaders(), ['a=b; Path=/; SameSite=None']);
		});

		it('uses a custom encode for the value', () => {
			const j = jar();
			j.cookies.set('a', 'x y', { path: '/', encode: (value) => value.toUpperCase() });
			assert.deepEqual(j.setCookieHeaders(), ['a=X Y; Path=/; HttpOnly; Secure; SameSite=Lax']);
		});

		it('floors a fractional maxAge as SvelteKit 2 did', () => {
			const j = jar();
			j.cookies.set('a', 'b', { path: '/', maxAge: 90.7 });
			assert.match(j.setCookieHeaders()[0] ?? '', /^a=b; Max-Age=90; Path=\//);
		});

		it('emits one line per cookie in order of setting', () => {
			const j = jar();
			j.cookies.set('b', '1', { path: '/' });
			j.cookies.set('a', '2', { path: '/' });
			j.cookies.set('c', '3', { path: '/x' });
			assert.deepEqual(
				j.setCookieHeaders().map((line) => line.split(';')[0]),
				['b=1', 'a=2', 'c=3']
			);
		});

		it('replaces a cookie with the same domain, path and name, keeping its place', () => {
			const j = jar();
			j.cookies.set('a', '1', { path: '/' });
			j.cookies.set('b', '1', { path: '/' });
			j.cookies.set('a', '2', { path: '/' });
			j.cookies.set('a', '3', { path: '/foo' });
			j.cookies.set('a', '4', { path: '/', domain: 'example.com' });
			j.cookies.set('A', '5', { path: '/' });
			assert.deepEqual(
				j.setCookieHeaders().map((line) => line.split('; HttpOnly')[0]),
				['a=2; Path=/', 'b=1; Path=/', 'a=3; Path=/foo', 'a=4; Domain=example.com; Path=/', 'A=5; Path=/']
			);
		});

		it('adds a `.html__data.json` twin for paths ending in .html', () => {
			const j = jar(undefined, 'https://example.com/page.html');
			j.cookies.set('a', 'b', { path: '/page.html' });
			assert.deepEqual(j.setCookieHeaders(), [
				'a=b; Path=/page.html; HttpOnly; Secure; SameSite=Lax',
				'a=b; Path=/page.html__data.json; HttpOnly; Secure; SameSite=Lax'
			]);
		});

		it('requires a path for set, delete and serialize', () => {
			const j = jar();
			assert.throws(() => j.cookies.set('a', 'b', noOptions), { message: PATH_REQUIRED });
			assert.throws(() => j.cookies.set('a', 'b', {} as never), { message: PATH_REQUIRED });
			assert.throws(() => j.cookies.delete('a', noOptions), { message: PATH_REQUIRED });
			assert.throws(() => j.cookies.serialize('a', 'b', noOptions), { message: PATH_REQUIRED });
			assert.deepEqual(j.setCookieHeaders(), []);
		});

		it('throws the cookie library TypeError for an invalid name at the call', () => {
			const j = jar();
			for (const name of ['', 'a;b', 'a=b', 'a\nb']) {
				const seen = warnings(() => assert.throws(() => j.cookies.set(name, 'v', { path: '/' }), TypeError, JSON.stringify(name)));
				assert.ok(seen.length <= 1);
			}
			assert.deepEqual(j.setCookieHeaders(), []);
		});

		it('accepts what SvelteKit 2 accepted from a custom encode, but not control characters', () => {
			const j = jar();
			j.cookies.set('a', 'x, "y"', { path: '/', encode: (value) => value });
			assert.deepEqual(j.setCookieHeaders(), ['a=x, "y"; Path=/; HttpOnly; Secure; SameSite=Lax']);
			assert.throws(() => j.cookies.set('b', 'x\ny', { path: '/', encode: (value) => value }), {
				name: 'TypeError',
				message: 'argument val is invalid'
			});
		});

		it('rejects an invalid attribute at the call', () => {
			const j = jar();
			const sameSite = 'bogus' as never;
			assert.throws(() => j.cookies.set('a', 'b', { path: '/', sameSite }), TypeError);
			assert.throws(() => j.cookies.set('a', 'b', { path: '/', maxAge: Number.NaN }), TypeError);
		});
	});

	describe('relative paths', () => {
		const CASES: Array<[string, string, string]> = [
			['/foo/bar', '', '/foo/bar'],
			['/foo/bar', 'baz', '/foo/baz'],
			['/foo/bar', '.', '/foo/'],
			['/foo/bar', '../x', '/x'],
			['/cookies', '', '/cookies'],
			['/cookies', 'sub', '/sub']
		];
		for (const [pathname, path, expected] of CASES) {
			it(`on ${pathname}: ${JSON.stringify(path)} -> ${expected}`, () => {
				const j = jar(undefined, `https://example.com${pathname}`);
				j.cookies.set('a', 'b', { path });
				assert.equal(j.setCookieHeaders()[0], `a=b; Path=${expected}; HttpOnly; Secure; SameSite=Lax`);
				assert.equal(j.cookies.serialize('a', 'b', { path }), `a=b; Path=${expected}; HttpOnly; Secure; SameSite=Lax`);
			});
		}

		it('resolves when the domain is the request hostname, not for a foreign domain', () => {
			const j = jar();
			j.cookies.set('a', 'b', { path: 'x', domain: 'example.com' });
			j.cookies.set('c', 'd', { path: 'x', domain: 'other.com' });
			assert.deepEqual(
				j.setCookieHeaders().map((line) => line.split('; HttpOnly')[0]),
				['a=b; Domain=example.com; Path=/foo/x', 'c=d; Domain=other.com; Path=x']
			);
		});
	});

	describe('delete', () => {
		it('sets an empty value with Max-Age=0 and no Expires', () => {
			const j = jar();
			j.cookies.delete('d', { path: '/' });
			assert.deepEqual(j.setCookieHeaders(), [`d=; Max-Age=0; Path=/; ${DEFAULTS}`]);
		});

		it('does not let maxAge be overridden', () => {
			const j = jar();
			j.cookies.delete('d', { path: '/', maxAge: 3600 });
			assert.match(j.setCookieHeaders()[0] ?? '', /^d=; Max-Age=0;/);
		});

		it('replaces an earlier set of the same cookie', () => {
			const j = jar();
			j.cookies.set('d', 'v', { path: '/' });
			j.cookies.delete('d', { path: '/' });
			assert.equal(j.setCookieHeaders().length, 1);
			assert.equal(j.cookies.get('d'), undefined);
		});
	});

	describe('get', () => {
		it('reads the request header, decoding only when % is present', () => {
			const j = jar('a=f%C3%BC; b=foo+bar; c=100%; d="quoted"');
			assert.equal(j.cookies.get('a'), 'fü');
			assert.equal(j.cookies.get('b'), 'foo+bar');
			assert.equal(j.cookies.get('c'), '100%', 'a malformed escape stays raw');
			assert.equal(j.cookies.get('d'), 'quoted');
			assert.equal(j.cookies.get('missing'), undefined);
		});

		it('takes the first of duplicate names and trims whitespace', () => {
			const j = jar(' a = 1 ;a=2; junk; b=3');
			assert.equal(j.cookies.get('a'), '1');
			assert.equal(j.cookies.get('b'), '3');
		});

		it('uses a custom decode, falling back to the raw value when it throws', () => {
			const j = jar('a=abc');
			assert.equal(j.cookies.get('a', { decode: (value) => value.toUpperCase() }), 'ABC');
			const failing = () => {
				throw new Error('no');
			};
			assert.equal(j.cookies.get('a', { decode: failing }), 'abc');
		});

		it('returns a cookie set in this request at once, unencoded', () => {
			const j = jar('a=old');
			j.cookies.set('a', 'new value', { path: '/' });
			assert.equal(j.cookies.get('a'), 'new value');
		});

		it('ignores set cookies whose path or domain does not cover the request', () => {
			const j = jar('a=from-header');
			j.cookies.set('a', 'other-path', { path: '/other' });
			j.cookies.set('a', 'other-domain', { path: '/', domain: 'other.com' });
			j.cookies.set('a', 'food', { path: '/food' });
			assert.equal(j.cookies.get('a'), 'from-header');
		});

		it('sees cookies for a parent domain', () => {
			const j = jar(undefined, 'https://sub.example.com/');
			j.cookies.set('a', 'b', { path: '/', domain: '.example.com' });
			assert.equal(j.cookies.get('a'), 'b');
		});

		it('prefers the most specific path whatever the order of setting (#13947)', () => {
			for (const order of [
				['/', '/foo', '/foo/bar'],
				['/foo/bar', '/foo', '/']
			]) {
				const j = jar();
				for (const path of order) j.cookies.set('a', path, { path });
				assert.equal(j.cookies.get('a'), '/foo/bar');
				assert.deepEqual(j.cookies.getAll(), [{ name: 'a', value: '/foo/bar' }]);
			}
		});

		it('returns undefined for a cookie deleted in this request, even if the request had it', () => {
			const j = jar('a=1');
			j.cookies.delete('a', { path: '/' });
			assert.equal(j.cookies.get('a'), undefined);
		});

		it('lets a more specific live cookie win over a broader deletion', () => {
			const j = jar();
			j.cookies.delete('a', { path: '/' });
			j.cookies.set('a', 'b', { path: '/foo' });
			assert.equal(j.cookies.get('a'), 'b');
		});
	});

	describe('getAll', () => {
		it('lists request cookies, overlaid by matching set cookies', () => {
			const j = jar('a=1; b=x%20y');
			j.cookies.set('b', '2', { path: '/' });
			j.cookies.set('c', '3', { path: '/foo' });
			j.cookies.set('d', '4', { path: '/elsewhere' });
			assert.deepEqual(j.cookies.getAll(), [
				{ name: 'a', value: '1' },
				{ name: 'b', value: '2' },
				{ name: 'c', value: '3' }
			]);
		});

		it('applies a custom decode to request cookies only', () => {
			const j = jar('a=x%20y');
			j.cookies.set('b', 'p q', { path: '/' });
			assert.deepEqual(j.cookies.getAll({ decode: (value) => `<${value}>` }), [
				{ name: 'a', value: '<x%20y>' },
				{ name: 'b', value: 'p q' }
			]);
		});

		it("v2 quirk: lists a cookie deleted in this request with the value ''", () => {
			const j = jar('a=1; b=2');
			j.cookies.delete('a', { path: '/' });
			j.cookies.delete('z', { path: '/' });
			assert.deepEqual(j.cookies.getAll(), [
				{ name: 'a', value: '' },
				{ name: 'b', value: '2' },
				{ name: 'z', value: '' }
			]);
		});
	});

	describe('serialize', () => {
		it('applies defaults and path resolution without adding a Set-Cookie line', () => {
			const j = jar();
			const line = j.cookies.serialize('a', 'x y', { path: 'baz' });
			assert.equal(line, `a=x%20y; Path=/foo/baz; ${DEFAULTS}`);
			assert.deepEqual(j.setCookieHeaders(), []);
			assert.equal(j.cookies.get('a'), undefined);
		});
	});

	describe('lock', () => {
		it('makes set and delete throw but keeps get, getAll and serialize working', () => {
			const j = jar('a=1');
			j.cookies.set('b', '2', { path: '/' });
			j.lock();
			assert.throws(() => j.cookies.set('c', '3', { path: '/' }), { message: LOCKED });
			assert.throws(() => j.cookies.delete('a', { path: '/' }), { message: LOCKED });
			assert.equal(j.cookies.get('a'), '1');
			assert.equal(j.cookies.get('b'), '2');
			assert.equal(j.cookies.getAll().length, 2);
			assert.equal(j.cookies.serialize('c', '3', { path: '/' }), `c=3; Path=/; ${DEFAULTS}`);
			assert.equal(j.setCookieHeaders().length, 1);
		});

		it('still checks the path of delete first, as SvelteKit does', () => {
			const j = jar();
			j.lock();
			assert.throws(() => j.cookies.delete('a', noOptions), { message: PATH_REQUIRED });
			assert.throws(() => j.cookies.set('a', 'b', noOptions), { message: LOCKED });
		});
	});

	describe('dev checks', () => {
		it('throws when name plus encoded value exceed 4096 bytes (4095 a passes, 4096 throws)', () => {
			const j = jar(undefined, undefined, true);
			j.cookies.set('a', 'a'.repeat(4095), { path: '/' });
			assert.throws(() => j.cookies.set('a', 'a'.repeat(4096), { path: '/' }), {
				message: 'Cookie "a" is too large, and will be discarded by the browser'
			});
			assert.equal(j.cookies.get('a'), 'a'.repeat(4095), 'the rejected value is not stored');
		});

		it('measures the encoded value in bytes', () => {
			const j = jar(undefined, undefined, true);
			// 'é' is 2 UTF-8 bytes, 6 once percent-encoded
			assert.throws(() => j.cookies.set('a', 'é'.repeat(683), { path: '/' }), /too large/);
			j.cookies.set('b', 'é'.repeat(683), { path: '/', encode: (value) => value });
		});

		it('does not check the size outside dev', () => {
			jar().cookies.set('a', 'a'.repeat(5000), { path: '/' });
		});

		it('hints at a more specific path when get finds nothing', () => {
			const set = jar(undefined, 'https://example.com/deep/page', true);
			set.cookies.set('hinted-cookie', 'v', { path: '' });
			const seen = warnings(() => {
				const parent = jar(undefined, 'https://example.com/deep', true);
				assert.equal(parent.cookies.get('hinted-cookie'), undefined);
			});
			assert.deepEqual(seen, [
				"'hinted-cookie' cookie does not exist for /deep, but was previously set at /deep/page. " +
					"Did you mean to set its 'path' to '/' instead?"
			]);
			assert.deepEqual(
				warnings(() => jar(undefined, 'https://example.com/deep').cookies.get('hinted-cookie')),
				[],
				'silent outside dev'
			);
		});
	});

	describe('cookie name warning (v2)', () => {
		it('warns about characters SvelteKit 3 will reject, naming the first one', () => {
			const j = jar();
			const seen = warnings(() => j.cookies.set('a@b(c)', 'v', { path: '/' }));
			assert.deepEqual(seen, [
				'The cookie name "a@b(c)" will be invalid in SvelteKit 3.0 as it contains @. ' +
					'See RFC 2616 for more details https://datatracker.ietf.org/doc/html/rfc2616#section-2.2'
			]);
			assert.equal(j.cookies.get('a@b(c)'), 'v');
		});

		it('warns before cookie@1 rejects a name with a space, and for delete too', () => {
			const j = jar();
			const set = () => j.cookies.set('a b', 'v', { path: '/' });
			const seen = warnings(() => assert.throws(set, TypeError));
			assert.equal(seen.length, 1);
			assert.equal(warnings(() => j.cookies.delete('x/y', { path: '/' })).length, 1);
			assert.equal(warnings(() => j.cookies.set('plain_name-1', 'v', { path: '/' })).length, 0);
		});
	});

	describe('prototype-safe names', () => {
		it('treats __proto__, constructor and toString as plain names', () => {
			const j = jar('__proto__=p; constructor=c; toString=t');
			assert.equal(j.cookies.get('__proto__'), 'p');
			assert.equal(j.cookies.get('constructor'), 'c');
			assert.equal(j.cookies.get('toString'), 't');
			assert.equal(j.cookies.get('hasOwnProperty'), undefined);

			j.cookies.set('__proto__', 'q', { path: '/' });
			j.cookies.set('valueOf', 'v', { path: '/' });
			assert.equal(j.cookies.get('__proto__'), 'q');
			assert.deepEqual(j.cookies.getAll(), [
				{ name: '__proto__', value: 'q' },
				{ name: 'constructor', value: 'c' },
				{ name: 'toString', value: 't' },
				{ name: 'valueOf', value: 'v' }
			]);
			assert.equal(
				j.cookieHeaderFor(new URL('https://example.com/'), 'hasOwnProperty=h'),
				'__proto__=q; constructor=c; toString=t; valueOf=v; hasOwnProperty=h'
			);
			assert.equal(({} as Record<string, unknown>).q, undefined);
			assert.equal(typeof ({} as { toString: unknown }).toString, 'function');
		});
	});

	describe('cookieHeaderFor (event.fetch, rules §3.7)', () => {
		it('combines request, set and explicit cookies (cookie.spec get_cookie_header)', () => {
			const j = jar('a=f%C3%BC; b=foo+bar', 'https://example.com/');
			j.cookies.set('c', 'fö', { path: '/' });
			j.cookies.set('d', 'fö', { path: '/', encode: () => 'öf' });
			assert.equal(
				j.cookieHeaderFor(new URL('https://example.com/'), 'e=f%C3%A4; f=foo+bar'),
				'a=f%C3%BC; b=foo+bar; c=f%C3%B6; d=öf; e=f%C3%A4; f=foo+bar'
			);
		});

		it('lets the explicit header override same-named cookies, in place', () => {
			const j = jar('a=1; b=2');
			j.cookies.set('b', '3', { path: '/' });
			assert.equal(j.cookieHeaderFor(new URL('https://example.com/'), 'b=4; a=5'), 'a=5; b=4');
		});

		it('sends set cookies only where their domain and path match the target', () => {
			const j = jar();
			j.cookies.set('api', '1', { path: '/api' });
			j.cookies.set('other', '2', { path: '/', domain: 'other.com' });
			j.cookies.set('root', '3', { path: '/' });
			assert.equal(j.cookieHeaderFor(new URL('https://example.com/api/x'), null), 'api=1; root=3');
			assert.equal(j.cookieHeaderFor(new URL('https://example.com/apis'), null), 'root=3');
		});

		it('forwards a cookie deleted in this request as an empty value, as SvelteKit 2 does', () => {
			const j = jar('a=1');
			j.cookies.delete('a', { path: '/' });
			assert.equal(j.cookieHeaderFor(new URL('https://example.com/'), null), 'a=');
		});

		it('sends the request cookies raw', () => {
			const j = jar('a=x%20y; b="q"');
			assert.equal(j.cookieHeaderFor(new URL('https://example.com/'), null), 'a=x%20y; b=q');
		});

		it('forwards to the app host and its subdomains, whatever the port or protocol', () => {
			const j = jar('a=1', 'https://my.domain.com/');
			const targets = ['http://my.domain.com:8080/x', 'https://sub.my.domain.com/', 'https://a.b.my.domain.com/'];
			for (const target of targets) {
				assert.equal(j.cookieHeaderFor(new URL(target), null), 'a=1', target);
			}
		});

		it('sends only the explicit header to other hosts', () => {
			const j = jar('a=1', 'https://my.domain.com/');
			j.cookies.set('b', '2', { path: '/', domain: 'domain.com' });
			const targets = ['https://domain.com/', 'https://api.domain.com/', 'https://notmy.domain.com/', 'https://evilmy.domain.com/'];
			for (const target of targets) {
				assert.equal(j.cookieHeaderFor(new URL(target), null), undefined, target);
				assert.equal(j.cookieHeaderFor(new URL(target), 'x=y'), 'x=y', target);
			}
		});

		it('returns undefined when there is nothing to send', () => {
			assert.equal(jar().cookieHeaderFor(new URL('https://example.com/'), null), undefined);
			assert.equal(jar('').cookieHeaderFor(new URL('https://example.com/'), ''), undefined);
		});
	});

	describe('setInternal (Set-Cookie from an event.fetch sub-request)', () => {
		it('keeps the value raw and applies no defaults', () => {
			const j = jar(undefined, 'https://example.com/');
			j.setInternal('answer=42; Path=/', new URL('https://example.com/api/a.json'));
			j.setInternal('problem=comma, separated, values', new URL('https://example.com/api/a.json'));
			assert.deepEqual(j.setCookieHeaders(), ['answer=42; Path=/', 'problem=comma, separated, values; Path=/api']);
		});

		it('defaults the path to the target directory', () => {
			const j = jar(undefined, 'https://example.com/');
			const directories: Array<[string, string]> = [
				['https://example.com/a/b/c', '/a/b'],
				['https://example.com/a/b/', '/a/b'],
				['https://example.com/a', '/'],
				['https://example.com/', '/']
			];
			for (const [target, expected] of directories) {
				j.setInternal('x=1', new URL(target));
				assert.equal(j.setCookieHeaders().at(-1), `x=1; Path=${expected}`);
			}
		});

		it('makes the cookie visible to get and to later fetches, raw', () => {
			const j = jar(undefined, 'https://example.com/page');
			j.setInternal('answer=4%202', new URL('https://example.com/a.json'));
			assert.equal(j.cookies.get('answer'), '4%202');
			assert.equal(j.cookieHeaderFor(new URL('https://example.com/b.json'), null), 'answer=4%202');
		});

		it('reads attributes case-insensitively and drops unparseable Expires/Max-Age, as set-cookie-parser warns', async () => {
			const j = jar();
			j.setInternal(
				' s = v ; pAtH=/p ; DOMAIN=example.com; max-AGE=10; EXPIRES=Wed, 01 Jan 2031 00:00:00 GMT; ' +
					'httponly; SECURE; Partitioned; PRIORITY=low; samesite=Strict; Unknown=1',
				new URL('https://example.com/')
			);
			// SvelteKit 2 reads sub-request cookies with set-cookie-parser too, which prints these
			const { output } = await captureConsole(async () =>
				j.setInternal('t=1; Max-Age=1.5; Expires=never', new URL('https://example.com/'))
			);
			assert.equal(output, 'set-cookie-parser: failed to parse max-age: 1.5\nset-cookie-parser: failed to parse expires time: never');
			assert.deepEqual(j.setCookieHeaders(), [
				's=v; Max-Age=10; Domain=example.com; Path=/p; Expires=Wed, 01 Jan 2031 00:00:00 GMT; ' +
					'HttpOnly; Secure; Partitioned; Priority=Low; SameSite=Strict',
				't=1; Path=/'
			]);
		});

		it('parses a Set-Cookie line like set-cookie-parser', () => {
			assert.deepEqual(parseSetCookie('a=b=c; Path=/x'), {
				name: 'a',
				value: 'b=c',
				options: { path: '/x' }
			});
			assert.deepEqual(parseSetCookie('justvalue'), { name: '', value: 'justvalue', options: {} });
			assert.equal(parseSetCookie(''), undefined);
			assert.equal(parseSetCookie(' = ; Path=/'), undefined);
		});

		it('resolves a relative Path against the request URL, except for foreign domains', () => {
			const j = jar(undefined, 'https://example.com/foo/bar');
			j.setInternal('a=1; Path=', new URL('https://example.com/x/y'));
			j.setInternal('b=1; Path=rel; Domain=other.com', new URL('https://example.com/x/y'));
			assert.deepEqual(j.setCookieHeaders(), ['a=1; Path=/foo/bar', 'b=1; Domain=other.com; Path=rel']);
		});

		it('ignores an empty line and is not stopped by lock', () => {
			const j = jar();
			j.setInternal('', new URL('https://example.com/'));
			j.lock();
			j.setInternal('late=1', new URL('https://example.com/'));
			assert.deepEqual(j.setCookieHeaders(), ['late=1; Path=/']);
		});

		it('replaces a cookie the handler set with the same key', () => {
			const j = jar(undefined, 'https://example.com/');
			j.cookies.set('a', 'mine', { path: '/' });
			j.setInternal('a=theirs; Path=/', new URL('https://example.com/x'));
			assert.deepEqual(j.setCookieHeaders(), ['a=theirs; Path=/']);
		});
	});

	describe('rules', () => {
		it("follows SvelteKit 2's rules unless given others", () => {
			const url = new URL('https://example.com/foo/bar');
			const plain = createCookieJar('a=1', url);
			const kit2 = createCookieJar('a=1', url, { rules: kit2CookieRules });
			for (const j of [plain, kit2]) {
				j.cookies.set('b', 'x y', { path: '' });
				j.cookies.delete('a', { path: '/' });
			}
			assert.deepEqual(plain.setCookieHeaders(), kit2.setCookieHeaders());
			assert.deepEqual(plain.cookies.getAll(), kit2.cookies.getAll());
		});

		it('takes the defaults, codec, name check and getAll listing from the rules', () => {
			const names: string[] = [];
			const j = createCookieJar('a=1; c=3', new URL('https://example.com/'), {
				rules: {
					...kit2CookieRules,
					defaults: () => ({ sameSite: 'strict' }),
					serialize: (name, value, options) => `${name}:${value}:${options.path}:${options.sameSite}`,
					parseHeader: () => new Map([['from', 'rules']]),
					checkName: (name) => void names.push(name),
					listDeleted: false
				}
			});
			j.cookies.set('b', '2', { path: '/' });
			j.cookies.delete('from', { path: '/' });
			assert.deepEqual(j.setCookieHeaders(), ['b:2:/:strict', 'from::/:strict']);
			assert.deepEqual(names, ['b', 'from']);
			assert.deepEqual(j.cookies.getAll(), [{ name: 'b', value: '2' }]);
			assert.equal(j.cookies.serialize('c', '3', { path: '/' }), 'c:3:/:strict');
		});
	});

	describe('linear time on hostile input (mocha timeout is the guard)', () => {
		it('parses huge Cookie and Set-Cookie headers', () => {
			const j = jar(';'.repeat(100_000) + 'a=1' + ' '.repeat(100_000) + '='.repeat(100_000));
			assert.equal(j.cookies.get('a'), '1' + ' '.repeat(100_000) + '='.repeat(100_000));
			j.cookies.getAll();
			const blanks = ' \t'.repeat(100_000);
			parseSetCookie(`a=${blanks}b${blanks};${';x'.repeat(50_000)}`);
		});
	});
});
