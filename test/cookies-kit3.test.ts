// The event.cookies jar with SvelteKit 3.2's rules (runtime/server/cookie.js and fetch.js, codec
// cookie@2); what SvelteKit 2's rules do instead is pinned in cookies.test.ts.
import assert from 'node:assert/strict';
import { createCookieJar, kit2CookieRules, kit3CookieRules, type CookieJar, type CookieOptions } from '../src/cookies/index.js';

/** the attributes every cookie gets by default on an https URL */
const DEFAULTS = 'HttpOnly; Secure; SameSite=Lax';

function jar(header?: string, url = 'https://example.com/foo/bar', dev = false): CookieJar {
	return createCookieJar(header, new URL(url), { dev, rules: kit3CookieRules });
}

/** Runs `fn` with console.warn captured; each call's arguments are returned. */
function warnings(fn: () => void): unknown[][] {
	const seen: unknown[][] = [];
	const original = console.warn;
	console.warn = (...args: unknown[]) => void seen.push(args);
	try {
		fn();
	} finally {
		console.warn = original;
	}
	return seen;
}

/** Options as SvelteKit 3 types them: `path` may be left out. */
const opts = (options: Partial<CookieOptions> = {}) => options as CookieOptions;
const noOptions = undefined as never;

/** SvelteKit 3's error for its code: the code, the sentence and the code's documentation page. */
function svelteKitError(code: string, sentence: string) {
	return { name: 'SvelteKit error', message: `${code}\n${sentence}\nhttps://svelte.dev/e/kit/${code}` };
}

