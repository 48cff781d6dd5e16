// Mounting below a path (`app.use('/api', endpoints(dir))`) and running behind a proxy
// (Express's `trust proxy`): event.url, getClientAddress, cookies' Secure flag, the CSRF origin.
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { endpoints } from '../../src/index.js';
import { call, createApp, jsonOf, listen, rawExchange, routesOf, setCookies, type TestApp } from './helpers.js';

interface Item {
	url: string;
	pathname: string;
	origin: string;
	routeId: string;
	params: Record<string, string>;
	clientAddress: string;
	isSubRequest: boolean;
}

const API = routesOf('app-api');

describe('express: mounted below a path', () => {
	let t: TestApp;
	before(async () => {
		t = await createApp({ routes: API, mount: '/api' });
	});

	it('matches below the mount path; event.url is the full URL', async () => {
		const res = await call(request(t.app).get('/api/items/7?x=1').set('host', 'app.test'));
		assert.equal(res.status, 200);
		const item = jsonOf(res) as Item;
		assert.equal(item.url, 'http://app.test/api/items/7?x=1');
		assert.equal(item.pathname, '/api/items/7');
		assert.equal(item.routeId, '/items/[id]');
		assert.deepEqual(item.params, { id: '7' });
	});

	it('leaves paths outside the mount to the host', async () => {
		const res = await call(request(t.app).get('/items/7'));
		assert.equal(res.status, 404);
		assert.equal(res.headers['x-host'], '404');
	});

	it('the mount point itself is the app root: trailing slash "always"', async () => {
		const bare = await call(request(t.app).get('/api'));
		assert.equal(bare.status, 308);
		assert.equal(bare.headers.location, '/api/');
		const query = await call(request(t.app).get('/api?x=1'));
		assert.equal(query.headers.location, '/api/?x=1');
		const root = await call(request(t.app).get('/api/').set('host', 'app.test'));
		assert.equal(root.status, 200);
		assert.deepEqual(jsonOf(root), { root: true, url: 'http://app.test/api/', routeId: '/' });
	});

	it('other routes keep the default "never" below the mount', async () => {
		const res = await call(request(t.app).get('/api/items/7/'));
		assert.equal(res.status, 308);
		assert.equal(res.headers.location, '/api/items/7');
	});

	it('event.fetch with a relative URL stays below the mount and is served in-process', async () => {
		const res = await call(request(t.app).get('/api/relative-fetch').set('host', 'app.test'));
		const { status, body } = jsonOf(res) as { status: number; body: Item };
		assert.equal(status, 200);
		assert.equal(body.url, 'http://app.test/api/items/5');
		assert.equal(body.routeId, '/items/[id]');
		assert.equal(body.isSubRequest, true);
	});

	it('works inside nested routers and sub-apps', async () => {
		const middleware = endpoints(API, { handleError: () => {} });
		await middleware.ready;
		const router = express.Router();
		router.use('/v1', middleware);
		const sub = express();
		sub.use('/v2', middleware);
		const app = express();
		app.use('/api', router);
		app.use('/api', sub);

		for (const version of ['v1', 'v2']) {
			const res = await call(request(app).get(`/api/${version}/items/9`).set('host', 'app.test'));
			assert.equal(res.status, 200, version);
			const item = jsonOf(res) as Item;
			assert.equal(item.url, `http://app.test/api/${version}/items/9`);
			assert.equal(item.routeId, '/items/[id]');
		}
	});

	it('keeps a port given in the Host header', async () => {
		const res = await call(request(t.app).get('/api/items/1').set('host', 'app.test:8080'));
		assert.equal((jsonOf(res) as Item).origin, 'http://app.test:8080');
	});
});

describe('express: behind a proxy (trust proxy)', () => {
	const FORWARDED = {
		host: 'internal:3000',
		'x-forwarded-proto': 'https',
		'x-forwarded-host': 'example.com',
		'x-forwarded-for': '203.0.113.7, 10.0.0.1'
	};

	async function appWith(trust: boolean | string | undefined): Promise<TestApp> {
		return createApp({
			routes: API,
			before: (app) => {
				if (trust !== undefined) app.set('trust proxy', trust);
			}
		});
	}

	it('without trust proxy, X-Forwarded-* are ignored', async () => {
		const t = await appWith(undefined);
		const res = await call(request(t.app).get('/items/1').set(FORWARDED));
		const item = jsonOf(res) as Item;
		assert.equal(item.url, 'http://internal:3000/items/1');
		assert.match(item.clientAddress, /127\.0\.0\.1|::1/);
	});

	it('with trust proxy, protocol, host and client address come from the proxy', async () => {
		const t = await appWith(true);
		const res = await call(request(t.app).get('/items/1?q=1').set(FORWARDED));
		const item = jsonOf(res) as Item;
		assert.equal(item.url, 'https://example.com/items/1?q=1');
		assert.equal(item.origin, 'https://example.com');
		assert.equal(item.clientAddress, '203.0.113.7');
	});

	it('getClientAddress follows Express\'s choice of trusted hops', async () => {
		const t = await appWith('loopback');
		const res = await call(request(t.app).get('/items/1').set(FORWARDED));
		assert.equal((jsonOf(res) as Item).clientAddress, '10.0.0.1');
	});

	it('cookies are Secure when the proxy says https, even for localhost', async () => {
		const trusted = await appWith(true);
		const secure = await call(request(trusted.app).get('/cookie').set({ host: 'localhost', 'x-forwarded-proto': 'https' }));
		assert.deepEqual(setCookies(secure), ['session=abc; Path=/; HttpOnly; Secure; SameSite=Lax']);

		const untrusted = await appWith(false);
		const plain = await call(request(untrusted.app).get('/cookie').set({ host: 'localhost', 'x-forwarded-proto': 'https' }));
		assert.deepEqual(setCookies(plain), ['session=abc; Path=/; HttpOnly; SameSite=Lax']);
	});

	it('the CSRF check compares Origin with the URL the proxy reports', async () => {
		const form = (t: TestApp) =>
			call(
				request(t.app)
					.post('/form')
					.set({ host: 'app.test', 'x-forwarded-proto': 'https', origin: 'https://app.test' })
					.set('content-type', 'application/x-www-form-urlencoded')
					.send('a=1')
			);
		const trusted = await form(await appWith(true));
		assert.equal(trusted.status, 200);
		assert.equal(trusted.text, 'ok');

		const untrusted = await form(await appWith(false));
		assert.equal(untrusted.status, 403);
		assert.equal(untrusted.text, 'Cross-site POST form submissions are forbidden');
	});

	it('an HTTP/1.0 request without Host gets a 400 from a matched route', async () => {
		const t = await appWith(true);
		const server = await listen(t.app);
		try {
			const answer = await rawExchange(server.port, 'GET /items/1 HTTP/1.0\r\n\r\n');
			assert.match(answer, /^HTTP\/1\.1 400 /);
		} finally {
			await server.close();
		}
	});
});
