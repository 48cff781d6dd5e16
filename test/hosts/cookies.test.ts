// event.cookies with SvelteKit 2 rules (rules §3.5, §2.12) as a client sees them, §8 rows 47
// and 61 (the cookie operations; the browser navigation parts do not apply).
import assert from 'node:assert/strict';
import request from 'supertest';
import { ROUTES, call, jsonOf, privateCopy, setCookies } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

const DEFAULTS = 'HttpOnly; Secure; SameSite=Lax';

describeHosts('cookies', (host) => {
	const createApp = host.createApp;
	const devRoutes = privateCopy(ROUTES, `dev-${host.name}`);
	let t: TestApp;
	before(async () => {
		t = await createApp({
			before: [
				({ res, path }) => {
					if (path === '/cookies/serialize') res.appendHeader('Set-Cookie', 'before=before; Path=/');
				}
			]
		});
	});

	it('set(): one Set-Cookie line with the v2 defaults, visible at once to get()', async () => {
		const res = await call(request(t.app).get('/cookies/set'));
		assert.equal(res.text, 'teapot=brewing');
		assert.deepEqual(setCookies(res), [`teapot=brewing; Path=/; ${DEFAULTS}`]);
	});

	it('Secure is left out only for http://localhost', async () => {
		const local = await call(request(t.app).get('/cookies/set').set('host', 'localhost:3000'));
		assert.deepEqual(setCookies(local), ['teapot=brewing; Path=/; HttpOnly; SameSite=Lax']);
		const ip = await call(request(t.app).get('/cookies/set').set('host', '127.0.0.1:3000'));
		assert.deepEqual(setCookies(ip), [`teapot=brewing; Path=/; ${DEFAULTS}`]);
		const named = await call(request(t.app).get('/cookies/set').set('host', 'app.test'));
		assert.deepEqual(setCookies(named), [`teapot=brewing; Path=/; ${DEFAULTS}`]);
	});

	it('options given override the defaults', async () => {
		const res = await call(request(t.app).get('/cookies/options'));
		assert.deepEqual(setCookies(res), ['opts=v; Max-Age=60; Path=/; SameSite=Strict']);
	});

	it('path is required for set, delete and serialize', async () => {
		const message = 'You must specify a `path` when setting, deleting or serializing cookies';
		for (const query of ['', '?delete', '?serialize']) {
			const res = await call(request(t.app).get(`/cookies/no-path${query}`));
			assert.equal(res.text, message, query);
			assert.equal(setCookies(res).length, 0);
		}
	});

	it('relative paths resolve against the request path; a foreign domain keeps its path verbatim', async () => {
		const res = await call(request(t.app).get('/cookies/relative/here'));
		assert.deepEqual(setCookies(res), [
			`empty=1; Path=/cookies/relative/here; ${DEFAULTS}`,
			`sibling=1; Path=/cookies/relative/sub; ${DEFAULTS}`,
			`dot=1; Path=/cookies/relative/; ${DEFAULTS}`,
			`up=1; Path=/cookies/x; ${DEFAULTS}`,
			`foreign=1; Domain=other.example; Path=verbatim; ${DEFAULTS}`
		]);
	});

	it('relative paths resolve against the normalised path (trailingSlash = always)', async () => {
		const res = await call(request(t.app).get('/cookies/slash/'));
		assert.equal(res.status, 200);
		assert.deepEqual(setCookies(res), [`here=1; Path=/cookies/slash/; ${DEFAULTS}`]);
	});

	it('a cookie whose path ends in .html gets a copy for the .html__data.json sibling', async () => {
		const res = await call(request(t.app).get('/cookies/page.html'));
		assert.deepEqual(setCookies(res), [
			`html=1; Path=/cookies/page.html; ${DEFAULTS}`,
			`html=1; Path=/cookies/page.html__data.json; ${DEFAULTS}`
		]);
	});

	it('delete(): Max-Age=0 without Expires; get() is undefined; getAll() lists it as "" (v2 quirk)', async () => {
		const res = await call(request(t.app).get('/cookies/delete').set('cookie', 'd=old; keep=1'));
		assert.deepEqual(setCookies(res), [`d=; Max-Age=0; Path=/; ${DEFAULTS}`]);
		const body = jsonOf(res) as { get: unknown; getAll: { name: string; value: string }[] };
		assert.equal(body.get, null);
		assert.deepEqual(
			[...body.getAll].sort((a, b) => a.name.localeCompare(b.name)),
			[
				{ name: 'd', value: '' },
				{ name: 'keep', value: '1' }
			]
		);
	});

	it('get() decodes request cookies with decodeURIComponent; + stays', async () => {
		const res = await call(request(t.app).get('/cookies/read').set('cookie', 'a=f%C3%BC; b=foo+bar'));
		assert.deepEqual(jsonOf(res), {
			a: 'fü',
			b: 'foo+bar',
			all: [
				{ name: 'a', value: 'fü' },
				{ name: 'b', value: 'foo+bar' }
			]
		});
	});

	it('values are encoded when set and decoded once when read (row 61 encoding)', async () => {
		const set = await call(request(t.app).get('/cookies/encoding?set'));
		assert.deepEqual(setCookies(set), [`teapot=teapot%2C%20jane%20austen; Path=/; ${DEFAULTS}`]);
		assert.deepEqual(jsonOf(set), { teapot: 'teapot, jane austen' });

		const read = await call(request(t.app).get('/cookies/encoding').set('cookie', 'teapot=teapot%2C%20jane%20austen'));
		assert.deepEqual(jsonOf(read), { teapot: 'teapot, jane austen' });

		const notTwice = await call(request(t.app).get('/cookies/encoding').set('cookie', 'teapot=teapot%252C%2520jane%2520austen'));
		assert.deepEqual(jsonOf(notTwice), { teapot: 'teapot%2C%20jane%20austen' });
	});

	it('setting the same name and path again replaces it; another path is another cookie', async () => {
		const res = await call(request(t.app).get('/cookies/replace'));
		assert.deepEqual(setCookies(res), [`same=second; Path=/; ${DEFAULTS}`, `same=scoped; Path=/cookies; ${DEFAULTS}`]);
		assert.equal(res.text, 'scoped', 'the most specific path wins for get()');
	});

	it('serialize() returns a line without setting it (row 47); earlier middleware cookies stay', async () => {
		const res = await call(request(t.app).get('/cookies/serialize'));
		const lines = setCookies(res);
		assert.ok(lines.includes('before=before; Path=/'), String(lines));
		assert.ok(lines.includes(`endpoint=endpoint; Path=/cookies/serialize; ${DEFAULTS}`), String(lines));
		assert.equal(lines.length, 2);
	});

	it("the Response's own Set-Cookie lines come before event.cookies", async () => {
		const res = await call(request(t.app).get('/cookies/order'));
		assert.deepEqual(setCookies(res), ['own=1; Path=/', `jar=1; Path=/; ${DEFAULTS}`]);
	});

	it('dev: a cookie over 4096 bytes throws; in production it is set', async () => {
		const dev = await createApp({ routes: devRoutes, options: { dev: true } });
		const fits = await call(request(dev.app).get('/cookies/large?size=4096'));
		assert.equal(fits.text, 'set');
		const tooLarge = await call(request(dev.app).get('/cookies/large?size=4097'));
		assert.equal(tooLarge.text, 'Cookie "big" is too large, and will be discarded by the browser');

		const prod = await createApp({ options: { dev: false } });
		const res = await call(request(prod.app).get('/cookies/large?size=4097'));
		assert.equal(res.text, 'set');
	});

	it('after the response is generated, set/delete/setHeaders throw and get works (rules §2.12)', async () => {
		const res = await call(request(t.app).get('/cookies/after-response'));
		assert.equal(res.status, 200);
		assert.deepEqual(jsonOf(res), {
			set: 'Cannot use `cookies.set(...)` after the response has been generated',
			delete: 'Cannot use `cookies.set(...)` after the response has been generated',
			setHeaders: 'Cannot use `setHeaders(...)` after the response has been generated',
			get: 'yes'
		});
		assert.deepEqual(setCookies(res), [`early=yes; Path=/; ${DEFAULTS}`]);
		assert.equal(res.headers['x-late'], undefined);
	});
});
