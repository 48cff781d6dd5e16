// src/hooks.server.js through the `hooks` option (rules §5.4, §5.5, §7.2): handle around the
// endpoint (with @sveltejs/kit's own `sequence`, `error` and `redirect`), errors thrown by handle
// itself, handleError's body, handleFetch and init; and the same hooks given as an object.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { FIXTURES, call, jsonOf, setCookies } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';
import { AppLoadError, endpoints, RouteTreeError, sequence } from '../../src/index.js';

const SRC = path.join(FIXTURES, 'app-hooks', 'src');
const ROUTES = path.join(SRC, 'routes');
const HOOKS = path.join(SRC, 'hooks.server.js');

/** apps made so far with the hooks file, which all share its module and so its init count */
let appsWithHooksFile = 0;

describeHosts('hooks', (host) => {
	let t: TestApp;
	let hooksModule: { initCalls: number };
	before(async () => {
		t = await host.createApp({ routes: ROUTES, options: { hooks: HOOKS }, handleError: 'default' });
		appsWithHooksFile++;
		// the same module instance the middleware imported
		hooksModule = await import(pathToFileURL(HOOKS).href);
	});

	it('handle runs around the endpoint: locals in, headers out, setHeaders and cookies kept', async () => {
		const res = await call(request(t.app).get('/hello').set('cookie', 'user=ada'));
		assert.equal(res.status, 200);
		assert.equal(res.text, 'hello ada true');
		assert.equal(res.headers['x-handle'], 'after');
		assert.equal(res.headers['x-endpoint'], 'hello');
		assert.deepEqual(setCookies(res), ['visited=yes; Path=/; HttpOnly; Secure; SameSite=Lax']);
	});

	it('an error thrown by the endpoint keeps its headers and cookies, and handleError shapes the body', async () => {
		const res = await call(request(t.app).get('/boom').set('accept', '*/*'));
		assert.equal(res.status, 500);
		assert.deepEqual(jsonOf(res), { message: 'Internal Error (handled)', code: 'E_HOOK', status: 500, reason: 'boom' });
		assert.equal(res.headers['x-before'], 'yes');
		assert.deepEqual(setCookies(res), ['c1=v1; Path=/; HttpOnly; Secure; SameSite=Lax']);
		// resolve's response went back through handle
		assert.equal(res.headers['x-handle'], 'after');
	});

	it('error() from the endpoint does not call handleError', async () => {
		const res = await call(request(t.app).get('/teapot').set('accept', '*/*'));
		assert.equal(res.status, 418);
		assert.equal(res.text, '{"message":"teapot"}');
	});

	it('an error thrown by handle itself answers bare: no cookies, no setHeaders', async () => {
		const res = await call(request(t.app).get('/hello?hook=throws').set('accept', '*/*'));
		assert.equal(res.status, 500);
		assert.deepEqual(jsonOf(res), { message: 'Internal Error (handled)', code: 'E_HOOK', status: 500, reason: 'handle failed' });
		assert.equal(res.headers['x-lost'], undefined);
		assert.deepEqual(setCookies(res), []);
	});

	it('error() thrown by handle gives its status and body, as HTML for a browser', async () => {
		const json = await call(request(t.app).get('/hello?hook=error').set('accept', '*/*'));
		assert.equal(json.status, 403);
		assert.equal(json.text, '{"message":"Forbidden by handle","code":"NOPE"}');
		const html = await call(request(t.app).get('/hello?hook=error').set('accept', 'text/html'));
		assert.equal(html.status, 403);
		assert.match(html.text, /<title>Forbidden by handle<\/title>/);
	});

	it('redirect() thrown by handle redirects, with the cookies set so far', async () => {
		const res = await call(request(t.app).get('/hello?hook=redirect'));
		assert.equal(res.status, 303);
		assert.equal(res.headers.location, '/hello');
		assert.deepEqual(setCookies(res), ['kept=1; Path=/; HttpOnly; Secure; SameSite=Lax']);
	});

	it('handle may answer without resolve', async () => {
		const res = await call(request(t.app).get('/hello?hook=short'));
		assert.equal(res.status, 200);
		assert.equal(res.text, 'answered by handle');
		assert.equal(res.headers['x-short'], '1');
	});

	it('handle returning something other than a Response is a 500', async () => {
		const res = await call(request(t.app).get('/hello?hook=bad').set('accept', '*/*'));
		assert.equal(res.status, 500);
		assert.equal((jsonOf(res) as { reason: string }).reason, 'handle must return a Response (it returned string)');
	});

	it('handle runs only for requests an endpoint takes: others fall through untouched', async () => {
		const res = await call(request(t.app).get('/none/such?hook=short'));
		assert.equal(res.headers['x-short'], undefined);
		assert.equal(res.headers['x-host'], '404');
	});

	it('getRequestEvent() from $app/server returns the event, also after an await in $lib', async () => {
		const res = await call(request(t.app).get('/current'));
		assert.deepEqual(jsonOf(res), { same: true, path: '/current' });
	});

	it('handleFetch sees event.fetch requests', async () => {
		const res = await call(request(t.app).get('/fetch'));
		assert.deepEqual(jsonOf(res), { handleFetch: 'yes' });
	});

	it('init ran once, before the first request', async () => {
		assert.equal(hooksModule.initCalls, appsWithHooksFile);
		const res = await call(request(t.app).get('/init-count'));
		assert.deepEqual(jsonOf(res), { initCalls: appsWithHooksFile });
	});
});

