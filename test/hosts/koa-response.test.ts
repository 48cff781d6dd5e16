// What Koa middleware sees of a response the endpoints give Koa to send (ctx.status, headers,
// ctx.body): every Set-Cookie line separate, those of earlier Koa middleware included, and, for
// the middleware upstream once `await next()` returns, the status to be sent and a response it
// may still change. Koa 3 and 2.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, setCookies, type Reply } from '../support/helpers.js';
import { describeKoa, type TestApp } from '../support/hosts.js';

describeKoa('responses written by the endpoints', (host) => {
	let t: TestApp;
	const logged: { status: number; headerSent: boolean }[] = [];
	before(async () => {
		t = await host.createApp({
			koa: {
				before: (app) => {
					// a logger upstream: runs once the endpoint answered, and adds a header
					app.use(async (ctx, next) => {
						await next();
						logged.push({ status: ctx.status, headerSent: ctx.headerSent });
						ctx.set('x-late', '1');
					});
					app.use(async (ctx, next) => {
						if (ctx.path === '/set-cookie') {
							ctx.cookies.set('koa', 'cookies', { path: '/', httpOnly: true });
							ctx.append('Set-Cookie', 'appended=1; Path=/');
						}
						await next();
					});
				}
			}
		});
	});
	beforeEach(() => {
		logged.length = 0;
	});

	it('keeps every Set-Cookie line separate, those set earlier by Koa middleware first', async () => {
		const res = await call(request(t.app).get('/set-cookie'));
		assert.equal(res.status, 200);
		assert.deepEqual(setCookies(res), [
			'koa=cookies; path=/; httponly',
			'appended=1; Path=/',
			'answer=42; HttpOnly',
			'problem=comma, separated, values; HttpOnly'
		]);
	});

	it('leaves ctx.status equal to the status sent, and the response open to the middleware that runs after', async () => {
		const cases: [number, () => Promise<Reply>][] = [
			[200, () => call(request(t.app).get('/endpoint-output/body'))],
			[201, () => call(request(t.app).patch('/helpers/kit'))],
			[418, () => call(request(t.app).get('/errors/kit/teapot').set('accept', '*/*'))],
			[500, () => call(request(t.app).get('/errors/kit/throw-error').set('accept', '*/*'))],
			[303, () => call(request(t.app).get('/errors/kit/redirect'))],
			[308, () => call(request(t.app).get('/getonly/'))],
			[405, () => call(request(t.app).delete('/allow/get-only'))],
			[304, () => call(request(t.app).get('/endpoint-output/etag').set('if-none-match', '"abc"'))],
			[200, () => call(request(t.app).get('/endpoint-output/stream'))]
		];
		for (const [status, send] of cases) {
			logged.length = 0;
			const res = await send();
			assert.equal(res.status, status);
			assert.deepEqual(logged, [{ status, headerSent: false }], String(status));
			assert.equal(res.headers['x-late'], '1', 'a header added upstream is sent');
		}
		assert.equal(t.hostErrors.length, 0);
	});

	it('leaves the status alone for requests it passes on', async () => {
		const missing = await call(request(t.app).get('/no/such/route'));
		assert.equal(missing.status, 404);
		assert.equal(missing.headers['x-late'], '1');
		const page = await call(request(t.app).get('/routing/page-only').set('accept', 'text/html'));
		assert.equal(page.status, 200);
		assert.deepEqual(
			logged.map((entry) => entry.status),
			[404, 200]
		);
	});
});
