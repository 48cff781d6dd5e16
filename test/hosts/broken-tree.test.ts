// A routes tree that cannot be served (an endpoint module that throws while it is evaluated —
// rules §8 row 32 — and an invalid route id): `.ready` rejects, every request the middleware sees
// goes to the host's error handler, and the rest of the app keeps serving. The hosts' default
// error handling: express-broken-tree.test.ts and koa-broken-tree.test.ts.
import assert from 'node:assert/strict';
import request from 'supertest';
import { RouteTreeError } from '../../src/index.js';
import { call, routesOf } from '../support/helpers.js';
import { describeHosts, type Host } from '../support/hosts.js';

const BROKEN = routesOf('app-broken');

async function brokenApp(host: Host) {
	const t = await host.createApp({
		routes: BROKEN,
		ready: false,
		before: [({ method, path }) => (method === 'GET' && path === '/health' ? { body: 'healthy' } : undefined)],
		errorReply: { status: 503, body: 'routes unavailable' }
	});
	return { app: t.app, middleware: t.middleware, errors: t.hostErrors };
}

describeHosts('a broken routes tree', (host) => {
	it(".ready rejects with every problem, the module's evaluation error included", async () => {
		const { middleware } = await brokenApp(host);
		await assert.rejects(middleware.ready, (error: unknown) => {
			assert.ok(error instanceof RouteTreeError);
			assert.match(error.message, /thisvariableisnotdefined is not defined/);
			assert.match(error.message, /parameters must be separated/);
			assert.equal(error.problems.length, 2);
			return true;
		});
	});

	it("requests reaching the middleware go to the host's error handler, again and again", async () => {
		const { app, middleware, errors } = await brokenApp(host);
		await middleware.ready.catch(() => {});
		for (const path of ['/ok', '/ok', '/init-error', '/not-a-route']) {
			const res = await call(request(app).get(path));
			assert.equal(res.status, 503, path);
			assert.equal(res.text, 'routes unavailable');
		}
		assert.equal(errors.length, 4);
		assert.ok(errors.every((error) => error instanceof RouteTreeError));
	});

	it('a valid route of a broken tree is not served', async () => {
		const { app, middleware } = await brokenApp(host);
		await middleware.ready.catch(() => {});
		const res = await call(request(app).get('/ok'));
		assert.notEqual(res.text, 'ok');
	});

	it('the rest of the app keeps serving', async () => {
		const { app, middleware } = await brokenApp(host);
		await middleware.ready.catch(() => {});
		await call(request(app).get('/ok'));
		const health = await call(request(app).get('/health'));
		assert.equal(health.status, 200);
		assert.equal(health.text, 'healthy');
	});

	it('requests that arrive before loading has finished wait for it, then get the error', async () => {
		const { app, errors } = await brokenApp(host);
		// no await on .ready: an app that starts listening at once
		const res = await call(request(app).get('/ok'));
		assert.equal(res.status, 503);
		assert.ok(errors[0] instanceof RouteTreeError);
	});
});
