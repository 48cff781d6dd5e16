// Errors and redirects thrown with the real @sveltejs/kit 3.2.0 (test/fixtures/kit3/errors) in
// `kit: 3` mode: its HttpError's body, its handleError kinds, and its redirect(), which finds
// the current request in the store of its own internal server module. Skipped below Node 22.17.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { loadKitRequestStore } from '../../src/app/kit-store.js';
import { asHttpError, asRedirect, isHttpError, isRedirect } from '../../src/kit/index.js';
import type { RequestEvent } from '../../src/types.js';
import { FIXTURES, call, routesOf, setCookies } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';
import { ERROR_CASES, INTERNAL, REFUSED_REDIRECTS, allowedRedirects } from '../support/kit3-errors.js';
import { skipWithoutKit3 } from '../support/node-version.js';

const ROUTES = routesOf('kit3/errors');
const HOOKS = path.join(FIXTURES, 'kit3', 'errors', 'hooks.server.js');
const KIT3 = { kit: 3 } as const;
const KIT = pathToFileURL(path.join(FIXTURES, 'kit3', 'node_modules', '@sveltejs', 'kit', 'src', 'exports', 'index.js')).href;

/** the helpers of @sveltejs/kit 3 these tests call */
interface Kit3 {
	error(status: number, message?: string, properties?: object): never;
	redirect(status: number, location: string, options?: object): never;
}

const get = (t: TestApp, path: string, accept = '*/*') => call(request(t.app).get(path).set('accept', accept));

describe('@sveltejs/kit 3 in kit 3 mode', () => {
	skipWithoutKit3();

	describeHosts(
		'errors and redirects of @sveltejs/kit 3',
		(host) => {
			let t: TestApp;
			before(async () => {
				t = await host.createApp({ routes: ROUTES, options: KIT3 });
			});
			beforeEach(() => void (t.errors.length = 0));

			for (const [name, status, body] of ERROR_CASES) {
				it(`error ${name}: ${status} ${body}`, async () => {
					const res = await get(t, `/errors/${name}`);
					assert.equal(res.status, status);
					assert.equal(res.text, body);
					assert.equal(res.headers['content-length'], String(Buffer.byteLength(body)));
				});
			}

			it('handleError sees its error() as kind "app", with the body', async () => {
				await get(t, '/errors/properties');
				assert.equal(t.errors[0]!.kind, 'app');
				assert.deepEqual(t.errors[0]!.error, { code: 'X', status: 400, message: 'obj' });
			});

			it('its redirect() finds the request: same-origin, relative and allowed locations go', async () => {
				for (const [name, status, location] of allowedRedirects(t.origin)) {
					const res = await get(t, `/redirects/${name}`);
					assert.equal(res.status, status, name);
					assert.equal(res.headers.location, location, name);
				}
				assert.equal(t.errors.length, 0);
			});

			for (const [name, code] of REFUSED_REDIRECTS) {
				it(`its redirect() refuses ${name}: 500, ${code}`, async () => {
					const res = await get(t, `/redirects/${name}`);
					assert.equal(res.status, 500);
					assert.equal(res.text, INTERNAL);
					// outside dev, SvelteKit's shared errors say only where to read about them
					assert.match((t.errors[0]!.error as Error).message, new RegExp(`https://svelte.dev/e/kit/${code}$`));
				});
			}

			it('in handle too', async () => {
				const app = await host.createApp({ routes: ROUTES, options: { ...KIT3, hooks: HOOKS } });
				const same = await get(app, `/errors/teapot?to=${encodeURIComponent(`${app.origin}/x`)}`);
				assert.equal(same.status, 303);
				assert.equal(same.headers.location, `${app.origin}/x`);
				assert.ok(setCookies(same).some((line) => line.startsWith('seen=1')));
				const external = await get(app, '/errors/teapot?to=https://example.com/');
				assert.equal(external.status, 500);
				const failed = await get(app, '/errors/teapot?fail');
				assert.equal(failed.status, 451);
				assert.equal(failed.text, '{"code":"L","status":451,"message":"unavailable"}');
			});
		},
		['express', 'koa']
	);

	describe('what it throws, recognised', () => {
		it('its HttpError carries the status in its body; its Redirect is as before', async () => {
			const kit = (await import(KIT)) as Kit3;
			assert.throws(
				() => kit.error(404, 'gone', { code: 'G' }),
				(e: unknown) => {
					assert.ok(isHttpError(e, 404));
					assert.deepEqual(asHttpError(e), { status: 404, body: { code: 'G', status: 404, message: 'gone' } });
					return true;
				}
			);
			assert.throws(
				() => kit.redirect(303, '/x'),
				(e: unknown) => {
					assert.ok(isRedirect(e));
					assert.deepEqual(asRedirect(e), { status: 303, location: '/x' });
					return true;
				}
			);
		});
	});

	describe('the request store of the app’s @sveltejs/kit', () => {
		it('runs a function with the event as its current request', async () => {
			const store = await loadKitRequestStore(ROUTES);
			assert.ok(store);
			const internal = (await import(new URL('internal/server/index.js', KIT).href)) as { getRequestEvent(): unknown };
			const event = { request: new Request('http://app.test/') } as RequestEvent;
			assert.equal(
				store(event, () => internal.getRequestEvent()),
				event
			);
			assert.equal(await store(event, async () => (await Promise.resolve(), internal.getRequestEvent())), event);
		});

		it('is absent where no @sveltejs/kit resolves', async () => {
			assert.equal(await loadKitRequestStore(os.tmpdir()), undefined);
		});
	});
});
