// Response headers: setHeaders (rules §3.6), writing a Response to the host (§6.2: Set-Cookie
// lines, invalid values, x-accel-buffering), ETag/304 (rules §2.10), and headers set by the host and
// its earlier middleware. rules §8 rows 14, 18, 48, 84, 85.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, jsonOf, setCookies } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

/** `path` is `prefix` or below it, as Express's `app.use(prefix, ...)` matches */
const under = (prefix: string, path: string) => path === prefix || path.startsWith(`${prefix}/`);

describeHosts('response headers', (host) => {
	let t: TestApp;
	before(async () => {
		t = await host.createApp({
			before: [
				({ res, path }) => {
					if (under('/set-cookie', path)) res.appendHeader('Set-Cookie', 'name=SvelteKit; path=/; HttpOnly');
				},
				({ res, path }) => {
					if (!under('/headers/override-express', path)) return;
					res.setHeader('x-from-host', '1');
					res.setHeader('cache-control', 'private');
				}
			]
		});
	});

	describe('setHeaders (rules §3.6)', () => {
		it("overrides the Response's own headers", async () => {
			const res = await call(request(t.app).get('/headers/set-headers'));
			assert.equal(res.status, 200);
			assert.equal(res.headers['cache-control'], 'max-age=60');
			assert.equal(res.headers['x-one'], '1');
			assert.equal(res.headers['x-two'], '2');
		});

		it('refuses set-cookie and a header set twice; appends server-timing', async () => {
			const res = await call(request(t.app).get('/headers/rules'));
			assert.deepEqual(jsonOf(res), {
				setCookie: 'Use `event.cookies.set(name, value, options)` instead of `event.setHeaders` to set cookies',
				first: 'no error',
				duplicate: '"X-Dup" header is already set',
				timing1: 'no error',
				timing2: 'no error'
			});
			assert.equal(res.headers['x-dup'], '1');
			assert.equal(res.headers['server-timing'], 'a;dur=1, b;dur=2');
			assert.equal(setCookies(res).length, 0);
		});

		it('invalid headers return a 500 (row 18), and the server keeps serving', async () => {
			const res = await call(request(t.app).get('/endpoint-output/head-write-error'));
			assert.equal(res.status, 500);
			assert.match(res.text, /TypeError \[ERR_INVALID_CHAR\]: Invalid character in header content \["x-test"\]/);
			assert.equal(res.headers['x-test'], undefined);
			const next = await call(request(t.app).get('/endpoint-output/body'));
			assert.equal(next.status, 200);
		});
	});

	describe('Set-Cookie lines (rules §6.2)', () => {
		it("multiple set-cookie on endpoints using GET (row 14), after the host's own headers", async () => {
			const res = await call(request(t.app).get('/set-cookie'));
			assert.equal(res.status, 200);
			assert.equal(res.headers['x-powered-by'], host.poweredBy);
			const lines = setCookies(res);
			assert.deepEqual([...lines].sort(), [
				'answer=42; HttpOnly',
				'name=SvelteKit; path=/; HttpOnly',
				'problem=comma, separated, values; HttpOnly'
			]);
			assert.ok(lines.indexOf('answer=42; HttpOnly') < lines.indexOf('problem=comma, separated, values; HttpOnly'));
		});
	});

	describe('headers from the host and its earlier middleware', () => {
		it('stay, unless the Response sets the same header', async () => {
			const res = await call(request(t.app).get('/headers/override-express'));
			assert.equal(res.text, 'override');
			assert.equal(res.headers['x-from-host'], '1');
			assert.equal(res.headers['cache-control'], 'no-store');
			assert.equal(res.headers['x-powered-by'], host.poweredBy);
		});
	});

	describe('immutable headers', () => {
		it('handles responses with immutable headers (row 48)', async () => {
			const res = await call(request(t.app).get('/immutable-headers'));
			assert.equal(res.status, 200);
			assert.equal(res.text, 'foo');
		});

		it('a Response.redirect() goes out as it is', async () => {
			const res = await call(request(t.app).get('/immutable-headers/redirect').set('host', 'app.test'));
			assert.equal(res.status, 302);
			assert.equal(res.headers.location, 'http://app.test/target');
		});

		it('setHeaders on a Response with immutable headers is a 500', async () => {
			const res = await call(request(t.app).get('/immutable-headers/redirect?set-headers').set('accept', '*/*'));
			assert.equal(res.status, 500);
			assert.equal(res.text, '{"message":"Internal Error"}');
			assert.equal(t.errors.length > 0, true);
		});
	});

	describe('x-accel-buffering (rows 84, 85)', () => {
		it('sets X-Accel-Buffering: no on text/event-stream responses', async () => {
			const res = await call(request(t.app).get('/event-stream'));
			assert.equal(res.status, 200);
			assert.match(String(res.headers['content-type']), /text\/event-stream/);
			assert.equal(res.headers['x-accel-buffering'], 'no');
			assert.equal(res.text, 'data: one\n\ndata: two\n\n');
		});

		it('does not set it on other responses', async () => {
			const res = await call(request(t.app).get('/endpoint-output/body'));
			assert.equal(res.headers['x-accel-buffering'], undefined);
		});
	});

	describe('ETag and 304 (rules §2.10)', () => {
		it('an exactly matching If-None-Match gets a 304 with only the cache headers and cookies', async () => {
			const res = await call(request(t.app).get('/endpoint-output/etag').set('if-none-match', '"abc"'));
			assert.equal(res.status, 304);
			assert.equal(res.text, '');
			assert.equal(res.headers.etag, '"abc"');
			assert.equal(res.headers['cache-control'], 'max-age=5');
			assert.equal(res.headers.vary, 'Origin');
			assert.equal(res.headers.expires, 'Thu, 01 Jan 2037 00:00:00 GMT');
			assert.equal(res.headers['content-location'], '/endpoint-output/etag');
			assert.equal(res.headers['x-other'], undefined);
			assert.ok(setCookies(res).some((line) => line.startsWith('seen=yes;')));
		});

		it('a weak If-None-Match matches too', async () => {
			const res = await call(request(t.app).get('/endpoint-output/etag').set('if-none-match', 'W/"abc"'));
			assert.equal(res.status, 304);
		});

		it('lists and other tags do not match', async () => {
			for (const value of ['"abc", "def"', '"def"', 'abc', '*']) {
				const res = await call(request(t.app).get('/endpoint-output/etag').set('if-none-match', value));
				assert.equal(res.status, 200, value);
				assert.equal(res.text, 'tagged');
			}
		});

		it('only a 200 becomes a 304', async () => {
			const res = await call(request(t.app).get('/endpoint-output/etag?status=201').set('if-none-match', '"abc"'));
			assert.equal(res.status, 201);
			assert.equal(res.text, 'tagged');
		});
	});

	it("a Response whose body was already read ends with SvelteKit's fatal error text", async () => {
		const res = await call(request(t.app).get('/endpoint-output/locked-body'));
		assert.equal(res.status, 200);
		assert.equal(
			res.text,
			"Fatal error: Response body is locked. This can happen when the response was already read (for example through 'response.json()' or 'response.text()')."
		);
	});

	it('SvelteKit adds no CORS or security headers', async () => {
		const res = await call(request(t.app).get('/endpoint-output/body').set('origin', 'https://elsewhere.example'));
		for (const name of Object.keys(res.headers)) {
			assert.doesNotMatch(name, /^access-control-|^x-frame-options$|^content-security-policy$|^strict-transport-security$/);
		}
	});
});
