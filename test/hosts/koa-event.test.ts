// The RequestEvent under Koa (rules §3): locals are ctx.state, shared with Koa middleware before
// and after the handler; platform is { req, res, ctx }; getClientAddress is ctx.ip.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, jsonOf, routesOf } from '../support/helpers.js';
import { describeKoa, type TestApp } from '../support/hosts.js';

describeKoa('RequestEvent', (host) => {
	let t: TestApp;
	const seen: { ip: string; state: Record<string, unknown>; routeId: unknown; stateKeys: string[] }[] = [];

	before(async () => {
		t = await host.createApp({
			koa: {
				before: (app) =>
					app.use(async (ctx, next) => {
						ctx.state.user = 'ada';
						await next();
						const state = ctx.state as Record<string, unknown>;
						seen.push({ ip: ctx.ip, state: { ...state }, routeId: state.routeId, stateKeys: Object.keys(state) });
					})
			}
		});
	});
	beforeEach(() => {
		seen.length = 0;
	});

	it("has the fields of a SvelteKit 2 RequestEvent, with ctx.state as locals and Koa's objects as platform", async () => {
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
			localsIsResLocals: false,
			platformKeys: ['ctx', 'req', 'res'],
			reqIsExpress: false,
			resIsExpress: false,
			clientAddress: seen[0]?.ip,
			reqIp: null,
			isDataRequest: false,
			isSubRequest: false
		});
	});

	it('ctx.state written by the handler is there for the Koa middleware after it, with the route id not enumerable', async () => {
		await call(request(t.app).get('/event'));
		assert.equal(seen[0]?.state.fromHandler, 'set by handler');
		assert.equal(seen[0]?.routeId, '/event');
		assert.deepEqual(seen[0]?.stateKeys, ['user', 'fromHandler']);
	});

	it("platform.ctx is the request's Koa context: ctx.req, ctx.res and ctx.state are the event's", async () => {
		const app = await host.createApp({ routes: routesOf('app-hosts') });
		const res = await call(request(app.app).get('/platform'));
		const body = jsonOf(res) as Record<string, unknown>;
		assert.equal(body.ctxHoldsReqRes, true);
		assert.equal(body.localsIsCtxState, true);
		assert.equal(body.clientAddress, body.ctxIp);
	});
});
