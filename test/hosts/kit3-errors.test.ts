// Errors, redirects and messages in `kit: 3` mode, thrown with kit-endpoints' own helpers
// (test/fixtures/kit3-own): SvelteKit 3.2.0's bodies with `status` (runtime/server/errors.js),
// error()'s third argument, its handleError contract, its redirect check (exports/url.js), its
// diagnostics (src/messages) and its relative trailing-slash locations (respond.js). The same
// tree in `kit: 2` mode keeps SvelteKit 2's answers. kit3-real-errors.test.ts throws with the
// real @sveltejs/kit 3.
import assert from 'node:assert/strict';
import request from 'supertest';
import { defaultErrorTemplate, renderErrorPage } from '../../src/error-page.js';
import { json, redirect } from '../../src/index.js';
import type { Handle } from '../../src/types.js';
import { call, captureConsole, jsonOf, privateCopy, routesOf, setCookies } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';
import { ERROR_CASES, INTERNAL, REFUSED_REDIRECTS, allowedRedirects, diagnostic } from '../support/kit3-errors.js';

const OWN = routesOf('kit3-own');
const KIT3 = { kit: 3 } as const;
const KIT2 = { kit: 2 } as const;

/** A handle hook that tries setHeaders and cookies once the response is generated. */
function lateHandle(openJarFirst: boolean): Handle {
	return async ({ event, resolve }) => {
		if (openJarFirst) event.cookies.get('early');
		const response = await resolve(event);
		const attempts = [
			() => event.setHeaders({ 'x-late': '1' }),
			() => event.cookies.set('late', '1', { path: '/' }),
			() => event.cookies.delete('late', { path: '/' })
		];
		const failures = attempts.map((attempt) => {
			try {
				attempt();
				return 'no error';
			} catch (error) {
				return `${(error as Error).name}: ${(error as Error).message}`;
			}
		});
		return json({ status: response.status, failures });
	};
}

const get = (t: TestApp, path: string, accept = '*/*') => call(request(t.app).get(path).set('accept', accept));

