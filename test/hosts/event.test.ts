// The RequestEvent a handler gets under each host (rules §3): locals shared with the host's own
// middleware, before and after the handler, and platform / getClientAddress in the host's terms.
// Express's objects in the event: express-event.test.ts; Koa's: koa-event.test.ts.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, deferred, jsonOf, routesOf } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

interface Platform {
	platformKeys: string[];
	reqIsNode: boolean;
	resIsNode: boolean;
	localsIsResLocals: boolean;
	localsIsCtxState: boolean;
	ctxHoldsReqRes: boolean;
	ctxIp: string | null;
	clientAddress: string;
	socketAddress: string | null;
	locals: Record<string, unknown>;
}

describeHosts('RequestEvent', (host) => {
	let t: TestApp;
	const finished: { resolve: (locals: Record<string, unknown>) => void }[] = [];

	before(async () => {
		t = await host.createApp({
			before: [
				({ res, locals }) => {
					locals.user = 'ada';
					const waiter = finished.shift();
					if (waiter) res.on('finish', () => waiter.resolve({ ...locals }));
				}
			]
		});
	});

	it("has SvelteKit 2.31+'s tracing field, disabled, whose spans do nothing", async () => {
		const res = await call(request(t.app).get('/event/tracing'));
		assert.equal(res.status, 200);
		assert.deepEqual(jsonOf(res), { enabled: false, rootIsCurrent: true, chained: true, recording: false, isRemoteRequest: false });
	});

	it('locals written by the handler are visible to the host afterwards', async () => {
		const done = deferred<Record<string, unknown>>();
		finished.push(done);
		await call(request(t.app).get('/event'));
		const locals = await done.promise;
		assert.equal(locals.fromHandler, 'set by handler');
		assert.equal(locals.user, 'ada');
	});

	it("platform holds the host's own objects; locals are the host's locals; the client address is the host's", async () => {
		const app = await host.createApp({ routes: routesOf('app-hosts'), before: [({ locals }) => void (locals.user = 'ada')] });
		const res = await call(request(app.app).get('/platform'));
		assert.equal(res.status, 200);
		const body = jsonOf(res) as Platform;
		assert.deepEqual(body.locals, { user: 'ada', fromHandler: 'set by handler' });
		assert.equal(body.reqIsNode, true);
		assert.equal(body.resIsNode, true);
		assert.match(body.clientAddress, /127\.0\.0\.1|::1/);
		if (host.family === 'koa') {
			assert.deepEqual(body.platformKeys, ['ctx', 'req', 'res']);
			assert.equal(body.localsIsCtxState, true);
			assert.equal(body.ctxHoldsReqRes, true);
			assert.equal(body.clientAddress, body.ctxIp);
		} else {
			assert.deepEqual(body.platformKeys, ['req', 'res']);
			assert.equal(body.localsIsResLocals, true);
			if (host.family === 'plain') assert.equal(body.clientAddress, body.socketAddress);
		}
	});
});