describeHosts('hooks given as an object', (host) => {
	let t: TestApp;
	before(async () => {
		t = await host.createApp({
			routes: path.join(FIXTURES, 'app', 'routes'),
			options: {
				hooks: {
					// kit-endpoints' own sequence: @sveltejs/kit's needs SvelteKit's request store
					handle: sequence(
						async ({ event, resolve }) => {
							const response = await resolve(event);
							response.headers.set('x-object-hook', event.route.id ?? 'none');
							return response;
						},
						async ({ event, resolve }) => {
							const response = await resolve(event);
							response.headers.set('x-second-hook', 'inner');
							return response;
						}
					)
				}
			}
		});
	});

	it('applies handle to endpoint responses', async () => {
		const res = await call(request(t.app).get('/set-cookie'));
		assert.equal(res.status, 200);
		assert.equal(res.headers['x-object-hook'], '/set-cookie');
		assert.equal(res.headers['x-second-hook'], 'inner');
	});
});

describeHosts(
	'a hooks file outside src',
	(host) => {
		it('gets $lib like the files in src', async () => {
			const app = path.join(FIXTURES, 'app-hooks-outside');
			const t = await host.createApp({
				routes: path.join(app, 'src', 'routes'),
				options: { hooks: path.join(app, 'hooks.server.js') }
			});
			const res = await call(request(t.app).get('/who'));
			assert.equal(res.text, 'from $lib');
		});
	},
	['express', 'koa']
);

describe('hooks: bad configuration fails at start-up, naming the file', () => {
	const app = path.join(FIXTURES, 'app-hooks-bad', 'src');
	const routes = path.join(app, 'routes');

	it('a hooks path that does not exist throws when the middleware is created', () => {
		assert.throws(() => endpoints(routes, { hooks: path.join(app, 'missing.js') }), /hooks: .*missing\.js does not exist/);
	});

	it('exports that are not functions are load problems', async () => {
		await assert.rejects(endpoints(routes, { hooks: path.join(app, 'hooks.server.js') }).ready, (error: Error) => {
			assert.match(error.message, /app-hooks-bad\/src\/hooks\.server\.js: `handle` must be a function/);
			assert.match(error.message, /app-hooks-bad\/src\/hooks\.server\.js: `handleError` must be a function/);
			return true;
		});
	});

	it('handleError both in the hooks and as an option is a load problem', async () => {
		const hooks = { handleError: () => undefined };
		await assert.rejects(
			endpoints(routes, { hooks, handleError: () => undefined }).ready,
			/exports handleError, and the handleError option is set too/
		);
	});

	it('an init that throws stops the app from serving, with its message', async () => {
		await assert.rejects(
			endpoints(routes, { hooks: path.join(app, 'hooks.init-fails.js') }).ready,
			/hooks\.init-fails\.js: init\(\) failed: database unreachable/
		);
	});

	it('hooks that fail are an AppLoadError, not a RouteTreeError: the tree is fine', async () => {
		await assert.rejects(endpoints(routes, { hooks: path.join(app, 'hooks.init-fails.js') }).ready, (error: Error) => {
			assert.ok(error instanceof AppLoadError);
			assert.ok(!(error instanceof RouteTreeError));
			assert.match(error.message, /^Cannot load the app in /);
			return true;
		});
	});
});
