// Koa's own ways of mounting (koa-mount, nested or with a sub-app, and @koa/router with a
// prefix) and its `app.proxy` setting: event.url, getClientAddress (ctx.ip), cookies' Secure
// flag, the CSRF origin. Under Koa 3 and 2. A single koa-mount is in mount-proxy.test.ts.
import assert from 'node:assert/strict';
import Router from '@koa/router';
import type Koa from 'koa';
import koaMount from 'koa-mount';
import request from 'supertest';
import type { KoaEndpointsMiddleware } from '../../src/koa.js';
import { call, jsonOf, routesOf, setCookies } from '../support/helpers.js';
import { describeKoa, type TestApp } from '../support/hosts.js';

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
const asKoa = (middleware: KoaEndpointsMiddleware) => middleware as unknown as Koa.Middleware;

describeKoa('mounted with koa-mount and @koa/router', (host, Koa) => {
	/** what every mount must give: a match below it, the full URL, event.fetch below it in-process */
	async function assertMountedAt(t: TestApp, base: string): Promise<void> {
		const res = await call(request(t.app).get(`${base}/items/9?x=1`).set('host', 'app.test'));
		assert.equal(res.status, 200, `${base}/items/9`);
		const item = jsonOf(res) as Item;
		assert.equal(item.url, `http://app.test${base}/items/9?x=1`);
		assert.equal(item.pathname, `${base}/items/9`);
		assert.equal(item.routeId, '/items/[id]');
		assert.deepEqual(item.params, { id: '9' });

		// (the Host this server really is: a fetch that wrongly goes over the network still arrives)
		const fetched = await call(request(t.app).get(`${base}/relative-fetch`));
		const { status, body } = jsonOf(fetched) as { status: number; body: Item };
		assert.equal(status, 200);
		assert.equal(body.url, `${t.origin}${base}/items/5`);
		assert.equal(body.isSubRequest, true, 'event.fetch below the mount is served in-process');

		const slash = await call(request(t.app).get(`${base}/items/9/`));
		assert.equal(slash.status, 308);
		assert.equal(slash.headers.location, `${base}/items/9`);

		const outside = await call(request(t.app).get('/items/9'));
		assert.equal(outside.headers['x-host'], '404');
	}

	it('koa-mount of a Koa sub-app', async () => {
		const t = await host.createApp({
			routes: API,
			koa: {
				use: (app, middleware) => {
					const sub = new Koa();
					sub.use(asKoa(middleware));
					app.use(koaMount('/api', sub));
				}
			}
		});
		await assertMountedAt(t, '/api');
	});

	it('koa-mount inside koa-mount', async () => {
		const t = await host.createApp({
			routes: API,
			koa: { use: (app, middleware) => void app.use(koaMount('/api', koaMount('/v1', asKoa(middleware)))) }
		});
		await assertMountedAt(t, '/api/v1');
	});

	it("@koa/router: router.all('/{*rest}') under a Router prefix", async () => {
		const t = await host.createApp({
			routes: API,
			koa: {
				use: (app, middleware) => {
					const router = new Router({ prefix: '/api' });
					router.all('/{*rest}', asKoa(middleware));
					app.use(router.routes());
				}
			}
		});
		await assertMountedAt(t, '/api');
	});

	it('@koa/router under koa-mount', async () => {
		const t = await host.createApp({
			routes: API,
			koa: {
				use: (app, middleware) => {
					const router = new Router({ prefix: '/v2' });
					router.all('/{*rest}', asKoa(middleware));
					app.use(koaMount('/api', router.routes()));
				}
			}
		});
		await assertMountedAt(t, '/api/v2');
	});
});

describeKoa('behind a proxy (app.proxy)', (host) => {
	const FORWARDED = {
		host: 'internal:3000',
		'x-forwarded-proto': 'https',
		'x-forwarded-host': 'example.com',
		'x-forwarded-for': '203.0.113.7, 10.0.0.1'
	};

	async function appWith(proxy: boolean): Promise<TestApp> {
		return host.createApp({ routes: API, koa: { before: (app) => void (app.proxy = proxy) } });
	}

	it('with app.proxy, protocol and host come from X-Forwarded-Proto/-Host and the client address is ctx.ip', async () => {
		const t = await appWith(true);
		const res = await call(request(t.app).get('/items/1?q=1').set(FORWARDED));
		const item = jsonOf(res) as Item;
		assert.equal(item.url, 'https://example.com/items/1?q=1');
		assert.equal(item.origin, 'https://example.com');
		assert.equal(item.clientAddress, '203.0.113.7');
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
});
