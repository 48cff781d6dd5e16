// A broken routes tree under Koa's own error handling: `.ready` rejects, the requests the
// middleware sees are emitted on app.on('error') and answered with a 500, and the app's other
// routes keep working. Koa 3 and 2. The host-agnostic cases are in broken-tree.test.ts.
import assert from 'node:assert/strict';
import request from 'supertest';
import { RouteTreeError } from '../../src/index.js';
import { endpoints } from '../../src/koa.js';
import type Koa from 'koa';
import { call, routesOf } from '../support/helpers.js';
import { describeKoa } from '../support/hosts.js';

const BROKEN = routesOf('app-broken');

describeKoa('a broken routes tree', (_host, Koa) => {
	it(".ready rejects; requests go to app.on('error') and get a 500, while the other routes keep working", async () => {
		const middleware = endpoints(BROKEN, { handleError: () => {} });
		const app = new Koa();
		const emitted: unknown[] = [];
		app.on('error', (error: unknown) => void emitted.push(error));
		app.use(async (ctx, next) => {
			if (ctx.path === '/health') ctx.body = 'healthy';
			else await next();
		});
		app.use(middleware as unknown as Koa.Middleware);
		const server = app.callback();

		await assert.rejects(middleware.ready, RouteTreeError);
		for (const path of ['/ok', '/not-a-route']) {
			const res = await call(request(server).get(path));
			assert.equal(res.status, 500, path);
			assert.doesNotMatch(res.text, /thisvariableisnotdefined/);
		}
		assert.equal(emitted.length, 2);
		assert.ok(emitted.every((error) => error instanceof RouteTreeError));

		const health = await call(request(server).get('/health'));
		assert.equal(health.status, 200);
		assert.equal(health.text, 'healthy');
	});
});
