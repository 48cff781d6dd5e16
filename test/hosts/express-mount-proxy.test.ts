// Express's own ways of mounting (nested routers and sub-apps) and its `trust proxy` setting:
// event.url, getClientAddress, cookies' Secure flag, the CSRF origin. Under Express 5 and 4.
import assert from 'node:assert/strict';
import request from 'supertest';
import { endpoints } from '../../src/index.js';
import { call, jsonOf, rawExchange, routesOf, setCookies } from '../support/helpers.js';
import { describeExpress, type TestApp } from '../support/hosts.js';

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

describeExpress('mounted below a path', (_host, express) => {
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
});

describeExpress('behind a proxy (trust proxy)', (host) => {
	const FORWARDED = {
		host: 'internal:3000',
		'x-forwarded-proto': 'https',
		'x-forwarded-host': 'example.com',
		'x-forwarded-for': '203.0.113.7, 10.0.0.1'
	};

	async function appWith(trust: boolean | string | undefined): Promise<TestApp> {
		return host.createApp({
			routes: API,
			express: {
				before: (app) => {
					if (trust !== undefined) app.set('trust proxy', trust);
				}
			}
		});
	}

	it('with trust proxy, protocol, host and client address come from the proxy', async () => {
		const t = await appWith(true);
		const res = await call(request(t.app).get('/items/1?q=1').set(FORWARDED));
		const item = jsonOf(res) as Item;
		assert.equal(item.url, 'https://example.com/items/1?q=1');
		assert.equal(item.origin, 'https://example.com');
		assert.equal(item.clientAddress, '203.0.113.7');
	});

	it("getClientAddress follows Express's choice of trusted hops", async () => {
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

	it('with trust proxy, an HTTP/1.0 request without Host gets a 400 from a matched route', async () => {
		const t = await appWith(true);
		const answer = await rawExchange(t.port, 'GET /items/1 HTTP/1.0\r\n\r\n');
		assert.match(answer, /^HTTP\/1\.1 400 /);
	});
});
