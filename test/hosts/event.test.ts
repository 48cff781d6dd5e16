// The RequestEvent a handler gets under Express (spec §3): url, params, route, request, locals
// (res.locals), platform ({ req, res }), getClientAddress (req.ip), isDataRequest, isSubRequest.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, createApp, deferred, jsonOf, type TestApp } from './helpers.js';

describe('express: RequestEvent', () => {
	let t: TestApp;
	const finished: { resolve: (locals: Record<string, unknown>) => void }[] = [];

	before(async () => {
		t = await createApp({
			before: (app) =>
				app.use((_req, res, next) => {
					res.locals.user = 'ada';
					const waiter = finished.shift();
					if (waiter) res.on('finish', () => waiter.resolve({ ...res.locals }));
					next();
				})
		});
	});

	it('has the fields of a SvelteKit 2 RequestEvent, with Express objects as platform', async () => {
		const res = await call(request(t.app).get('/event?x=1').set('host', 'app.test').set('x-custom', 'hi'));
		assert.equal(res.status, 200);
		const body = jsonOf(res) as Record<string, unknown>;
		assert.deepEqual(body, {
			url: 'http://app.test/event?x=1',
			routeId: '/event',
			params: {},
			method: 'GET',
			isRequest: true,
			userAgent: 'hi',
			locals: { user: 'ada', fromHandler: 'set by handler' },
			localsIsResLocals: true,
			platformKeys: ['req', 'res'],
			reqIsExpress: true,
			resIsExpress: true,
			clientAddress: body.reqIp,
			reqIp: body.reqIp,
			isDataRequest: false,
			isSubRequest: false
		});
		assert.equal(typeof body.reqIp, 'string');
	});

	it('locals written by the handler are visible to Express afterwards', async () => {
		const done = deferred<Record<string, unknown>>();
		finished.push(done);
		await call(request(t.app).get('/event'));
		const locals = await done.promise;
		assert.equal(locals.fromHandler, 'set by handler');
		assert.equal(locals.user, 'ada');
	});
});
