// event.cookies with SvelteKit 3.2's rules (runtime/server/cookie.js and fetch.js, codec cookie@2),
// over Express and Koa, from the route tree test/fixtures/kit3/cookies. SvelteKit 2's are pinned
// in cookies.test.ts beside this file.
import assert from 'node:assert/strict';
import path from 'node:path';
import request from 'supertest';
import { redirect, type Handle } from '../../src/index.js';
import { FIXTURES, call, jsonOf, privateCopy, setCookies } from '../support/helpers.js';
import { EXPRESS_HOSTS, KOA_HOSTS, describeHosts, type TestApp } from '../support/hosts.js';

const ROUTES = path.join(FIXTURES, 'kit3', 'cookies', 'routes');
/** the attributes every cookie gets by default outside development, but on http://localhost */
const DEFAULTS = 'HttpOnly; Secure; SameSite=Lax';

/** The message of the error the app's handleError saw, and that there was just one. */
function onlyError(t: TestApp): string {
	assert.equal(t.errors.length, 1, String(t.errors.map((input) => input.error)));
	const [input] = t.errors.splice(0);
	return `${(input!.error as Error).name}: ${(input!.error as Error).message}`;
}

describeHosts(
	'cookies, SvelteKit 3',
	(host) => {
		// served in development and with kit 2 from copies of their own
		const devRoutes = privateCopy(ROUTES, `dev-${host.name}`);
		const kit2Routes = privateCopy(ROUTES, `kit2-${host.name}`);
		let t: TestApp;
		before(async () => {
			t = await host.createApp({ routes: ROUTES, options: { kit: 3 } });
		});
		afterEach(() => {
			t.errors.length = 0;
		});

		it('set() without options: path /, the defaults, visible at once to get()', async () => {
			const res = await call(request(t.app).get('/cookies/set'));
			assert.equal(res.text, 'teapot=brewing');
			assert.deepEqual(setCookies(res), [`teapot=brewing; Path=/; ${DEFAULTS}`]);
		});

		it('Secure is left out for http://localhost, and everywhere in development', async () => {
			const local = await call(request(t.app).get('/cookies/set').set('host', 'localhost:3000'));
			assert.deepEqual(setCookies(local), ['teapot=brewing; Path=/; HttpOnly; SameSite=Lax']);

			const dev = await host.createApp({ routes: devRoutes, options: { kit: 3, dev: true } });
			for (const hostHeader of ['127.0.0.1:3000', 'app.example']) {
				const res = await call(request(dev.app).get('/cookies/set').set('host', hostHeader));
				assert.deepEqual(setCookies(res), ['teapot=brewing; Path=/; HttpOnly; SameSite=Lax'], hostHeader);
			}
		});

		it('set, delete and serialize need no path', async () => {
			const res = await call(request(t.app).get('/cookies/no-path'));
			assert.equal(res.status, 200);
			assert.equal(res.text, `s=z; Path=/; ${DEFAULTS}`);
			assert.deepEqual(setCookies(res), [`x=y; Path=/; ${DEFAULTS}`, `gone=; Max-Age=0; Path=/; ${DEFAULTS}`]);
		});

		it('relative paths resolve against the request path; a foreign domain keeps its path', async () => {
			const res = await call(request(t.app).get('/cookies/relative/deep'));
			assert.deepEqual(setCookies(res), [
				`here=1; Path=/cookies/relative/deep; ${DEFAULTS}`,
				`up=1; Path=/cookies/x; ${DEFAULTS}`,
				`foreign=1; Domain=other.example; Path=verbatim; ${DEFAULTS}`
			]);
		});

		it('values are percent-encoded only when they need it; a custom encode is used as is', async () => {
			const res = await call(request(t.app).get('/cookies/encoding'));
			assert.deepEqual(setCookies(res), [
				`teapot=teapot%2C%20jane%20austen; Path=/; ${DEFAULTS}`,
				`url=http://localhost/path?x=1; Path=/; ${DEFAULTS}`,
				`custom=x; Path=/; ${DEFAULTS}`
			]);
			assert.deepEqual(jsonOf(res), { teapot: 'teapot, jane austen', url: 'http://localhost/path?x=1' });
		});

		it('request cookies: decoded when they can be, quotes kept', async () => {
			const res = await call(request(t.app).get('/cookies/read').set('cookie', 'a=f%C3%BC; q="quoted"; bad=100%'));
			assert.deepEqual(jsonOf(res), {
				a: 'fü',
				q: '"quoted"',
				raw: 'f%C3%BC',
				all: [
					{ name: 'a', value: 'fü' },
					{ name: 'q', value: '"quoted"' },
					{ name: 'bad', value: '100%' }
				]
			});
		});

		it('delete(): Max-Age=0; get() and getAll() no longer see the cookie', async () => {
			const res = await call(request(t.app).get('/cookies/delete').set('cookie', 'd=old; keep=1'));
			assert.deepEqual(setCookies(res), [`d=; Max-Age=0; Path=/; ${DEFAULTS}`]);
			assert.deepEqual(jsonOf(res), { get: null, getAll: [{ name: 'keep', value: '1' }] });
		});

		it('what cookie@2 refuses does not throw at set(), but fails the response with a 500', async () => {
			const refused: Array<[string, string]> = [
				['name', 'TypeError: cookie name is invalid: a b'],
				['max-age', 'TypeError: cookie maxAge is invalid: 1.5'],
				['encode', 'TypeError: cookie value is invalid: x y']
			];
			for (const [name, message] of refused) {
				const res = await call(request(t.app).get(`/cookies/bad/${name}`));
				assert.equal(res.status, 500, name);
				assert.doesNotMatch(res.text, /set (did not )?threw?/, 'the handler answer is replaced');
				assert.deepEqual(setCookies(res), [], name);
				assert.equal(onlyError(t), message);
			}
		});

		it('a refused cookie replaced before the response fails nothing', async () => {
			const res = await call(request(t.app).get('/cookies/bad/replaced'));
			assert.equal(res.status, 200);
			assert.equal(res.text, 'set did not throw');
			assert.deepEqual(setCookies(res), [`r=v; Max-Age=1; Path=/; ${DEFAULTS}`]);
		});

		it('serialize() throws cookie@2 errors at the call', async () => {
			const res = await call(request(t.app).get('/cookies/bad/serialize'));
			assert.equal(res.text, 'TypeError: cookie name is invalid: a b');
		});

		it('parse() reads a Set-Cookie line into what set() takes', async () => {
			const line = 'session=a%20b; Path=/p; Max-Age=60; SameSite=None; Secure; Unknown=1';
			const res = await call(request(t.app).get(`/cookies/parse?line=${encodeURIComponent(line)}`));
			assert.deepEqual(jsonOf(res), {
				name: 'session',
				value: 'a b',
				options: { path: '/p', maxAge: 60, sameSite: 'none', secure: true }
			});
			assert.deepEqual(setCookies(res), ['session=a%20b; Max-Age=60; Path=/p; HttpOnly; Secure; SameSite=None']);
		});

		it("dev: a cookie over 4096 bytes throws SvelteKit 3's error, and stays set", async () => {
			const dev = await host.createApp({ routes: devRoutes, options: { kit: 3, dev: true } });
			const fits = await call(request(dev.app).get('/cookies/large?size=4096'));
			assert.equal(fits.text, 'set');

			const tooLarge = await call(request(dev.app).get('/cookies/large?size=4097'));
			assert.deepEqual(jsonOf(tooLarge), {
				name: 'SvelteKit error',
				message:
					'cookie_too_large\nCookie `big` is too large, and will be discarded by the browser\n' +
					'https://svelte.dev/e/kit/cookie_too_large',
				stillSet: 4094
			});
			assert.equal(setCookies(tooLarge).length, 1);

			const prod = await call(request(t.app).get('/cookies/large?size=4097'));
			assert.equal(prod.text, 'set');
		});

		it('after the response is generated, set and delete throw and get works', async () => {
			const res = await call(request(t.app).get('/cookies/after-response'));
			const body = jsonOf(res) as Record<string, string>;
			// the words are SvelteKit 3's error for cookies.set after the response
			assert.match(body.set!, /Cannot use `cookies\.set\(\.\.\.\)` after the response has been generated/);
			assert.equal(body.delete, body.set);
			assert.equal(body.get, 'yes');
			assert.deepEqual(setCookies(res), [`early=yes; Path=/; ${DEFAULTS}`]);
		});

		it("event.fetch forwards request cookies raw and the handler's cookies as encodeURIComponent writes them", async () => {
			const res = await call(request(t.app).get('/cookies/fetch/echo').set('cookie', 'q="x"; a=1'));
			assert.deepEqual(jsonOf(res), { cookie: 'q="x"; a=1; c=a%2Fb' });
			assert.deepEqual(setCookies(res), [`c=a/b; Path=/; ${DEFAULTS}`]);
		});

		it("event.fetch keeps a sub-request's cookies as cookie@2 reads them", async () => {
			const res = await call(request(t.app).get('/cookies/fetch/sets'));
			// a bare `Path` puts the cookie at /; an unreadable SameSite or Max-Age is dropped
			assert.deepEqual(jsonOf(res), { status: 200, sub: '1', top: '2' });
			assert.deepEqual(setCookies(res), ['sub=1; Path=/', 'top=2; Path=/; HttpOnly']);
		});

		it('a sub-request cookie that cookie@2 cannot write fails the response, not the fetch', async () => {
			const res = await call(request(t.app).get('/cookies/fetch/spaced'));
			assert.equal(res.status, 500);
			assert.deepEqual(setCookies(res), []);
			assert.equal(onlyError(t), 'TypeError: cookie value is invalid: a b');
		});

		it('a redirect from handle fails as a 500 if a cookie set so far cannot be written', async () => {
			const handle: Handle = ({ event, resolve }) => {
				if (event.url.pathname !== '/cookies/set') return resolve(event);
				event.cookies.set('a b', 'v', { path: '/' });
				redirect(303, '/elsewhere');
			};
			const hooked = await host.createApp({ routes: ROUTES, options: { kit: 3, hooks: { handle } } });
			const res = await call(request(hooked.app).get('/cookies/set'));
			assert.equal(res.status, 500);
			assert.equal(res.headers.location, undefined);
			assert.equal(onlyError(hooked), 'TypeError: cookie name is invalid: a b');
		});

		it('follows the @sveltejs/kit the routes resolve (3 here) unless kit says otherwise', async () => {
			const detected = await host.createApp({ routes: ROUTES });
			const res = await call(request(detected.app).get('/cookies/set'));
			assert.deepEqual(setCookies(res), [`teapot=brewing; Path=/; ${DEFAULTS}`]);

			const kit2 = await host.createApp({ routes: kit2Routes, options: { kit: 2 } });
			const refused = await call(request(kit2.app).get('/cookies/set'));
			assert.equal(refused.status, 500);
			assert.equal(onlyError(kit2), 'Error: You must specify a `path` when setting, deleting or serializing cookies');
		});
	},
	[...EXPRESS_HOSTS, ...KOA_HOSTS]
);
