// What kit-endpoints leaves to the host app: paths no route matches, page requests, SvelteKit's
// reserved paths; and that it leaves request bodies alone when it passes a request on.
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { endpoints } from '../../src/index.js';
import { ROUTES, call, createApp, jsonOf, type TestApp } from './helpers.js';

describe('express: falling through to the host app', () => {
	let t: TestApp;
	let afterHits = 0;
	before(async () => {
		t = await createApp({
			before: (app) => app.get('/endpoint-output/fallback', (_req, res) => void res.send('express first')),
			after: (app) => {
				app.get('/after', (_req, res) => void res.send('after'));
				app.get('/endpoint-output/body', (_req, res) => {
					afterHits += 1;
					res.send('never');
				});
				app.post('/express-json', express.json(), (req, res) => void res.json({ got: req.body as unknown }));
				app.post('/routing/content-negotiation', express.urlencoded({ extended: false }), (req, res) =>
					void res.json({ page: true, form: req.body as unknown })
				);
			}
		});
	});

	it('a path no route matches goes on to the next middleware', async () => {
		const after = await call(request(t.app).get('/after'));
		assert.equal(after.text, 'after');
		const missing = await call(request(t.app).get('/no/such/route'));
		assert.equal(missing.status, 404);
		assert.equal(missing.headers['x-host'], '404');
		const head = await call(request(t.app).head('/no/such/route'));
		assert.equal(head.status, 404);
	});

	it('Express routes mounted before the middleware win', async () => {
		const res = await call(request(t.app).get('/endpoint-output/fallback'));
		assert.equal(res.text, 'express first');
	});

	it('a request the endpoint answered does not go on', async () => {
		const res = await call(request(t.app).get('/endpoint-output/body'));
		assert.equal(res.text, '{}');
		assert.equal(afterHits, 0);
	});

	it('with no host handlers, Express answers its own 404', async () => {
		const app = express();
		const middleware = endpoints(ROUTES, { handleError: () => {} });
		app.use(middleware);
		await middleware.ready;
		const res = await call(request(app).get('/nope'));
		assert.equal(res.status, 404);
		assert.match(res.text, /Cannot GET \/nope/);
	});

	it('a body is left unread for the host when the request is passed on', async () => {
		const json = await call(request(t.app).post('/express-json').set('content-type', 'application/json').send('{"a":[1,2]}'));
		assert.deepEqual(jsonOf(json), { got: { a: [1, 2] } });

		const form = await call(
			request(t.app)
				.post('/routing/content-negotiation')
				.set({ host: 'app.test', origin: 'http://app.test', accept: 'text/html' })
				.set('content-type', 'application/x-www-form-urlencoded')
				.send('a=1&b=2')
		);
		assert.deepEqual(jsonOf(form), { page: true, form: { a: '1', b: '2' } });
	});

	describe('SvelteKit\'s reserved paths are never endpoints', () => {
		it('the rest route serves ordinary paths', async () => {
			const res = await call(request(t.app).get('/fallthrough/a/b'));
			assert.equal(res.text, 'fallthrough endpoint: a/b');
		});

		for (const path of ['/fallthrough/a/__data.json', '/fallthrough/a.html__data.json', '/fallthrough/a/__route.js']) {
			it(`${path} goes to the host`, async () => {
				const res = await call(request(t.app).get(path));
				assert.equal(res.status, 404);
				assert.equal(res.headers['x-host'], '404');
			});
		}

		it('/_app… (and /_apple, a plain prefix test) goes to the host', async () => {
			for (const path of ['/_app/immutable/entry.js', '/_apple']) {
				const res = await call(request(t.app).get(path));
				assert.equal(res.headers['x-host'], '404', path);
				assert.notEqual(res.text, 'apple endpoint');
			}
		});
	});
});
