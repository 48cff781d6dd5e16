// Trailing-slash normalisation for endpoints (rules §2.9), §8 rows 68, 69, 78–80.
import assert from 'node:assert/strict';
import type http from 'node:http';
import request from 'supertest';
import { call, rawRequest, routesOf, setCookies, type Reply } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

/** Follows 308s like a browser would, returning the final path and reply. */
async function follow(app: http.Server, path: string): Promise<{ path: string; reply: Reply; hops: number }> {
	let hops = 0;
	for (;;) {
		const reply = await call(request(app).get(path).set('host', 'app.test'));
		if (reply.status !== 308) return { path, reply, hops };
		const next = new URL(String(reply.headers.location), `http://app.test${path}`);
		path = next.pathname + next.search;
		if (++hops > 3) throw new Error('redirect loop');
	}
}

function assertNormalize(res: Reply, location: string): void {
	assert.equal(res.status, 308);
	assert.equal(res.headers.location, location);
	assert.equal(res.headers['x-sveltekit-normalize'], '1');
	assert.equal(res.text, '');
	assert.equal(setCookies(res).length, 0);
}

describeHosts('trailing slash (rules §2.9)', (host) => {
	const createApp = host.createApp;
	let t: TestApp;
	before(async () => {
		t = await createApp();
	});

	it('default "never": removes the slash with a 308 and an absolute-path location', async () => {
		assertNormalize(await call(request(t.app).get('/getonly/')), '/getonly');
	});

	it('keeps the query; drops a bare "?"', async () => {
		assertNormalize(await call(request(t.app).get('/getonly/?x=1&y=%20')), '/getonly?x=1&y=%20');
		assertNormalize(await call(request(t.app).get('/getonly/?')), '/getonly');
	});

	it('is not subject to method checks', async () => {
		assertNormalize(await call(request(t.app).post('/getonly/')), '/getonly');
		assertNormalize(await call(request(t.app).head('/getonly/')), '/getonly');
	});

	it('keeps the path percent-encoded', async () => {
		assertNormalize(await call(request(t.app).get('/enc/a%2Fb/')), '/enc/a%2Fb');
	});

	it('removes trailing slash on endpoint (row 78)', async () => {
		const { path, reply, hops } = await follow(t.app, '/getonly/');
		assert.equal(hops, 1);
		assert.equal(path, '/getonly');
		assert.equal(reply.text, 'getonly /getonly');
	});

	it('adds trailing slash to endpoint with trailingSlash = "always" (row 79)', async () => {
		assertNormalize(await call(request(t.app).get('/slash-always')), '/slash-always/');
		const { path, reply } = await follow(t.app, '/slash-always');
		assert.equal(path, '/slash-always/');
		assert.equal(reply.text, 'slash-always /slash-always/');
		const direct = await call(request(t.app).get('/slash-always/'));
		assert.equal(direct.status, 200);
	});

	it('a plain http.get sees the 308 itself (row 80)', async () => {
		const res = await rawRequest(`${t.origin}/slash-always`);
		assert.equal(res.status, 308);
		assert.equal(res.headers.location, '/slash-always/');
	});

	it('trailing slash server with config always / ignore / never (row 69)', async () => {
		const base = '/routing/trailing-slash-server';
		const cases: [string, string][] = [
			[`${base}/always`, `${base}/always/`],
			[`${base}/always/`, `${base}/always/`],
			[`${base}/ignore`, `${base}/ignore`],
			[`${base}/ignore/`, `${base}/ignore/`],
			[`${base}/never`, `${base}/never`],
			[`${base}/never/`, `${base}/never`]
		];
		for (const [from, to] of cases) {
			const { path, reply } = await follow(t.app, from);
			assert.equal(path, to, from);
			assert.equal(reply.status, 200);
			assert.equal(reply.text, to, 'url.pathname seen by the handler');
		}
	});

	it('paths no route matches are left to the host', async () => {
		const res = await call(request(t.app).get('/no-such-thing/'));
		assert.equal(res.status, 404);
		assert.equal(res.headers['x-host'], '404');
	});

	it('a path that would start with // gets an absolute location (no open redirect)', async () => {
		const app = await createApp({ routes: routesOf('app-catchall') });
		const res = await call(request(app.app).get('//evil.example/').set('host', 'app.test'));
		assertNormalize(res, 'http://app.test//evil.example');
	});

	it('the root is always "/"', async () => {
		const app = await createApp({ routes: routesOf('app-catchall') });
		const res = await call(request(app.app).get('/'));
		assert.equal(res.status, 200);
		assert.equal(res.text, 'rest: ');
	});
});
