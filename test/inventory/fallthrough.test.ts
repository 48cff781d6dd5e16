// The fallthrough option over HTTP, on legacy apps halfway through their move: 'unmatched'
// (SvelteKit's behaviour) answers a method the +server file lacks with a 405; 'unhandled' lets
// the legacy router keep the verbs of a half-moved resource.
import assert from 'node:assert/strict';
import type http from 'node:http';
import express4 from 'express4';
import request from 'supertest';
import { endpoints } from '../../src/index.js';
import { endpoints as koaEndpoints } from '../../src/koa.js';
import { createExpressApp, createKoaApp } from './legacy-apps.js';

type Fallthrough = 'unmatched' | 'unhandled';

const EXPRESS = [
	{ name: 'Express 5', express: undefined },
	{ name: 'Express 4', express: express4 }
];

async function expressApp(express: unknown, fallthrough?: Fallthrough): Promise<http.RequestListener> {
	const { app, kit } = await createExpressApp({ express, endpoints, options: fallthrough ? { fallthrough } : {} });
	await kit.ready;
	return app as http.RequestListener;
}

for (const { name, express } of EXPRESS) {
	describe(`fallthrough, on a legacy ${name} app`, () => {
		let unmatched: http.RequestListener;
		let unhandled: http.RequestListener;
		before(async () => {
			unmatched = await expressApp(express);
			unhandled = await expressApp(express, 'unhandled');
		});

		it("'unmatched' (the default): a method the file does not export is SvelteKit's 405, and the legacy verb is never reached", async () => {
			const res = await request(unmatched).patch('/api/users/2').send({ name: 'Grace H.' });
			assert.equal(res.status, 405);
			assert.equal(res.headers.allow, 'GET, HEAD');
			assert.equal(res.text, 'PATCH method not allowed');
			const post = await request(unmatched).post('/api/users').send({ name: 'Alan' });
			assert.equal(post.status, 405);
		});

		it("'unhandled': the legacy router keeps the methods the file does not export", async () => {
			const patched = await request(unhandled).patch('/api/users/2').send({ name: 'Grace H.' });
			assert.equal(patched.status, 200);
			assert.deepEqual(patched.body, { from: 'legacy', user: { id: '2', name: 'Grace H.' } });
			const read = await request(unhandled).get('/api/users/2');
			assert.deepEqual(read.body, { from: 'kit', user: { id: '2', name: 'Grace H.' } });
			const created = await request(unhandled).post('/api/users').send({ name: 'Alan' });
			assert.equal(created.status, 201);
			assert.equal(created.body.from, 'legacy');
			const removed = await request(unhandled).delete(`/api/users/${created.body.user.id}`);
			assert.equal(removed.status, 204);
		});

		it('HEAD goes with GET: the file answers it in both modes', async () => {
			for (const app of [unmatched, unhandled]) {
				const get = await request(app).get('/api/users/1');
				const head = await request(app).head('/api/users/1');
				assert.equal(head.status, 200);
				assert.equal(head.headers['content-length'], get.headers['content-length']);
				assert.equal(get.body.from, 'kit');
			}
		});

		it("OPTIONS without an export: SvelteKit's 405, or with 'unhandled' the host's own answer", async () => {
			const refused = await request(unmatched).options('/api/users/1');
			assert.equal(refused.status, 405);
			assert.equal(refused.headers.allow, 'GET, HEAD');
			// Express answers OPTIONS itself, listing the legacy route's methods
			const host = await request(unhandled).options('/api/users/1');
			assert.equal(host.status, 200);
			assert.match(String(host.headers.allow), /PATCH/);
		});

		it('a file that exports fallback handles every method: nothing falls through', async () => {
			const res = await request(unhandled).delete('/api/echo').set('content-type', 'application/octet-stream').send('x');
			assert.equal(res.status, 200);
			assert.equal(res.text, 'DELETE x');
		});

		it("'unhandled' passes the request on before the trailing-slash redirect; 'unmatched' redirects first, as SvelteKit", async () => {
			const redirected = await request(unmatched).patch('/api/users/1/').send({});
			assert.equal(redirected.status, 308);
			assert.equal(redirected.headers.location, '/api/users/1');
			const legacy = await request(unhandled).patch('/api/users/1/').send({ name: 'Ada' });
			assert.equal(legacy.status, 200);
			assert.equal(legacy.body.from, 'legacy');
			// a method the file has still gets SvelteKit's redirect
			const get = await request(unhandled).get('/api/users/1/');
			assert.equal(get.status, 308);
		});

		it('a route a page shares: page requests go to the host in both modes; other methods follow the mode', async () => {
			for (const app of [unmatched, unhandled]) {
				const page = await request(app).get('/profile/7').set('accept', 'text/html');
				assert.equal(page.text, '<h1>Profile 7</h1>');
				const api = await request(app).get('/profile/7').set('accept', 'application/json');
				assert.deepEqual(api.body, { from: 'kit', profile: '7' });
			}
			assert.equal((await request(unmatched).put('/profile/7').send({})).status, 405);
			const put = await request(unhandled).put('/profile/7').send({});
			assert.deepEqual(put.body, { from: 'legacy', saved: '7' });
		});

		it('a path no route matches goes on in both modes; a param a matcher refuses too', async () => {
			for (const app of [unmatched, unhandled]) {
				assert.deepEqual((await request(app).get('/api/orders/latest')).body, { from: 'legacy', order: 'latest' });
				assert.deepEqual((await request(app).get('/api/orders/42')).body, { from: 'kit', order: 42 });
				assert.equal((await request(app).get('/nowhere')).status, 404);
			}
		});
	});
}