describeHosts(
	'kit 3 errors, redirects and messages',
	(host) => {
		let t: TestApp;
		before(async () => {
			t = await host.createApp({ routes: OWN, options: KIT3 });
		});
		beforeEach(() => void (t.errors.length = 0));

		describe('error bodies carry the status', () => {
			for (const [name, status, body] of ERROR_CASES) {
				it(`${name}: ${status} ${body}`, async () => {
					const res = await get(t, `/errors/${name}`);
					assert.equal(res.status, status);
					assert.equal(res.text, body);
					assert.equal(res.headers['content-type'], 'application/json');
					assert.equal(res.headers['content-length'], String(Buffer.byteLength(body)));
				});
			}

			it('the error page shows the status and the message', async () => {
				const res = await get(t, '/errors/properties', 'text/html');
				assert.equal(res.status, 400);
				assert.equal(res.text, renderErrorPage(defaultErrorTemplate(OWN), 400, 'obj'));
				const internal = await get(t, '/errors/throw-error', 'text/html');
				assert.equal(internal.text, renderErrorPage(defaultErrorTemplate(OWN), 500, 'Internal Error'));
			});

			it("the framework's 413 too", async () => {
				const app = await host.createApp({ routes: OWN, options: { ...KIT3, bodySizeLimit: 10 } });
				const res = await call(
					request(app.app).post('/body').set('accept', '*/*').set('content-type', 'application/json').send('{"a":"0123456789"}')
				);
				const body = '{"status":413,"message":"Payload Too Large"}';
				assert.equal(res.status, 413);
				assert.equal(res.text, body);
				assert.equal(res.headers['content-length'], String(body.length));
				assert.equal(app.errors[0]!.kind, 'framework');
				assert.deepEqual(app.errors[0]!.error, { status: 413, message: 'Payload Too Large' });
			});
		});

		describe('handleError (SvelteKit 3 contract)', () => {
			it('sees error() as kind "app", with the body as the error', async () => {
				await get(t, '/errors/properties');
				assert.equal(t.errors.length, 1);
				const [input] = t.errors;
				assert.equal(input!.kind, 'app');
				assert.deepEqual(input!.error, { code: 'X', status: 400, message: 'obj' });
				assert.equal(input!.event.route.id, '/errors/[case]');
			});

			it('sees anything else as kind "unknown", as it was thrown', async () => {
				await get(t, '/errors/throw-string');
				await get(t, '/errors/throw-error');
				assert.deepEqual(
					t.errors.map((input) => input.kind),
					['unknown', 'unknown']
				);
				assert.equal(t.errors[0]!.error, 'str');
				assert.equal((t.errors[1]!.error as Error).message, 'boom');
			});

			it('is given no status or message outside dev (deprecated)', async () => {
				await get(t, '/errors/teapot');
				assert.ok(!('status' in t.errors[0]!), 'status');
				assert.ok(!('message' in t.errors[0]!), 'message');
			});

			it('what it returns is merged over the body', async () => {
				const app = await host.createApp({ routes: OWN, options: KIT3, handleError: () => ({ code: 'E1' }) as never });
				const res = await get(app, '/errors/teapot');
				assert.equal(res.status, 418);
				assert.equal(res.text, '{"status":418,"message":"teapot","code":"E1"}');
			});

			it('may change the status, of the response too', async () => {
				const app = await host.createApp({
					routes: OWN,
					options: KIT3,
					handleError: async () => ({ status: 503, message: 'down' })
				});
				const res = await get(app, '/errors/throw-error');
				assert.equal(res.status, 503);
				assert.equal(res.text, '{"status":503,"message":"down"}');
				const html = await get(app, '/errors/teapot', 'text/html');
				assert.equal(html.status, 503);
				assert.equal(html.text, renderErrorPage(defaultErrorTemplate(OWN), 503, 'down'));
			});

			for (const [label, hook] of [
				['throws', () => void fail()],
				['rejects', async () => fail()]
			] as const) {
				it(`when it ${label}: the status stays, the message is Internal Error, and both errors are logged`, async () => {
					const app = await host.createApp({ routes: OWN, options: KIT3, handleError: hook });
					const { result: res, output } = await captureConsole(() => get(app, '/errors/teapot'));
					assert.equal(res.status, 418);
					assert.equal(res.text, '{"status":418,"message":"Internal Error"}');
					assert.match(
						output,
						/SvelteKit error: handle_error_hook_failed\nThe `handleError` hook failed\nhttps:\/\/svelte.dev\/e\/kit\/handle_error_hook_failed/
					);
					assert.match(output, /Original error:/);
				});
			}

			it('the default logs the stack of unexpected errors only', async () => {
				const app = await host.createApp({ routes: OWN, options: KIT3, handleError: 'default' });
				const teapot = await captureConsole(() => get(app, '/errors/teapot'));
				assert.equal(teapot.output, '');
				const boom = await captureConsole(() => get(app, '/errors/throw-error'));
				assert.equal(boom.result.text, INTERNAL);
				assert.match(boom.output, /^Error: boom\n {4}at /);
				assert.doesNotMatch(boom.output, /\[500\]/);
			});

			it('the default logs a hostile thrown value once, and a hook that returns one fails as a hook', async () => {
				const app = await host.createApp({ routes: OWN, options: KIT3, handleError: 'default' });
				for (const name of ['throw-proxy', 'throw-revoked-proxy', 'throw-error-getters']) {
					const calls: unknown[][] = [];
					const saved = console.error;
					console.error = (...args: unknown[]) => void calls.push(args);
					try {
						const res = await get(app, `/errors/${name}`);
						assert.equal(res.text, INTERNAL, name);
					} finally {
						console.error = saved;
					}
					assert.equal(calls.length, 1, name);
				}
				const { proxy, revoke } = Proxy.revocable({}, {});
				revoke();
				const hostile = await host.createApp({ routes: OWN, options: KIT3, handleError: () => proxy as never });
				const { result: res } = await captureConsole(() => get(hostile, '/errors/teapot'));
				assert.equal(res.text, '{"status":418,"message":"Internal Error"}');
			});

			it('a malformed URI is a framework error, whose status it may change', async () => {
				const res = await get(t, '/errors/%c0%ae', 'application/json');
				assert.equal(res.status, 400);
				assert.equal(res.text, renderErrorPage(defaultErrorTemplate(OWN), 400, 'Malformed URI'));
				assert.equal(t.errors[0]!.kind, 'framework');
				assert.deepEqual(t.errors[0]!.error, { status: 400, message: 'Malformed URI' });

				const app = await host.createApp({ routes: OWN, options: KIT3, handleError: () => ({ status: 404, message: 'nope' }) });
				const changed = await get(app, '/errors/%c0%ae');
				assert.equal(changed.status, 404);
				assert.equal(changed.text, renderErrorPage(defaultErrorTemplate(OWN), 404, 'nope'));
			});
		});

		describe('redirect() refuses external locations unless allowed', () => {
			it('lets same-origin, relative and allowed locations go', async () => {
				for (const [name, status, location] of allowedRedirects(t.origin)) {
					const res = await get(t, `/redirects/${name}`);
					assert.equal(res.status, status, name);
					assert.equal(res.headers.location, location, name);
					assert.equal(res.text, '', name);
				}
				assert.equal(t.errors.length, 0);
			});

			for (const [name, code] of REFUSED_REDIRECTS) {
				it(`${name}: 500, ${code}`, async () => {
					const res = await get(t, `/redirects/${name}`);
					assert.equal(res.status, 500);
					assert.equal(res.text, INTERNAL);
					assert.equal(res.headers.location, undefined);
					const error = t.errors[0]!.error as Error;
					assert.equal(t.errors[0]!.kind, 'unknown');
					assert.equal(error.name, 'SvelteKit error');
					assert.equal(error.message.split('\n')[0], code);
				});
			}

			it('says why, in SvelteKit 3 words', async () => {
				await get(t, '/redirects/external');
				assert.equal(
					(t.errors[0]!.error as Error).message,
					diagnostic(
						'redirect_external_not_allowed',
						'Cannot redirect to external URL `"https://example.com/"`. To redirect to an external URL, pass `{ external: true }` or an allowlist of permitted origins as the third argument to `redirect`'
					)
				);
			});

			it('from handle too, where an allowed redirect keeps the cookies set so far', async () => {
				const handle: Handle = ({ event, resolve }) => {
					event.cookies.set('seen', '1', { path: '/' });
					const to = event.url.searchParams.get('to');
					if (to) redirect(303, to);
					return resolve(event);
				};
				const app = await host.createApp({ routes: OWN, options: { ...KIT3, hooks: { handle } } });
				const same = await get(app, `/errors/teapot?to=${encodeURIComponent(`${app.origin}/x`)}`);
				assert.equal(same.status, 303);
				assert.equal(same.headers.location, `${app.origin}/x`);
				assert.ok(setCookies(same).some((line) => line.startsWith('seen=1')));
				const external = await get(app, '/errors/teapot?to=https://example.com/');
				assert.equal(external.status, 500);
				assert.equal(external.text, INTERNAL);
				assert.equal(setCookies(external).length, 0);
			});
		});

		describe("SvelteKit 3's messages", () => {
			const cases: [string, string][] = [
				['/headers/twice', diagnostic('header_already_set', '`X-A` header is already set')],
				[
					'/headers/set-cookie',
					diagnostic(
						'set_headers_cookie',
						'Use `event.cookies.set(name, value, options)` instead of `event.setHeaders` to set cookies'
					)
				]
			];
			for (const [path, message] of cases) {
				it(`${path}: 500, and handleError sees ${message.split('\n')[0]}`, async () => {
					const res = await get(t, path);
					assert.equal(res.status, 500);
					assert.equal(res.text, INTERNAL);
					assert.equal((t.errors[0]!.error as Error).name, 'SvelteKit error');
					assert.equal((t.errors[0]!.error as Error).message, message);
				});
			}

			it('server-timing still adds up', async () => {
				const res = await get(t, '/headers/server-timing');
				assert.equal(res.status, 200);
				assert.equal(res.headers['server-timing'], 'a;dur=1, b;dur=2');
			});

			it('a handler that returns no Response', async () => {
				await get(t, '/errors/non-response');
				assert.equal(
					(t.errors[0]!.error as Error).message,
					diagnostic(
						'endpoint_invalid_response',
						'Invalid response from route `/errors/non-response`: handler should return a `Response` object'
					)
				);
			});

			for (const openJarFirst of [false, true]) {
				it(`setHeaders and cookies after the response${openJarFirst ? ', the jar opened before' : ''}`, async () => {
					const app = await host.createApp({ routes: OWN, options: { ...KIT3, hooks: { handle: lateHandle(openJarFirst) } } });
					const res = await get(app, '/headers/none');
					const setAfter = `SvelteKit error: ${diagnostic('cookies_set_after_response', 'Cannot use `cookies.set(...)` after the response has been generated')}`;
					assert.deepEqual(jsonOf(res), {
						status: 200,
						failures: [
							`SvelteKit error: ${diagnostic('set_headers_after_response', 'Cannot use `setHeaders(...)` after the response has been generated')}`,
							setAfter,
							setAfter
						]
					});
				});
			}
		});

		describe('trailing-slash redirects are relative', () => {
			const cases: [string, string][] = [
				['/slash/a/', '../a'],
				['/slash/a/?x=1&y=%20', '../a?x=1&y=%20'],
				['/slash/a/?', '../a'],
				['/slash-always', './slash-always/'],
				['/slash-always?x', './slash-always/?x']
			];
			for (const [path, location] of cases) {
				it(`${path} → ${location}`, async () => {
					const res = await call(request(t.app).get(path));
					assert.equal(res.status, 308);
					assert.equal(res.headers.location, location);
					assert.equal(res.headers['x-sveltekit-normalize'], '1');
				});
			}

			it('under a mount point, whose root takes a slash', async () => {
				const app = await host.createApp({ routes: OWN, options: KIT3, mount: '/api' });
				const root = await call(request(app.app).get('/api'));
				assert.equal(root.status, 308);
				assert.equal(root.headers.location, './api/');
				const deeper = await call(request(app.app).get('/api/slash/a/'));
				assert.equal(deeper.headers.location, '../a');
				const followed = await call(request(app.app).get(new URL('../a', `${app.origin}/api/slash/a/`).pathname));
				assert.equal(followed.text, '/api/slash/a');
			});
		});
	},
	['express', 'koa']
);

