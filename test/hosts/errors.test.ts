// Error responses (rules §5): the §5.7 matrix with helpers from both packages, JSON vs HTML
// (rules §5.2), error.html (§5.3), headers and cookies kept (§5.4), handleError (§5.5), malformed
// URIs (rules §5.6), and §8 rows 30, 32 (as a broken tree), 33, 34.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { APP, call, captureConsole, jsonOf, routesOf, setCookies } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

const ERROR_HTML = fs.readFileSync(path.join(APP, 'error.html'), 'utf8');

/** error.html as the fixture fills it in */
function errorPage(status: number, escapedMessage: string): string {
	return ERROR_HTML.replaceAll('%sveltekit.status%', String(status)).replaceAll('%sveltekit.error.message%', escapedMessage);
}

// rules §5.7 with `Accept: */*`: [case, status, JSON body, message shown on the HTML page, handleError called]
const MATRIX: [string, number, string, string, boolean][] = [
	['teapot', 418, '{"message":"teapot"}', 'teapot', false],
	['obj', 400, '{"message":"obj","code":"X"}', 'obj', false],
	['no-message', 401, '{"message":"Unknown Error","code":"Y"}', 'Unknown Error', false],
	['bare', 402, '{"message":"Error: 402"}', 'Error: 402', false],
	['invalid-status', 500, '{"message":"Internal Error"}', 'Internal Error', true],
	['redirect-invalid-status', 500, '{"message":"Internal Error"}', 'Internal Error', true],
	['throw-error', 500, '{"message":"Internal Error"}', 'Internal Error', true],
	['throw-string', 500, '{"message":"Internal Error"}', 'Internal Error', true],
	['throw-object', 500, '{"message":"Internal Error"}', 'Internal Error', true],
	['non-response', 500, '{"message":"Internal Error"}', 'Internal Error', true]
];