describe('fallthrough, on a legacy Koa app with @koa/router', () => {
	let unmatched: http.RequestListener;
	let unhandled: http.RequestListener;
	before(async () => {
		for (const fallthrough of ['unmatched', 'unhandled'] as const) {
			const { app, kit } = await createKoaApp({ endpoints: koaEndpoints, options: { fallthrough } });
			await kit.ready;
			if (fallthrough === 'unmatched') unmatched = app.callback();
			else unhandled = app.callback();
		}
	});

	it("'unmatched': the half-moved resource's legacy verbs get SvelteKit's 405", async () => {
		const res = await request(unmatched).put('/api/v1/products/1').send({ name: 'Kettle 2' });
		assert.equal(res.status, 405);
		assert.equal(res.headers.allow, 'GET, HEAD');
	});

	it("'unhandled': the router under /api/v1/products keeps PUT, DELETE and POST", async () => {
		const put = await request(unhandled).put('/api/v1/products/1').send({ name: 'Kettle 2' });
		assert.deepEqual(put.body, { from: 'legacy', product: { id: '1', name: 'Kettle 2' } });
		const get = await request(unhandled).get('/api/v1/products/1');
		assert.deepEqual(get.body, { from: 'kit', product: { id: '1', name: 'Kettle 2' } });
		const post = await request(unhandled).post('/api/v1/products').send({ name: 'Cup' });
		assert.equal(post.status, 201);
		assert.equal((await request(unhandled).delete(`/api/v1/products/${post.body.product.id}`)).status, 204);
		// @koa/router's allowedMethods() answers OPTIONS with the legacy methods
		const options = await request(unhandled).options('/api/v1/products/1');
		assert.equal(options.status, 200);
		assert.match(String(options.headers.allow), /PUT/);
	});

	it('the legacy router mounted before the middleware still answers first', async () => {
		assert.deepEqual((await request(unhandled).get('/api/v1/status')).body, { ok: true, from: 'legacy' });
	});
});

describe('fallthrough: the option', () => {
	it('anything but unmatched or unhandled fails when the middleware is created', () => {
		assert.throws(
			() => endpoints('test/fixtures/legacy-express/src/routes', { fallthrough: 'always' as Fallthrough }),
			/fallthrough must be 'unmatched' or 'unhandled', not "always"/
		);
	});
});
