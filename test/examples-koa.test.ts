import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../examples/koa/app.js';

describe('examples/koa', () => {
	// supertest starts (and closes) a server of its own for each request
	const app = createApp().callback();

	it('serves the random number endpoint of the SvelteKit docs', async () => {
		const res = await request(app).get('/api/random-number?min=1&max=6').expect(200);
		const value = Number(res.text);
		assert.ok(value >= 1 && value <= 6, res.text);
	});

	it('serves the TypeScript route through the same hooks file', async () => {
		const res = await request(app).get('/api/hello?name=Koa').expect(200);
		assert.deepEqual(res.body, { message: 'Hello, Koa! (app version 1.0.0)' });
		assert.match(res.headers['server-timing'] ?? '', /^endpoint;dur=/);
	});

	it('answers HEAD with the GET handler and no body', async () => {
		const res = await request(app).head('/api/random-number').expect(200);
		assert.equal(res.text, undefined);
	});

	it('answers bad input with the error the route throws, as JSON for API clients', async () => {
		const res = await request(app).get('/api/random-number?min=9&max=1').set('accept', '*/*').expect(400);
		assert.deepEqual(res.body, { message: 'min and max must be numbers, and min must be less than max' });
	});

	it('adds two numbers posted as JSON, with no Koa body parser in the stack', async () => {
		const res = await request(app).post('/api/add').send({ a: 2, b: 3 }).expect(200);
		assert.equal(res.text, '5');
	});

	it('refuses a method the route does not export with 405 and Allow', async () => {
		const res = await request(app).delete('/api/add').set('accept', 'application/json').expect(405);
		assert.equal(res.headers.allow, 'POST');
	});

	it('serves a param route with a matcher from the params option', async () => {
		const res = await request(app).get('/api/items/1').expect(200);
		assert.deepEqual(res.body, { id: 1, name: 'Widget' });
		assert.equal(res.headers['cache-control'], 'max-age=60');
	});

	it('answers an unknown item with the 404 the route throws', async () => {
		const res = await request(app).get('/api/items/9').set('accept', 'application/json').expect(404);
		assert.deepEqual(res.body, { message: 'No item 9' });
	});

	it('falls through to the Koa app when the matcher refuses the param', async () => {
		await request(app).get('/api/items/abc').expect(404, 'No route for GET /api/items/abc');
	});

	it('renders thrown errors as the HTML error page for browsers, and JSON otherwise', async () => {
		const page = await request(app).get('/api/teapot').set('accept', 'text/html').expect(418);
		assert.match(page.headers['content-type'] ?? '', /^text\/html/);
		assert.match(page.text, /I&#39;m a teapot|I'm a teapot/);
		const json = await request(app).get('/api/teapot').set('accept', 'application/json').expect(418);
		assert.deepEqual(json.body, { message: "I'm a teapot, not a coffee machine" });
	});

	it('keeps the legacy Koa route', async () => {
		await request(app).get('/legacy').expect(200, 'Served by a plain Koa route, as before.');
	});

	it('answers what nobody takes with the fall-through 404', async () => {
		await request(app).get('/nowhere').expect(404, 'No route for GET /nowhere');
		await request(app).post('/api').expect(404, 'No route for POST /api');
	});

	it('streams server-sent events with x-accel-buffering: no', async () => {
		const server = http.createServer(app).listen(0);
		try {
			const { port } = server.address() as AddressInfo;
			const first = await new Promise<{ status: number | undefined; type: string | undefined; accel: unknown; chunk: string }>(
				(resolve, reject) => {
					const req = http.get({ port, path: '/api/clock' }, (res) => {
						res.once('data', (chunk: Buffer) => {
							resolve({
								status: res.statusCode,
								type: res.headers['content-type'],
								accel: res.headers['x-accel-buffering'],
								chunk: chunk.toString()
							});
							// leaving makes the route's cancel() clear its interval
							req.destroy();
						});
					});
					req.on('error', reject);
				}
			);
			assert.equal(first.status, 200);
			assert.equal(first.type, 'text/event-stream');
			assert.equal(first.accel, 'no');
			assert.match(first.chunk, /^data: \d{4}-\d\d-\d\dT/);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
