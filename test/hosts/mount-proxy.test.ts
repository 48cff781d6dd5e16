// Mounting below a path (`app.use('/api', endpoints(dir))`, koa-mount, Connect and Polka's
// `use('/api', ...)`, a prefix cut by hand on node:http) and X-Forwarded-* headers the host does
// not trust: event.url, getClientAddress, routing below the mount. The hosts' own proxy settings
// and routers: express-mount-proxy.test.ts and koa-mount-proxy.test.ts.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, jsonOf, rawExchange, routesOf } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

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

describeHosts('mounted below a path', (host) => {
	let t: TestApp;
	before(async () => {
		t = await host.createApp({ routes: API, mount: '/api' });
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

	it('keeps a port given in the Host header', async () => {
		const res = await call(request(t.app).get('/api/items/1').set('host', 'app.test:8080'));
		assert.equal((jsonOf(res) as Item).origin, 'http://app.test:8080');
	});
});

describeHosts('behind a proxy it does not trust', (host) => {
	const FORWARDED = {
		host: 'internal:3000',
		'x-forwarded-proto': 'https',
		'x-forwarded-host': 'example.com',
		'x-forwarded-for': '203.0.113.7, 10.0.0.1'
	};

	let t: TestApp;
	before(async () => {
		t = await host.createApp({ routes: API });
	});

	it('without trust proxy, X-Forwarded-* are ignored', async () => {
		const res = await call(request(t.app).get('/items/1').set(FORWARDED));
		const item = jsonOf(res) as Item;
		assert.equal(item.url, 'http://internal:3000/items/1');
		assert.match(item.clientAddress, /127\.0\.0\.1|::1/);
	});

	it('an HTTP/1.0 request without Host gets a 400 from a matched route', async () => {
		const answer = await rawExchange(t.port, 'GET /items/1 HTTP/1.0\r\n\r\n');
		assert.match(answer, /^HTTP\/1\.1 400 /);
	});
});
