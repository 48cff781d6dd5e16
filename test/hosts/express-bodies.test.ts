// Bodies that Express's own parsers (express.json(), .urlencoded(), .text(), .raw()) read
// earlier in the app are given back to event.request (rules §6.1), under Express 5 and 4.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { call, jsonOf } from '../support/helpers.js';
import { describeExpress, type TestApp } from '../support/hosts.js';

describeExpress('request bodies', (host, express) => {
	const createApp = host.createApp;

	describe('bodies already read by Express parsers', () => {
		const HOST = 'app.test';
		const ORIGIN = 'http://app.test';

		it('express.json(): request.json() works', async () => {
			const app = await createApp({ express: { before: (app) => app.use(express.json()) } });
			const res = await call(
				request(app.app).post('/echo/json').set('content-type', 'application/json').send('{ "oddly" : { "formatted" : "json" } }')
			);
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), { type: 'application/json', body: { oddly: { formatted: 'json' } } });
		});

		it('express.json() leaves other content types to be streamed as they are', async () => {
			const app = await createApp({ express: { before: (app) => app.use(express.json()) } });
			const data = randomBytes(4096);
			const res = await call(request(app.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(data));
			assert.deepEqual(jsonOf(res), {
				type: 'application/octet-stream',
				length: 4096,
				sha256: createHash('sha256').update(data).digest('hex')
			});
		});

		const postForm = async (app: TestApp, body: string) =>
			call(
				request(app.app)
					.post('/echo/form')
					.set('host', HOST)
					.set('origin', ORIGIN)
					.set('content-type', 'application/x-www-form-urlencoded')
					.send(body)
			);

		it('express.urlencoded({ extended: false }): request.formData() sees the same fields, repeated keys included', async () => {
			const app = await createApp({ express: { before: (app) => app.use(express.urlencoded({ extended: false })) } });
			const res = await postForm(app, 'a=1&b=x+y&c=1&c=2&d=%C3%A9');
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), {
				type: 'application/x-www-form-urlencoded',
				fields: { a: ['1'], b: ['x y'], c: ['1', '2'], d: ['é'] }
			});
		});

		it('express.urlencoded({ extended: true }): request.formData() sees the same fields', async () => {
			const app = await createApp({ express: { before: (app) => app.use(express.urlencoded({ extended: true })) } });
			const res = await postForm(app, 'a=1&b=x+y&d=%C3%A9&e=');
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), {
				type: 'application/x-www-form-urlencoded',
				fields: { a: ['1'], b: ['x y'], d: ['é'], e: [''] }
			});
		});

		it('express.text(): request.text() works', async () => {
			const app = await createApp({ express: { before: (app) => app.use(express.text()) } });
			const res = await call(
				request(app.app)
					.post('/echo')
					.set('host', HOST)
					.set('origin', ORIGIN)
					.set('content-type', 'text/plain; charset=utf-8')
					.send('héllo wörld')
			);
			assert.equal(res.status, 200);
			const body = jsonOf(res) as { text: string; type: string; length: number };
			assert.equal(body.text, 'héllo wörld');
			assert.equal(body.length, Buffer.byteLength('héllo wörld'));
			assert.match(body.type, /^text\/plain/);
		});

		it('express.raw(): the bytes come back', async () => {
			const app = await createApp({ express: { before: (app) => app.use(express.raw({ type: 'application/octet-stream' })) } });
			const data = randomBytes(2048);
			const res = await call(request(app.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(data));
			assert.deepEqual(jsonOf(res), {
				type: 'application/octet-stream',
				length: 2048,
				sha256: createHash('sha256').update(data).digest('hex')
			});
		});
	});
});