describeHosts(
	'kit 2 keeps its errors, redirects and messages',
	(host) => {
		// the same tree as above, served with kit 2 from a copy of its own
		const own2 = privateCopy(OWN, `kit2-${host.name}`);
		let t: TestApp;
		before(async () => {
			t = await host.createApp({ routes: own2, options: KIT2 });
		});
		beforeEach(() => void (t.errors.length = 0));

		const cases: [string, number, string][] = [
			['teapot', 418, '{"message":"teapot"}'],
			['properties', 400, '{"message":"obj"}'],
			['properties-override', 400, '{"message":"obj"}'],
			['object-status', 400, '{"message":"obj","status":999}'],
			['no-message', 401, '{"message":"Unknown Error","code":"Y"}'],
			['bare-properties', 403, '{"message":"Error: 403"}'],
			['throw-error', 500, '{"message":"Internal Error"}']
		];
		for (const [name, status, body] of cases) {
			it(`${name}: ${status} ${body} (a third argument is ignored)`, async () => {
				const res = await get(t, `/errors/${name}`);
				assert.equal(res.status, status);
				assert.equal(res.text, body);
			});
		}

		it('handleError is not called for error(), and cannot change the status', async () => {
			const app = await host.createApp({ routes: own2, options: KIT2, handleError: () => ({ message: 'x', status: 503 }) as never });
			assert.equal((await get(app, '/errors/teapot')).text, '{"message":"teapot"}');
			const res = await get(app, '/errors/throw-error');
			assert.equal(res.status, 500);
			assert.equal(res.text, '{"message":"x","status":503}');
		});

		it('redirect() takes external locations', async () => {
			for (const name of ['external', 'protocol-relative', 'javascript-true']) {
				const res = await get(t, `/redirects/${name}`);
				assert.equal(res.status, 302, name);
			}
		});

		it('its own messages', async () => {
			await get(t, '/headers/twice');
			assert.equal((t.errors[0]!.error as Error).message, '"X-A" header is already set');
			assert.equal((t.errors[0]!.error as Error).name, 'Error');
			await get(t, '/errors/non-response');
			assert.equal(
				(t.errors[1]!.error as Error).message,
				'Invalid response from route /errors/non-response: handler should return a Response object'
			);
			const app = await host.createApp({ routes: own2, options: { ...KIT2, hooks: { handle: lateHandle(false) } } });
			assert.deepEqual(jsonOf(await get(app, '/headers/none')), {
				status: 200,
				failures: [
					'Error: Cannot use `setHeaders(...)` after the response has been generated',
					'Error: Cannot use `cookies.set(...)` after the response has been generated',
					'Error: Cannot use `cookies.set(...)` after the response has been generated'
				]
			});
		});

		it('trailing-slash redirects are absolute paths', async () => {
			const res = await call(request(t.app).get('/slash/a/?x=1'));
			assert.equal(res.status, 308);
			assert.equal(res.headers.location, '/slash/a?x=1');
		});
	},
	['express', 'koa']
);

function fail(): never {
	throw new Error('handleError is broken');
}
