// A core serves a loaded app by itself: no server, no file watcher, no module hooks.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createCore, type Core, type CoreOptions } from '../../src/core/core.js';
import { incomingFromRequest, type Outcome } from '../../src/core/incoming.js';
import { loadRouteTree } from '../../src/routes/index.js';
import { kit2 } from '../../src/semantics/kit2.js';
import type { AppHooks } from '../../src/server-hooks.js';

const ROUTES = fileURLToPath(new URL('../fixtures/app/routes/', import.meta.url));
const OPTIONS: CoreOptions = {
	semantics: kit2,
	hostPage: () => false,
	errorTemplate: '<p>%sveltekit.status% %sveltekit.error.message%</p>',
	dev: false,
	checkOrigin: true,
	trustedOrigins: []
};

async function coreFor(hooks: Partial<AppHooks> = {}): Promise<Core> {
	const tree = await loadRouteTree(ROUTES, { params: fileURLToPath(new URL('../fixtures/app/params/', import.meta.url)) });
	return createCore({ tree, hooks: { handleError: () => undefined, ...hooks } }, OPTIONS);
}

async function serve(core: Core, path: string, init?: RequestInit): Promise<Outcome> {
	return core.serve(incomingFromRequest(new Request(`http://app.test${path}`, init)));
}

describe('core: built from a loaded app, without a server', () => {
	it('answers an endpoint request with its Response and route id', async () => {
		const outcome = await serve(await coreFor(), '/csrf', { method: 'PUT' });
		assert.equal(outcome.routeId, '/csrf');
		assert.equal(outcome.response?.status, 200);
		assert.equal(await outcome.response?.text(), 'ok');
	});

	it('passes on a path no route takes in the same tick, without a promise', async () => {
		const core = await coreFor();
		const outcome = core.serve(incomingFromRequest(new Request('http://app.test/no/such/route')));
		assert.ok(!(outcome instanceof Promise));
		assert.deepEqual(outcome, { routeId: null, varyAccept: false });
	});

	it('passes on the paths SvelteKit keeps for itself', async () => {
		const outcome = await serve(await coreFor(), '/_apple');
		assert.equal(outcome.response, undefined);
	});

	it('answers a method the file does not export with 405 and Allow', async () => {
		const outcome = await serve(await coreFor(), '/allow/get-only', { method: 'PATCH' });
		assert.equal(outcome.response?.status, 405);
		assert.equal(outcome.response?.headers.get('allow'), 'GET, HEAD');
	});

	it('refuses a cross-site form post with 403', async () => {
		const outcome = await serve(await coreFor(), '/csrf', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.test' },
			body: 'a=1'
		});
		assert.equal(outcome.response?.status, 403);
		assert.equal(await outcome.response?.text(), 'Cross-site POST form submissions are forbidden');
	});

	it('redirects to the route’s trailing-slash form with 308', async () => {
		const outcome = await serve(await coreFor(), '/routing/trailing-slash-server/always?x=1');
		assert.equal(outcome.response?.status, 308);
		assert.equal(outcome.response?.headers.get('location'), '/routing/trailing-slash-server/always/?x=1');
	});

	it('answers an error() with its status and body, without calling handleError', async () => {
		const seen: unknown[] = [];
		const core = await coreFor({ handleError: ({ error }) => void seen.push(error) });
		const outcome = await serve(core, '/errors/endpoint-throw-error', { headers: { accept: 'application/json' } });
		assert.equal(outcome.response?.status, 401);
		assert.deepEqual(await outcome.response?.json(), { message: 'You shall not pass' });
		assert.equal(seen.length, 0);
	});

	it('answers an unexpected error with 500 through handleError, once', async () => {
		const seen: unknown[] = [];
		const core = await coreFor({ handleError: ({ error }) => (seen.push(error), { message: 'shaped' }) });
		const outcome = await serve(core, '/errors/invalid-route-response', { headers: { accept: 'application/json' } });
		assert.equal(outcome.response?.status, 500);
		assert.deepEqual(await outcome.response?.json(), { message: 'shaped' });
		assert.equal(seen.length, 1);
	});

	it('answers a malformed path with 400 before routing, as the error page', async () => {
		const outcome = await serve(await coreFor(), '/csrf%E0%A4%A');
		assert.equal(outcome.response?.status, 400);
		assert.equal(await outcome.response?.text(), '<p>400 Malformed URI</p>');
	});

	it('runs the handle hook around resolve', async () => {
		const core = await coreFor({
			handle: async ({ event, resolve }) => {
				const response = await resolve(event);
				response.headers.set('x-handled', event.route.id ?? '');
				return response;
			}
		});
		const outcome = await serve(core, '/csrf');
		assert.equal(outcome.response?.headers.get('x-handled'), '/csrf');
	});

	it('serves event.fetch to its own routes in-process', async () => {
		const outcome = await serve(await coreFor(), '/fetch/proxy', { headers: { authorization: 'Bearer t' } });
		const body = (await outcome.response?.json()) as { status: number; body: { isSubRequest: boolean; authorization: string } };
		assert.equal(body.status, 200);
		assert.equal(body.body.isSubRequest, true);
		assert.equal(body.body.authorization, 'Bearer t');
	});
});
