// What kit-endpoints leaves to the host app: paths no route matches, page requests, SvelteKit's
// reserved paths; and that it leaves request bodies alone when it passes a request on.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { call, jsonOf } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

/** The whole request body, as the host's own body parser would read it. */
async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

describeHosts('falling through to the host app', (host) => {
	let t: TestApp;
	let afterHits = 0;
	before(async () => {
		t = await host.createApp({
			before: [({ method, path }) => (method === 'GET' && path === '/endpoint-output/fallback' ? { body: 'host first' } : undefined)],
			after: [
				({ method, path }) => (method === 'GET' && path === '/after' ? { body: 'after' } : undefined),
				({ method, path }) => {
					if (method !== 'GET' || path !== '/endpoint-output/body') return;
					afterHits += 1;
					return { body: 'never' };
				},
				async ({ req, method, path }) =>
					method === 'POST' && path === '/host-json'
						? { type: 'json', body: JSON.stringify({ got: JSON.parse(await readBody(req)) as unknown }) }
						: undefined,
				async ({ req, method, path }) =>
					method === 'POST' && path === '/routing/content-negotiation'
						? {
								type: 'json',
								body: JSON.stringify({ page: true, form: Object.fromEntries(new URLSearchParams(await readBody(req))) })
							}
						: undefined
			]
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

	it("the host's routes mounted before the middleware win", async () => {
		const res = await call(request(t.app).get('/endpoint-output/fallback'));
		assert.equal(res.text, 'host first');
	});

	it('a request the endpoint answered does not go on', async () => {
		const res = await call(request(t.app).get('/endpoint-output/body'));
		assert.equal(res.text, '{}');
		assert.equal(afterHits, 0);
	});

	it('with no host handlers, the host answers its own 404', async () => {
		const app = await host.createApp({ hostHandlers: false });
		const res = await call(request(app.app).get('/nope'));
		assert.equal(res.status, 404);
		assert.match(res.text, host.notFound('GET', '/nope'));
	});

	it('a body is left unread for the host when the request is passed on', async () => {
		const json = await call(request(t.app).post('/host-json').set('content-type', 'application/json').send('{"a":[1,2]}'));
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

	describe("SvelteKit's reserved paths are never endpoints", () => {
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
