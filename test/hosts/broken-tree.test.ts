// A routes tree that cannot be served (an endpoint module that throws while it is evaluated —
// §8 row 32 — and an invalid route id): `.ready` rejects, every request the middleware sees
// goes to Express's error handler, and the rest of the app keeps serving.
import assert from 'node:assert/strict';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { RouteTreeError, endpoints } from '../../src/index.js';
import { call, captureConsole, routesOf } from './helpers.js';

const BROKEN = routesOf('app-broken');

function brokenApp() {
	const errors: unknown[] = [];
	const middleware = endpoints(BROKEN, { handleError: () => {} });
	const app = express();
	app.get('/health', (_req, res) => void res.send('healthy'));
	app.use(middleware);
	app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
		errors.push(error);
		res.status(503).type('text').send('routes unavailable');
	});
	return { app, middleware, errors };
}

describe('express: a broken routes tree', () => {
	it('.ready rejects with every problem, the module\'s evaluation error included', async () => {
		const { middleware } = brokenApp();
		await assert.rejects(middleware.ready, (error: unknown) => {
			assert.ok(error instanceof RouteTreeError);
			assert.match(error.message, /thisvariableisnotdefined is not defined/);
			assert.match(error.message, /parameters must be separated/);
			assert.equal(error.problems.length, 2);
			return true;
		});
	});

	it('requests reaching the middleware go to Express\'s error handler, again and again', async () => {
		const { app, middleware, errors } = brokenApp();
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
		const { app, middleware } = brokenApp();
		await middleware.ready.catch(() => {});
		const res = await call(request(app).get('/ok'));
		assert.notEqual(res.text, 'ok');
	});

	it('the rest of the app keeps serving', async () => {
		const { app, middleware } = brokenApp();
		await middleware.ready.catch(() => {});
		await call(request(app).get('/ok'));
		const health = await call(request(app).get('/health'));
		assert.equal(health.status, 200);
		assert.equal(health.text, 'healthy');
	});

	it('requests that arrive before loading has finished wait for it, then get the error', async () => {
		const { app, errors } = brokenApp();
		// no await on .ready: an app that starts listening at once
		const res = await call(request(app).get('/ok'));
		assert.equal(res.status, 503);
		assert.ok(errors[0] instanceof RouteTreeError);
	});

	it('with Express\'s default error handler the answer is a 500', async () => {
		const middleware = endpoints(BROKEN, { handleError: () => {} });
		const app = express();
		app.use(middleware);
		app.set('env', 'production');
		// finalhandler logs the error itself
		const { result: res } = await captureConsole(async () => {
			const reply = await call(request(app).get('/ok'));
			// finalhandler logs on a later tick
			await new Promise((resolve) => setImmediate(resolve));
			return reply;
		});
		assert.equal(res.status, 500);
		assert.doesNotMatch(res.text, /thisvariableisnotdefined/);
	});
});
