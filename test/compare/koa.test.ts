// Compare mode under Koa: a legacy app whose @koa/router routers are being replaced by the
// +server files of test/fixtures/compare-app, both run on the chosen requests, one served.
import assert from 'node:assert/strict';
import request from 'supertest';
import type { CompareEvent, CompareOptions } from '../../src/index.js';
import Koa from 'koa';
import mount from 'koa-mount';
import { Readable } from 'node:stream';
import { endpoints } from '../../src/koa.js';
// @ts-expect-error -- a JavaScript fixture
import { createApp, legacyRoutes, ROUTES } from '../fixtures/compare-koa/app.js';
// @ts-expect-error -- a JavaScript fixture
import { calls, items, open, reset } from '../fixtures/compare-app/lib/store.js';

interface TestApp {
	(req: unknown, res: unknown): void;
	ready: Promise<void>;
}

const store = {
	calls: calls as Record<string, number>,
	items: items as Map<number, unknown>,
	open: open as { ticks: number },
	reset: reset as () => void
};

/** An app in compare mode, and the events it reports. */
async function compareApp(
	options: Partial<CompareOptions> = {}
): Promise<{ app: TestApp; events: CompareEvent[]; next(): Promise<CompareEvent> }> {
	const events: CompareEvent[] = [];
	const waiting: Array<(event: CompareEvent) => void> = [];
	const app = (createApp as (compare: Partial<CompareOptions>) => TestApp)({
		...options,
		onDifference(event) {
			events.push(event);
			waiting.shift()?.(event);
		}
	});
	await app.ready;
	return { app, events, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

/** Lets a comparison that found nothing finish: the other side runs a tick after the client's. */
const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe('compare mode (Koa)', () => {
	beforeEach(() => store.reset());

	it('serves the legacy answer and reports where the endpoint differs', async () => {
		const { app, next } = await compareApp();
		const reported = next();
		const res = await request(app).get('/api/items/2?view=full');
		assert.equal(res.status, 200);
		assert.deepEqual(res.body, { id: 2, name: 'Chair', price: 45 });
		const event = await reported;
		assert.equal(event.routeId, '/api/items/[id]');
		assert.equal(event.method, 'GET');
		assert.equal(event.url, '/api/items/2?view=full');
		assert.equal(event.served, 'legacy');
		assert.deepEqual(event.differences, [
			{ kind: 'body', legacy: '{"id":2,"name":"Chair","price":45}', endpoint: '{"id":2,"name":"Chair","price":40}' }
		]);
		assert.equal(event.legacy.outcome, 'answered');
		assert.equal(event.endpoint.status, 200);
		assert.equal(event.endpoint.headers['content-type'], 'application/json');
		assert.equal(store.calls['endpoint GET /api/items/[id]'], 1);
		assert.equal(store.calls['legacy GET /api/items/[id]'], 1);
	});

	it('reports nothing when both answer the same, headers set earlier in the app included', async () => {
		const { app, events } = await compareApp();
		const res = await request(app).get('/api/items/1').set('x-user', 'ada');
		assert.deepEqual(res.body, { id: 1, name: 'Lamp', price: 30 });
		await settle();
		assert.equal(store.calls['endpoint GET /api/items/[id]'], 1);
		assert.deepEqual(events, []);
	});

	it("serves the endpoint's answer with serve: 'endpoint', and compares the status", async () => {
		const { app, next } = await compareApp({ serve: 'endpoint', ignoreHeaders: ['date', 'etag', 'content-length'] });
		const reported = next();
		const res = await request(app).get('/api/items/2');
		assert.deepEqual(res.body, { id: 2, name: 'Chair', price: 40 });
		const event = await reported;
		assert.equal(event.served, 'endpoint');
		assert.deepEqual(
			event.differences.map((d) => d.kind),
			['body']
		);

		const missing = next();
		const gone = await request(app).get('/api/items/9').set('accept', 'application/json');
		assert.equal(gone.status, 404);
		assert.deepEqual(gone.body, { message: 'Not found' });
		assert.equal((await Promise.race([missing, settle(100)])) ?? 'none', 'none');
	});

	it('runs only the served side on a compared route for methods not compared, and on routes not chosen', async () => {
		const { app, events } = await compareApp({ routes: ['/api/items/[id]', '/api/items'] });
		const created = await request(app).post('/api/items').send({ name: 'Desk', price: 120 });
		assert.equal(created.status, 201);
		assert.deepEqual(created.body, { id: 3, name: 'Desk', price: 120 });
		assert.equal(store.items.size, 3);
		assert.equal(store.calls['legacy POST /api/items'], 1);
		assert.equal(store.calls['endpoint POST /api/items'], undefined);

		// a static route beside the compared [id] is matched first, and not compared
		const special = await request(app).get('/api/items/special');
		assert.deepEqual(special.body, { special: true });
		const health = await request(app).get('/api/health');
		assert.equal(health.text, 'ok');
		await settle();
		assert.equal(store.calls['legacy GET /api/health'], undefined);
		assert.equal(store.calls['endpoint GET /api/items/special'], 1);
		assert.deepEqual(events, []);
	});

	it('gives both sides a POST body when the route allows the method: one read, each side its own parser', async () => {
		const { app, events } = await compareApp({ routes: [{ id: '/api/echo', methods: ['POST'] }] });
		const res = await request(app).post('/api/echo').set('content-type', 'text/csv').send('hello,both');
		assert.deepEqual(res.body, { type: 'text/csv', body: 'hello,both' });
		await settle();
		assert.equal(store.calls['legacy POST /api/echo'], 1);
		assert.equal(store.calls['endpoint POST /api/echo'], 1);
		assert.deepEqual(events, []);

		// a body koa-bodyparser read before: the endpoint gets it back; the legacy handler, which
		// reads the stream itself, finds it empty, and answers differently
		const { app: jsonApp, next } = await compareApp({ routes: [{ id: '/api/echo', methods: ['POST'] }] });
		const reported = next();
		const json = await request(jsonApp).post('/api/echo').send({ a: 1 });
		assert.deepEqual(json.body, { type: 'application/json', body: '' });
		const event = await reported;
		assert.deepEqual(event.differences.at(-1), {
			kind: 'body',
			legacy: '{"type":"application/json","body":""}',
			endpoint: '{"type":"application/json","body":"{\\"a\\":1}"}'
		});
	});

	it('reports a legacy side that throws, and the client still gets the endpoint', async () => {
		const { app, next } = await compareApp({ routes: ['/api/report'], serve: 'endpoint' });
		const reported = next();
		const res = await request(app).get('/api/report');
		assert.equal(res.status, 200);
		assert.deepEqual(res.body, { total: 75 });
		const event = await reported;
		assert.deepEqual(event.differences, [{ kind: 'outcome', legacy: 'failed', endpoint: 'answered' }]);
		assert.equal((event.legacy.error as Error).message, 'the legacy report broke');
	});

	it('keeps the legacy error page when the served legacy side throws', async () => {
		const { app, next } = await compareApp({ routes: ['/api/report'] });
		const reported = next();
		const res = await request(app).get('/api/report');
		assert.equal(res.status, 500);
		assert.equal(res.text, 'Internal Server Error');
		const event = await reported;
		assert.equal(event.legacy.outcome, 'failed');
		assert.equal(event.legacy.status, 500);
		assert.equal(event.endpoint.outcome, 'answered');
	});

	it('compares the share of requests given by sample', async () => {
		const none = await compareApp({ sample: 0 });
		for (let i = 0; i < 5; i++) assert.equal((await request(none.app).get('/api/items/2')).body.price, 45);
		await settle();
		assert.equal(none.events.length, 0);
		assert.equal(store.calls['endpoint GET /api/items/[id]'], undefined);

		const half = await compareApp({ sample: 0.5 });
		for (let i = 0; i < 60; i++) await request(half.app).get('/api/items/2');
		await settle();
		assert.ok(half.events.length > 10 && half.events.length < 50, `${half.events.length} of 60 compared`);
		assert.equal(store.calls['endpoint GET /api/items/[id]'], half.events.length);
	});

	it('compares streamed bodies, and serves the stream as it comes', async () => {
		const { app, events, next } = await compareApp({ routes: ['/api/stream'] });
		const same = await request(app).get('/api/stream');
		assert.equal(same.text, 'one\ntwo\nthree\n');
		await settle(100);
		assert.deepEqual(events, []);

		const reported = next();
		const differs = await request(app).get('/api/stream?upper');
		assert.equal(differs.text, 'one\ntwo\nthree\n');
		const event = await reported;
		assert.deepEqual(event.differences, [{ kind: 'body', legacy: 'one\ntwo\nthree\n', endpoint: 'one\ntwo\nTHREE\n' }]);
	});

	it("never lets the other side's stream fail the client or the process: a legacy stream that breaks mid-way", async () => {
		const events: CompareEvent[] = [];
		const errors: unknown[] = [];
		const app = new Koa();
		app.on('error', (error: unknown) => errors.push(error));
		const broken = (ctx: Koa.Context, next: Koa.Next) => {
			if (ctx.path !== '/api/stream') return next();
			ctx.set('content-type', 'text/plain');
			ctx.body = Readable.from(
				(async function* () {
					yield 'one\n';
					await new Promise((resolve) => setTimeout(resolve, 20));
					throw new Error('the legacy stream broke');
				})()
			);
		};
		const middleware = endpoints(ROUTES as string, {
			compare: { legacy: broken, serve: 'endpoint', routes: ['/api/stream'], onDifference: (event) => events.push(event) }
		});
		app.use(middleware);
		await middleware.ready;
		const res = await request(app.callback()).get('/api/stream');
		assert.equal(res.text, 'one\ntwo\nthree\n');
		await settle(150);
		assert.equal(events.length, 1);
		assert.deepEqual(events[0]!.differences, [{ kind: 'outcome', legacy: 'failed', endpoint: 'answered' }]);
		assert.equal(events[0]!.legacy.body, 'one\n');
		assert.equal((events[0]!.legacy.error as Error).message, 'the legacy stream broke');
		// the other side's failure is the comparison's news, not the app's
		assert.deepEqual(errors, []);
	});

	it('compares under koa-mount, where both sides see the path below the mount point', async () => {
		const events: CompareEvent[] = [];
		const app = new Koa();
		const middleware = endpoints(ROUTES as string, {
			compare: { legacy: legacyRoutes(), routes: ['/api/items/[id]'], onDifference: (event) => events.push(event) }
		});
		app.use(mount('/v2', middleware));
		await middleware.ready;
		const res = await request(app.callback()).get('/v2/api/items/2');
		assert.deepEqual(res.body, { id: 2, name: 'Chair', price: 45 });
		await settle();
		assert.equal(events.length, 1);
		assert.equal(events[0]!.url, '/v2/api/items/2');
		// the body differs, as at the root: the endpoint saw the same path below the mount point
		assert.deepEqual(
			events[0]!.differences.map((d) => d.kind),
			['body']
		);
	});
});