describeHosts('errors', (host) => {
	const createApp = host.createApp;
	let t: TestApp;
	before(async () => {
		t = await createApp();
	});
	// one app for the block; each test starts with no errors recorded
	beforeEach(() => {
		t.errors.length = 0;
		t.hostErrors.length = 0;
	});

	for (const lib of ['kit', 'own'] as const) {
		describe(`rules §5.7 matrix, thrown with ${lib === 'kit' ? '@sveltejs/kit' : "kit-endpoints'"} helpers`, () => {
			for (const [name, status, body, message, handled] of MATRIX) {
				it(`${name}: ${status} ${body}`, async () => {
					const res = await call(request(t.app).get(`/errors/${lib}/${name}`).set('accept', '*/*'));
					assert.equal(res.status, status);
					assert.equal(res.text, body);
					assert.equal(res.headers['content-type'], 'application/json');
					assert.equal(res.headers['content-length'], String(Buffer.byteLength(body)));
					assert.equal(t.errors.length, handled ? 1 : 0, 'handleError calls');
				});

				it(`${name}: the same status as error.html for Accept: text/html`, async () => {
					const res = await call(request(t.app).get(`/errors/${lib}/${name}`).set('accept', 'text/html'));
					assert.equal(res.status, status);
					assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
					assert.equal(res.text, errorPage(status, message));
					assert.equal(res.headers['content-length'], String(res.body.byteLength));
				});
			}

			it('redirect(303, "/elsewhere") → 303, empty, location', async () => {
				const res = await call(request(t.app).get(`/errors/${lib}/redirect`).set('accept', '*/*'));
				assert.equal(res.status, 303);
				assert.equal(res.headers.location, '/elsewhere');
				assert.equal(res.text, '');
				assert.equal(t.errors.length, 0);
			});
		});
	}

	it('handleError gets the error, the event, the status and "Internal Error"', async () => {
		await call(request(t.app).get('/errors/kit/throw-error').set('accept', '*/*'));
		assert.equal(t.errors.length, 1);
		const [input] = t.errors;
		assert.ok(input!.error instanceof Error);
		assert.equal((input!.error as Error).message, 'boom');
		assert.equal(input!.status, 500);
		assert.equal(input!.message, 'Internal Error');
		assert.equal(input!.event.route.id, '/errors/kit/[case]');
		assert.equal(input!.event.url.pathname, '/errors/kit/throw-error');
	});

	it('thrown non-errors reach handleError as Errors (rules §5.1)', async () => {
		await call(request(t.app).get('/errors/kit/throw-string').set('accept', '*/*'));
		await call(request(t.app).get('/errors/kit/throw-object').set('accept', '*/*'));
		await call(request(t.app).get('/errors/kit/invalid-status').set('accept', '*/*'));
		await call(request(t.app).get('/errors/kit/redirect-invalid-status').set('accept', '*/*'));
		const messages = t.errors.map((e) => (e.error as Error).message);
		assert.deepEqual(messages, [
			'"str"',
			'secret object message',
			'HTTP error status codes must be between 400 and 599 — 200 is invalid',
			'Invalid status code'
		]);
	});

	it('unexpected errors never leak their message or stack', async () => {
		for (const accept of ['*/*', 'text/html']) {
			for (const name of ['throw-error', 'throw-object']) {
				const res = await call(request(t.app).get(`/errors/kit/${name}`).set('accept', accept));
				assert.doesNotMatch(res.text, /boom|secret|at GET|\+server\.js/, `${name} ${accept}`);
			}
		}
	});

	describe('JSON or HTML (rules §5.2)', () => {
		const cases: [string | undefined, 'json' | 'html'][] = [
			[undefined, 'html'],
			['', 'html'],
			['*/*', 'json'],
			['application/json', 'json'],
			['text/html', 'html'],
			['image/png', 'html'],
			['application/json, text/html;q=0', 'json'],
			['text/html;q=0.9, */*', 'json'],
			['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'html'],
			['TEXT/HTML', 'html']
		];
		for (const [accept, format] of cases) {
			it(`accept ${accept === undefined ? '(absent)' : JSON.stringify(accept)} → ${format}`, async () => {
				const test = request(t.app).get('/errors/kit/teapot');
				if (accept !== undefined) test.set('accept', accept);
				const res = await call(test);
				assert.equal(res.status, 418);
				if (format === 'json') assert.equal(res.text, '{"message":"teapot"}');
				else assert.equal(res.text, errorPage(418, 'teapot'));
			});
		}
	});

	it('error(...) in endpoint (row 34)', async () => {
		const html = await call(request(t.app).get('/errors/endpoint-throw-error').set('accept', 'text/html'));
		assert.equal(html.status, 401);
		assert.match(html.text, /The fixture app says: You shall not pass/);
		assert.equal(t.errors.length, 0, 'handleError is not called for error()');

		const json = await call(request(t.app).get('/errors/endpoint-throw-error').set('accept', '*/*'));
		assert.equal(json.status, 401);
		assert.deepEqual(jsonOf(json), { message: 'You shall not pass' });
	});

	it('redirect(...) in endpoint (row 35)', async () => {
		const res = await call(request(t.app).get('/errors/endpoint-throw-redirect'));
		assert.equal(res.status, 302);
		assert.equal(res.headers.location, '/');
		assert.equal(t.errors.length, 0);
	});

	it('error.html escapes & and < only (rules §5.3)', async () => {
		const res = await call(request(t.app).get('/errors/escaped').set('accept', 'text/html'));
		assert.equal(res.status, 400);
		assert.equal(res.text, errorPage(400, '&lt;b>Tom &amp; "Jerry"&lt;/b>'));
		const json = await call(request(t.app).get('/errors/escaped').set('accept', '*/*'));
		assert.deepEqual(jsonOf(json), { message: '<b>Tom & "Jerry"</b>' });
	});

	it('without an error.html beside the routes, the built-in page has the status and the message', async () => {
		const api = await createApp({ routes: routesOf('app-api') });
		const res = await call(request(api.app).get('/teapot').set('accept', 'text/html'));
		assert.equal(res.status, 418);
		assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
		assert.match(res.text, /<title>teapot &lt;&amp;><\/title>/);
		assert.match(res.text, /418/);
	});

	it('the errorTemplate option replaces every placeholder', async () => {
		const app = await createApp({ options: { errorTemplate: path.join(APP, 'alt-error.html') } });
		const res = await call(request(app.app).get('/errors/kit/teapot').set('accept', 'text/html'));
		assert.equal(res.text, '<p>ALT 418 / teapot / 418</p>\n');
	});

	describe('headers and cookies set before the error (rules §5.4)', () => {
		it('are kept on an error() response', async () => {
			const res = await call(request(t.app).get('/errors/with-headers').set('accept', '*/*'));
			assert.equal(res.status, 418);
			assert.equal(res.headers['x-before'], 'yes');
			assert.ok(
				setCookies(res).some((line) => line.startsWith('c1=v1;')),
				String(setCookies(res))
			);
		});

		it('are kept on an unexpected error, JSON and HTML', async () => {
			for (const accept of ['*/*', 'text/html']) {
				const res = await call(request(t.app).get('/errors/with-headers?kind=unexpected').set('accept', accept));
				assert.equal(res.status, 500);
				assert.equal(res.headers['x-before'], 'yes');
				assert.ok(setCookies(res).some((line) => line.startsWith('c1=v1;')));
			}
		});

		it('are kept on a redirect', async () => {
			const res = await call(request(t.app).post('/redirects/with-cookie'));
			assert.equal(res.status, 303);
			assert.equal(res.headers.location, '/elsewhere');
			assert.equal(res.headers['x-redirected-by'], 'with-cookie');
			assert.ok(setCookies(res).some((line) => line.startsWith('flash=saved;')));
			assert.equal(res.text, '');
		});
	});

	it('redirect() to a URL object', async () => {
		const res = await call(request(t.app).get('/redirects/url-object'));
		assert.equal(res.status, 301);
		assert.equal(res.headers.location, 'https://example.com/new?x=1');
	});

	it('redirect() to a location with CR/LF is a 500, and no header is injected', async () => {
		const res = await call(request(t.app).get('/redirects/crlf').set('accept', '*/*'));
		assert.equal(res.status, 500);
		assert.equal(res.text, '{"message":"Internal Error"}');
		assert.equal(setCookies(res).length, 0);
		const next = await call(request(t.app).get('/endpoint-output/body'));
		assert.equal(next.status, 200);
	});

	describe('handleError (rules §5.5)', () => {
		it('its return value is the body, verbatim', async () => {
			const app = await createApp({ handleError: () => ({ message: 'custom', code: 'E1' }) });
			const json = await call(request(app.app).get('/errors/kit/throw-error').set('accept', '*/*'));
			assert.equal(json.status, 500);
			assert.equal(json.text, '{"message":"custom","code":"E1"}');
			const html = await call(request(app.app).get('/errors/kit/throw-error').set('accept', 'text/html'));
			assert.equal(html.text, errorPage(500, 'custom'));
		});

		it('may be async', async () => {
			const app = await createApp({ handleError: async () => ({ message: 'later' }) });
			const res = await call(request(app.app).get('/errors/kit/throw-error').set('accept', '*/*'));
			assert.equal(res.text, '{"message":"later"}');
		});

		it('cannot change the status', async () => {
			const app = await createApp({ handleError: () => ({ message: 'x', status: 503 }) as never });
			const res = await call(request(app.app).get('/errors/kit/throw-error').set('accept', '*/*'));
			assert.equal(res.status, 500);
		});

		it('is not called for error() or redirect()', async () => {
			await call(request(t.app).get('/errors/kit/teapot').set('accept', '*/*'));
			await call(request(t.app).get('/errors/own/teapot').set('accept', '*/*'));
			await call(request(t.app).get('/errors/kit/redirect'));
			assert.equal(t.errors.length, 0);
		});

		it('the default logs `[500] GET <path>` and the stack, and answers Internal Error', async () => {
			const app = await createApp({ handleError: 'default' });
			const { result: res, output } = await captureConsole(() =>
				call(request(app.app).get('/errors/kit/throw-error').set('accept', '*/*'))
			);
			assert.equal(res.status, 500);
			assert.equal(res.text, '{"message":"Internal Error"}');
			assert.match(output, /\[500\] GET \/errors\/kit\/throw-error/);
			assert.match(output, /Error: boom/);
		});

		it('a handleError that throws still gets the client a response', async () => {
			const app = await createApp({
				handleError: () => {
					throw new Error('handleError is broken');
				}
			});
			const { result: res } = await captureConsole(() => call(request(app.app).get('/errors/kit/throw-error').set('accept', '*/*')));
			assert.ok(res.status >= 500, String(res.status));
			assert.doesNotMatch(res.text, /boom|handleError is broken/);
			const next = await call(request(app.app).get('/endpoint-output/body'));
			assert.equal(next.status, 200);
		});
	});

	describe('malformed URIs (rules §5.6, row 33)', () => {
		it('returns 400 when accessing a malformed URI', async () => {
			const res = await call(request(t.app).get('/%c0%ae%c0%ae/etc/passwd'));
			assert.equal(res.status, 400);
			assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
			assert.equal(res.text, errorPage(400, 'Malformed URI'));
		});

		it('is an HTML page whatever the Accept header, and handleError sees it', async () => {
			const res = await call(request(t.app).get('/enc/%c0%ae').set('accept', 'application/json'));
			assert.equal(res.status, 400);
			assert.equal(res.text, errorPage(400, 'Malformed URI'));
			assert.equal(t.errors.length, 1);
			assert.equal(t.errors[0]!.status, 400);
			assert.equal(t.errors[0]!.message, 'Malformed URI');
			assert.match(String((t.errors[0]!.error as Error).message), /Failed to decode URI: \/enc\/%c0%ae/);
		});
	});
});