describe('cookies (SvelteKit 3 rules)', () => {
	describe('path', () => {
		it('set, delete and serialize without a path use /', () => {
			const j = jar();
			j.cookies.set('a', '1', noOptions);
			j.cookies.set('b', '2', opts());
			j.cookies.set('c', '3', opts({ path: undefined, httpOnly: false }));
			j.cookies.delete('d', noOptions);
			assert.deepEqual(j.setCookieHeaders(), [
				`a=1; Path=/; ${DEFAULTS}`,
				`b=2; Path=/; ${DEFAULTS}`,
				'c=3; Path=/; Secure; SameSite=Lax',
				`d=; Max-Age=0; Path=/; ${DEFAULTS}`
			]);
			assert.equal(j.cookies.serialize('e', '5', noOptions), `e=5; Path=/; ${DEFAULTS}`);
		});

		it('still resolves relative paths, and keeps a foreign domain path verbatim', () => {
			const j = jar();
			j.cookies.set('a', '1', { path: '' });
			j.cookies.set('b', '1', { path: '../x' });
			j.cookies.set('c', '1', { path: 'rel', domain: 'other.com' });
			assert.deepEqual(
				j.setCookieHeaders().map((line) => line.split('; HttpOnly')[0]),
				['a=1; Path=/foo/bar', 'b=1; Path=/x', 'c=1; Domain=other.com; Path=rel']
			);
			assert.equal(j.cookies.serialize('d', '1', { path: '.' }), `d=1; Path=/foo/; ${DEFAULTS}`);
		});

		it('adds the `.html__data.json` twin too', () => {
			const j = jar(undefined, 'https://example.com/page.html');
			j.cookies.set('a', 'b', { path: '' });
			assert.deepEqual(j.setCookieHeaders(), [`a=b; Path=/page.html; ${DEFAULTS}`, `a=b; Path=/page.html__data.json; ${DEFAULTS}`]);
		});
	});

	describe('defaults', () => {
		it('omits Secure for http://localhost, and everywhere in development', () => {
			const line = (url: string, dev: boolean) => {
				const j = jar(undefined, url, dev);
				j.cookies.set('a', 'b', opts());
				return j.setCookieHeaders()[0];
			};
			assert.equal(line('http://localhost:5173/', false), 'a=b; Path=/; HttpOnly; SameSite=Lax');
			assert.equal(line('http://127.0.0.1/', false), `a=b; Path=/; ${DEFAULTS}`);
			assert.equal(line('https://example.com/', true), 'a=b; Path=/; HttpOnly; SameSite=Lax');
			assert.equal(
				jar(undefined, 'https://example.com/', true).cookies.serialize('a', 'b', opts()),
				'a=b; Path=/; HttpOnly; SameSite=Lax'
			);

			const secure = jar(undefined, 'https://example.com/', true);
			secure.cookies.set('a', 'b', opts({ secure: true }));
			assert.equal(secure.setCookieHeaders()[0], `a=b; Path=/; ${DEFAULTS}`);
		});
	});

	describe('serialising with cookie@2', () => {
		it('percent-encodes only values that need it', () => {
			const j = jar();
			const values = ['plain', 'a/b:c=d?e', 'x y', '100%', 'fü', 'say "hi"', 'a,b', 'a;b', 'a\\b'];
			for (const [index, value] of values.entries()) j.cookies.set(`c${index}`, value, opts());
			assert.deepEqual(
				j.setCookieHeaders().map((line) => line.split(';')[0]),
				['c0=plain', 'c1=a/b:c=d?e', 'c2=x%20y', 'c3=100%25', 'c4=f%C3%BC', 'c5=say%20%22hi%22', 'c6=a%2Cb', 'c7=a%3Bb', 'c8=a%5Cb']
			);
			// SvelteKit 2 encodes every value with encodeURIComponent
			const kit2 = createCookieJar(undefined, new URL('https://example.com/'), { rules: kit2CookieRules });
			kit2.cookies.set('c1', 'a/b:c=d?e', { path: '/' });
			assert.match(kit2.setCookieHeaders()[0] ?? '', /^c1=a%2Fb%3Ac%3Dd%3Fe;/);
		});

		it('writes the attributes in cookie@2 order', () => {
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

		it('checks what a custom encode returns', () => {
			const j = jar();
			j.cookies.set('a', 'x,"y"\\', opts({ encode: (value) => value }));
			assert.equal(j.setCookieHeaders()[0], `a=x,"y"\\; Path=/; ${DEFAULTS}`);
			j.cookies.set('b', 'x y', opts({ encode: (value) => value }));
			assert.throws(() => j.setCookieHeaders(), { name: 'TypeError', message: 'cookie value is invalid: x y' });
		});

		it('refuses what cookie@2 refuses when the response is serialised, not at set', () => {
			const cases: Array<[string, Partial<CookieOptions>, string]> = [
				['a b', {}, 'cookie name is invalid: a b'],
				['a;b', {}, 'cookie name is invalid: a;b'],
				['', {}, 'cookie name is invalid: '],
				['fü', {}, 'cookie name is invalid: fü'],
				['m', { maxAge: 90.7 }, 'cookie maxAge is invalid: 90.7'],
				['m', { maxAge: '60' as never }, 'cookie maxAge is invalid: 60'],
				['e', { expires: new Date(Date.UTC(10000, 0, 1)) }, 'cookie expires is invalid: '],
				['s', { sameSite: 'bogus' as never }, 'cookie sameSite is invalid: bogus'],
				['d', { domain: 'example com' }, 'cookie domain is invalid: example com']
			];
			for (const [name, options, message] of cases) {
				const j = jar();
				const seen = warnings(() => j.cookies.set(name, 'v', opts(options)));
				assert.deepEqual(seen, [], 'no warning about the name');
				if (!options.domain) assert.equal(j.cookies.get(name), 'v', `${JSON.stringify(name)} stored and visible`);
				assert.throws(
					() => j.setCookieHeaders(),
					(error: Error) => error instanceof TypeError && error.message.startsWith(message)
				);
			}
		});

		it('accepts names SvelteKit 2 warned about when cookie@2 takes them', () => {
			const j = jar();
			const seen = warnings(() => j.cookies.set('a@b(c)/d', 'v', opts()));
			assert.deepEqual(seen, []);
			assert.equal(j.setCookieHeaders()[0], `a@b(c)/d=v; Path=/; ${DEFAULTS}`);
		});

		it('serialize throws at the call', () => {
			const j = jar();
			assert.throws(() => j.cookies.serialize('a b', 'v', opts()), { name: 'TypeError', message: 'cookie name is invalid: a b' });
			assert.throws(() => j.cookies.serialize('a', 'v', opts({ maxAge: 1.5 })), TypeError);
		});

		it('a later valid cookie with the same key replaces an invalid one before the response', () => {
			const j = jar();
			j.cookies.set('a', 'b', opts({ maxAge: 1.5 }));
			j.cookies.set('a', 'b', opts({ maxAge: 1 }));
			assert.deepEqual(j.setCookieHeaders(), [`a=b; Max-Age=1; Path=/; ${DEFAULTS}`]);
		});
	});

	describe('get and getAll', () => {
		it('parses with cookie@2: quotes stay, % decodes when it can', () => {
			const j = jar('a=f%C3%BC; b=foo+bar; c=100%; d="quoted"; e=""');
			assert.equal(j.cookies.get('a'), 'fü');
			assert.equal(j.cookies.get('b'), 'foo+bar');
			assert.equal(j.cookies.get('c'), '100%');
			assert.equal(j.cookies.get('d'), '"quoted"');
			assert.equal(j.cookies.get('e'), '""');
		});

		it('takes the first of duplicate names and trims blanks', () => {
			const j = jar(' a = 1 ;a=2; junk; b=3');
			assert.equal(j.cookies.get('a'), '1');
			assert.equal(j.cookies.get('b'), '3');
		});

		it('lets a throwing custom decode throw, as cookie@2 does not catch it', () => {
			const j = jar('a=abc');
			assert.equal(j.cookies.get('a', { decode: (value) => value.toUpperCase() }), 'ABC');
			const failing = () => {
				throw new Error('no');
			};
			assert.throws(() => j.cookies.get('a', { decode: failing }), { message: 'no' });
			assert.throws(() => j.cookies.getAll({ decode: failing }), { message: 'no' });
		});

		it('getAll leaves out a cookie deleted in this request', () => {
			const j = jar('a=1; b=2');
			j.cookies.delete('a', opts());
			j.cookies.delete('z', opts());
			j.cookies.set('c', '3', opts());
			assert.deepEqual(j.cookies.getAll(), [
				{ name: 'b', value: '2' },
				{ name: 'c', value: '3' }
			]);
			assert.equal(j.cookies.get('a'), undefined);
		});

		it('getAll leaves out cookies a custom decode answers undefined for', () => {
			const j = jar('a=1; b=2; a=3');
			const decode = (value: string) => (value === '1' ? (undefined as never) : value);
			// cookie@2 fills a name again when its first value decoded to undefined
			assert.deepEqual(j.cookies.getAll({ decode }), [
				{ name: 'a', value: '3' },
				{ name: 'b', value: '2' }
			]);
		});

		it('treats __proto__ and friends as plain names', () => {
			const j = jar('__proto__=p; constructor=c');
			j.cookies.set('toString', 't', opts());
			assert.equal(j.cookies.get('__proto__'), 'p');
			assert.deepEqual(j.cookies.getAll(), [
				{ name: '__proto__', value: 'p' },
				{ name: 'constructor', value: 'c' },
				{ name: 'toString', value: 't' }
			]);
			assert.deepEqual(j.setCookieHeaders(), [`toString=t; Path=/; ${DEFAULTS}`]);
		});
	});

	describe('parse', () => {
		it("is cookie@2's parseSetCookie; SvelteKit 2's cookies have none", () => {
			const { cookies } = jar();
			assert.deepEqual(
				{ ...cookies.parse!('a=x%20y==; Path=/p; Max-Age=10; SameSite=Strict; HttpOnly; Unknown=1') },
				{ name: 'a', value: 'x y==', path: '/p', maxAge: 10, sameSite: 'strict', httpOnly: true }
			);
			const { expires, ...rest } = cookies.parse!('b=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT; SameSite=bogus; Max-Age=1.5');
			assert.deepEqual({ ...rest }, { name: 'b', value: '1' });
			assert.equal(expires?.toISOString(), '2031-01-01T00:00:00.000Z');
			assert.deepEqual({ ...cookies.parse!('a=x%20y', { decode: (value) => value }) }, { name: 'a', value: 'x%20y' });
			assert.deepEqual(Object.keys(cookies), ['get', 'getAll', 'set', 'delete', 'parse', 'serialize']);

			const kit2 = createCookieJar(undefined, new URL('https://example.com/'), { rules: kit2CookieRules });
			assert.equal('parse' in kit2.cookies, false);
		});

		it("feeds set, as SvelteKit's documentation shows", () => {
			const j = jar();
			const { name, value, ...options } = j.cookies.parse!('session=abc; Path=/; HttpOnly; Secure; SameSite=None');
			j.cookies.set(name, value ?? '', opts(options));
			assert.deepEqual(j.setCookieHeaders(), ['session=abc; Path=/; HttpOnly; Secure; SameSite=None']);
		});
	});

	describe('lock', () => {
		// the wording after the response is the core's (SvelteKit 3 swaps cookies.set for one that throws)
		it('makes set and delete throw, without asking for a path first', () => {
			const j = jar('a=1');
			j.lock();
			assert.throws(() => j.cookies.set('b', '2', opts()), /after the response has been generated/);
			assert.throws(() => j.cookies.delete('a', noOptions), /after the response has been generated/);
			assert.equal(j.cookies.get('a'), '1');
			assert.equal(j.cookies.serialize('c', '3', opts()), `c=3; Path=/; ${DEFAULTS}`);
		});
	});

	describe('dev checks', () => {
		it("throws SvelteKit 3's error for a cookie over 4096 bytes, which stays set", () => {
			const j = jar(undefined, undefined, true);
			j.cookies.set('a', 'a'.repeat(4095), opts());
			assert.throws(
				() => j.cookies.set('a', 'a'.repeat(4096), opts()),
				svelteKitError('cookie_too_large', 'Cookie `a` is too large, and will be discarded by the browser')
			);
			// SvelteKit 3 stores the cookie before it checks the size
			assert.equal(j.cookies.get('a'), 'a'.repeat(4096));
			assert.equal(j.setCookieHeaders().length, 1);
		});

		it('measures the value as encodeURIComponent writes it, whatever cookie@2 sends', () => {
			const j = jar(undefined, undefined, true);
			// '/' stays raw in the Set-Cookie line but counts as %2F, as in SvelteKit 3
			assert.throws(() => j.cookies.set('a', '/'.repeat(1366), opts()), /cookie_too_large/);
		});

		it('hints at a more specific path in the words of SvelteKit 3', () => {
			const set = jar(undefined, 'https://example.com/deep3/page', true);
			set.cookies.set('hinted-cookie-3', 'v', { path: '' });
			const seen = warnings(() => {
				const parent = jar(undefined, 'https://example.com/deep3', true);
				assert.equal(parent.cookies.get('hinted-cookie-3'), undefined);
			});
			assert.deepEqual(seen, [
				[
					'%c[sveltekit] cookie_path_mismatch\n' +
						'%c`hinted-cookie-3` cookie does not exist for `/deep3`, but was previously set at /deep3/page. ' +
						"Did you mean to set its `path` to `'/'` instead?\n" +
						'https://svelte.dev/e/kit/cookie_path_mismatch',
					'font-weight: bold',
					'font-weight: normal'
				]
			]);
		});
	});

	describe('cookieHeaderFor (event.fetch)', () => {
		it('sends request cookies raw, quotes included, and set cookies encoded with encodeURIComponent', () => {
			const j = jar('a=x%20y; b="q"', 'https://example.com/');
			j.cookies.set('c', 'a/b', opts());
			j.cookies.delete('a', opts());
			assert.equal(j.cookieHeaderFor(new URL('https://example.com/'), 'e="p"'), 'a=; b="q"; c=a%2Fb; e="p"');
			assert.match(j.setCookieHeaders()[0] ?? '', /^c=a\/b;/);
		});
	});

	describe('setInternal (Set-Cookie from an event.fetch sub-request)', () => {
		it('reads lines with cookie@2: raw value, no defaults, directory path', () => {
			const j = jar(undefined, 'https://example.com/api/b.json');
			j.setInternal('answer=4%202; Secure', new URL('https://example.com/api/a.json'));
			assert.deepEqual(j.setCookieHeaders(), ['answer=4%202; Path=/api; Secure']);
			assert.equal(j.cookies.get('answer'), '4%202');
		});

		it('drops attributes cookie@2 cannot read instead of failing on them', () => {
			const j = jar();
			j.setInternal(
				' s = v ; pAtH=/p ; max-AGE=10; EXPIRES=Wed, 01 Jan 2031 00:00:00 GMT; httponly; ' +
					'samesite=Bogus; PRIORITY=urgent; Encode=x; Unknown=1',
				new URL('https://example.com/')
			);
			j.setInternal('t=1; Max-Age=1.5; Expires=never', new URL('https://example.com/'));
			assert.deepEqual(j.setCookieHeaders(), [
				's=v; Max-Age=10; Path=/p; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly',
				't=1; Path=/'
			]);
		});

		it('puts a cookie with a bare Path attribute at /, like SvelteKit 3', () => {
			const j = jar(undefined, 'https://example.com/foo/bar');
			j.setInternal('a=1; Path', new URL('https://example.com/x/y/z'));
			j.setInternal('b=1; Path=', new URL('https://example.com/x/y/z'));
			j.setInternal('c=1', new URL('https://example.com/x/y/z'));
			assert.deepEqual(j.setCookieHeaders(), ['a=1; Path=/', 'b=1; Path=/foo/bar', 'c=1; Path=/x/y']);
		});

		it('keeps lines cookie@2 serialises no more, which fail the response', () => {
			for (const line of ['problem=comma, separated, values', 'justvalue', '']) {
				const j = jar();
				j.setInternal(line, new URL('https://example.com/api'));
				assert.throws(() => j.setCookieHeaders(), TypeError, JSON.stringify(line));
			}
		});
	});

	describe('linear time on hostile input (mocha timeout is the guard)', () => {
		it('parses huge Cookie and Set-Cookie headers', () => {
			const j = jar(';'.repeat(100_000) + 'a=1' + ' '.repeat(100_000) + '='.repeat(100_000));
			assert.equal(j.cookies.get('a'), '1' + ' '.repeat(100_000) + '='.repeat(100_000));
			j.cookies.getAll();
			const blanks = ' \t'.repeat(100_000);
			j.setInternal(`a=${blanks}b${blanks};${';x'.repeat(50_000)}`, new URL('https://example.com/'));
			j.cookies.parse!(`a=${blanks}b${blanks};${'; Path='.repeat(50_000)}`);
		});
	});
});
