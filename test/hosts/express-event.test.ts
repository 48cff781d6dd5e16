// The RequestEvent a handler gets under Express (rules §3): url, params, route, request, locals
// (res.locals), platform ({ req, res }), getClientAddress (req.ip), isDataRequest, isSubRequest.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, jsonOf } from '../support/helpers.js';
import { describeExpress, type TestApp } from '../support/hosts.js';

describeExpress('RequestEvent', (host) => {
	let t: TestApp;

	before(async () => {
		t = await host.createApp({
			express: {
				before: (app) =>
					app.use((_req, res, next) => {
						res.locals.user = 'ada';
						next();
					})
			}
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
});
