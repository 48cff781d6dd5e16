// The endpoint helpers: rules §4.1–4.3 (validation, bodies, headers), §4.5 (recognising objects
// thrown by the real @sveltejs/kit) and the helper side of the rules §5.7 error matrix.
import assert from 'node:assert/strict';
import * as kit from '@sveltejs/kit';
import { HttpError, Redirect, asHttpError, asRedirect, error, isHttpError, isRedirect, json, redirect, text } from '../src/kit/index.js';

/** Runs `fn` and returns what it threw; fails if it returned. */
function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	assert.fail('expected a throw');
}

/** A response's headers as a plain, sorted list, to compare whole header sets. */
function headerList(response: Response): [string, string][] {
	return [...response.headers].sort(([a], [b]) => a.localeCompare(b));
}

/** Asserts that ours and SvelteKit's produce the same status, headers and body bytes. */
async function assertSameResponse(ours: Response, theirs: Response): Promise<void> {
	assert.equal(ours.status, theirs.status);
	assert.deepEqual(headerList(ours), headerList(theirs));
	assert.deepEqual(new Uint8Array(await ours.arrayBuffer()), new Uint8Array(await theirs.arrayBuffer()));
}

describe('kit helpers', () => {
	describe('error() (rules §4.1)', () => {
		it('throws an HttpError with a string body as { message }', () => {
			const e = thrown(() => error(418, 'teapot'));
			assert.ok(e instanceof HttpError);
			assert.equal(e.status, 418);
			assert.deepEqual(e.body, { message: 'teapot' });
			assert.equal(String(e), '{"message":"teapot"}');
		});

		it('uses an object body as it is, extra keys included', () => {
			const body = { message: 'obj', code: 'X' };
			const e = thrown(() => error(400, body)) as HttpError;
			assert.equal(e.body, body);
		});

		it('accepts a body without message (the runtime adds "Unknown Error")', () => {
			const e = thrown(() => error(401, { code: 'Y' })) as HttpError;
			assert.deepEqual(e.body, { code: 'Y' });
		});

		it('defaults the body to { message: "Error: <status>" }', () => {
			assert.deepEqual((thrown(() => error(402)) as HttpError).body, { message: 'Error: 402' });
		});

		it('keeps an empty string message (strings are checked before truthiness)', () => {
			assert.deepEqual((thrown(() => error(404, '')) as HttpError).body, { message: '' });
		});

		it("is not an Error and has no stack, like SvelteKit's", () => {
			const e = thrown(() => error(500));
			assert.ok(!(e instanceof Error));
			assert.equal((e as { stack?: unknown }).stack, undefined);
			assert.deepEqual(Object.keys(e as object), ['status', 'body']);
		});

		it('throws whether called, thrown or returned', () => {
			assert.ok(thrown(() => error(404)) instanceof HttpError);
			assert.ok(
				thrown(() => {
					throw error(404);
				}) instanceof HttpError
			);
			assert.ok(
				thrown(() => {
					return error(404);
				}) instanceof HttpError
			);
		});

		for (const status of [NaN, 0, 200, 399, 600, 1000, -404]) {
			it(`rejects status ${status} with a plain Error`, () => {
				const e = thrown(() => error(status, 'x'));
				assert.ok(e instanceof Error);
				assert.ok(!(e instanceof HttpError));
				assert.equal(e.message, `HTTP error status codes must be between 400 and 599 — ${status} is invalid`);
				assert.equal(asHttpError(e), undefined, 'an unexpected error (500), not an HttpError');
			});
		}

		for (const status of [400, 404, 599]) {
			it(`accepts status ${status}`, () => {
				assert.equal((thrown(() => error(status)) as HttpError).status, status);
			});
		}

		it('gives the same message as @sveltejs/kit for an invalid status', () => {
			for (const status of [NaN, 200, 600]) {
				const ours = thrown(() => error(status)) as Error;
				const theirs = thrown(() => kit.error(status)) as Error;
				assert.equal(ours.message, theirs.message);
			}
		});
	});

	describe('redirect() (rules §4.2)', () => {
		for (const status of [300, 301, 302, 303, 304, 305, 306, 307, 308] as const) {
			it(`throws a Redirect for ${status}`, () => {
				const e = thrown(() => redirect(status, '/elsewhere'));
				assert.ok(e instanceof Redirect);
				assert.equal(e.status, status);
				assert.equal(e.location, '/elsewhere');
				assert.ok(!(e instanceof Error));
			});
		}

		for (const status of [NaN, 200, 299, 309, 400]) {
			it(`rejects status ${status} with Error('Invalid status code')`, () => {
				const e = thrown(() => redirect(status as 300, '/x'));
				assert.ok(e instanceof Error);
				assert.equal(e.message, 'Invalid status code');
			});
		}

		it('converts a URL location with toString()', () => {
			const e = thrown(() => redirect(307, new URL('https://example.com/a?b=1'))) as Redirect;
			assert.equal(e.location, 'https://example.com/a?b=1');
		});

		it('refuses a location with CR/LF (header injection)', () => {
			const location = '/invalid\r\nset-cookie: x=y';
			const e = thrown(() => redirect(307, location));
			assert.ok(e instanceof Error);
			assert.equal(
				e.message,
				`Invalid redirect location ${JSON.stringify(location)}: ` +
					'this string contains characters that cannot be used in HTTP headers'
			);
			assert.equal(e.message, (thrown(() => kit.redirect(307, location)) as Error).message);
		});

		it('refuses and accepts the same locations as @sveltejs/kit', () => {
			const locations = ['/a\nb', '/a\0b', '/😀', '/é', '/x\r\n', ' /padded ', '/a\tb', ''];
			for (const location of locations) {
				const ours = thrown(() => redirect(303, location));
				const theirs = thrown(() => kit.redirect(303, location));
				assert.equal(ours instanceof Redirect, isRedirect(theirs), JSON.stringify(location));
				if (ours instanceof Redirect) assert.equal(ours.location, location);
			}
		});

		it('checks the status before the location', () => {
			const e = thrown(() => redirect(200 as 300, '/a\nb')) as Error;
			assert.equal(e.message, 'Invalid status code');
		});
	});

	describe('json() (rules §4.3)', () => {
		it('sets content-type and the UTF-8 byte length', async () => {
			const response = json({ name: 'héllo 😀' });
			assert.equal(response.status, 200);
			assert.equal(response.headers.get('content-type'), 'application/json');
			const body = '{"name":"héllo 😀"}';
			assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(body)));
			assert.equal(await response.text(), body);
		});

		it('keeps a given content-type and content-length', () => {
			const response = json([1], {
				headers: { 'Content-Type': 'application/vnd.api+json', 'content-length': '99' }
			});
			assert.equal(response.headers.get('content-type'), 'application/vnd.api+json');
			assert.equal(response.headers.get('content-length'), '99');
		});

		it('passes status, statusText and other headers through', () => {
			const response = json({}, { status: 201, statusText: 'Made', headers: { 'x-a': '1' } });
			assert.equal(response.status, 201);
			assert.equal(response.statusText, 'Made');
			assert.equal(response.headers.get('x-a'), '1');
		});

		it('accepts headers as a Headers object, an array or a record', () => {
			const inits: ResponseInit['headers'][] = [new Headers({ 'x-a': '1' }), [['x-a', '1']], { 'x-a': '1' }];
			for (const headers of inits) {
				assert.equal(json(1, { headers }).headers.get('x-a'), '1');
			}
		});

		it('does not modify a Headers object it was given', () => {
			const headers = new Headers({ 'x-a': '1' });
			json(1, { headers });
			assert.deepEqual([...headers], [['x-a', '1']]);
		});

		it('gives json(undefined) an empty body with content-length 0', async () => {
			const response = json(undefined);
			assert.equal(response.headers.get('content-length'), '0');
			assert.equal(response.headers.get('content-type'), 'application/json');
			assert.equal(await response.text(), '');
		});

		it('lets JSON.stringify errors through', () => {
			assert.throws(() => json({ big: 1n }), TypeError);
		});

		it('matches @sveltejs/kit byte for byte', async () => {
			const cases: [unknown, ResponseInit | undefined][] = [
				[{ a: 1 }, undefined],
				[undefined, undefined],
				[null, { status: 404 }],
				['lone \ud800 surrogate', undefined],
				[[1, 'two'], { headers: [['content-type', 'text/plain']] }],
				[{ x: 'y' }, { headers: { 'content-length': '3' } }]
			];
			for (const [data, init] of cases) {
				await assertSameResponse(json(data, init), kit.json(data, init));
			}
		});
	});

	describe('text() (rules §4.3)', () => {
		it('sets content-length and no content-type', async () => {
			const response = text('héllo');
			assert.equal(response.headers.get('content-length'), '6');
			assert.equal(response.headers.get('content-type'), null);
			assert.equal(await response.text(), 'héllo');
		});

		it('passes the string through when content-length is given', async () => {
			const response = text('abc', { headers: { 'content-length': '3' } });
			assert.equal(response.headers.get('content-length'), '3');
			assert.equal(response.headers.get('content-type'), 'text/plain;charset=UTF-8');
			assert.equal(await response.text(), 'abc');
		});

		it('keeps a given content-type', () => {
			const response = text('<p>', { headers: { 'content-type': 'text/html' }, status: 202 });
			assert.equal(response.headers.get('content-type'), 'text/html');
			assert.equal(response.headers.get('content-length'), '3');
			assert.equal(response.status, 202);
		});

		it('gives an empty string content-length 0', async () => {
			const response = text('');
			assert.equal(response.headers.get('content-length'), '0');
			assert.equal(await response.text(), '');
		});

		it('matches @sveltejs/kit byte for byte', async () => {
			const cases: [string, ResponseInit | undefined][] = [
				['héllo', undefined],
				['', { status: 500 }],
				['😀 \udc00', undefined],
				['x', { headers: { 'content-length': '1' } }],
				['y', { headers: new Headers({ 'content-type': 'text/csv' }) }],
				[
					'z',
					{
						headers: [
							['x-a', '1'],
							['x-a', '2']
						]
					}
				]
			];
			for (const [body, init] of cases) {
				await assertSameResponse(text(body, init), kit.text(body, init));
			}
		});
	});

	describe('recognising thrown values (rules §4.5)', () => {
		it('recognises ours', () => {
			const e = thrown(() => error(404, { message: 'gone', code: 'G' }));
			assert.ok(isHttpError(e));
			assert.ok(isHttpError(e, 404));
			assert.ok(!isHttpError(e, 410));
			assert.deepEqual(asHttpError(e), { status: 404, body: { message: 'gone', code: 'G' } });
			assert.ok(!isRedirect(e));

			const r = thrown(() => redirect(303, '/x'));
			assert.ok(isRedirect(r));
			assert.deepEqual(asRedirect(r), { status: 303, location: '/x' });
			assert.ok(!isHttpError(r));
			assert.equal(asHttpError(r), undefined);
		});

		it('treats a falsy status filter as any status', () => {
			const e = thrown(() => error(500));
			assert.ok(isHttpError(e, 0));
			assert.ok(isHttpError(e, undefined));
		});

		it('recognises what the real @sveltejs/kit throws', () => {
			const e = thrown(() => kit.error(418, 'teapot'));
			assert.ok(kit.isHttpError(e), 'sanity: it is a real SvelteKit HttpError');
			assert.ok(isHttpError(e));
			assert.ok(isHttpError(e, 418));
			assert.ok(!isHttpError(e, 404));
			assert.deepEqual(asHttpError(e), { status: 418, body: { message: 'teapot' } });
			assert.ok(!isRedirect(e));

			const bare = thrown(() => kit.error(401, { code: 'Y' } as unknown as App.Error));
			assert.deepEqual(asHttpError(bare), { status: 401, body: { code: 'Y' } });

			const r = thrown(() => kit.redirect(307, new URL('https://example.com/')));
			assert.ok(kit.isRedirect(r));
			assert.ok(isRedirect(r));
			assert.deepEqual(asRedirect(r), { status: 307, location: 'https://example.com/' });
			assert.ok(!isHttpError(r));
		});

		it("has the shape of @sveltejs/kit's (which only knows its own, by instanceof)", () => {
			const e = thrown(() => error(404)) as HttpError;
			assert.ok(!kit.isHttpError(e));
			assert.deepEqual(Object.keys(e), Object.keys(thrown(() => kit.error(404)) as object));
		});

		it('recognises look-alikes from another copy of the package, by class name', () => {
			class HttpError {
				constructor(
					public status: number,
					public body: unknown
				) {}
			}
			class Redirect {
				constructor(
					public status: number,
					public location: string
				) {}
			}
			assert.deepEqual(asHttpError(new HttpError(404, { message: 'x' })), {
				status: 404,
				body: { message: 'x' }
			});
			// a primitive body (untyped callers) adds nothing when spread: it reads as {}
			assert.deepEqual(asHttpError(new HttpError(400, 5)), { status: 400, body: {} });
			assert.equal(asHttpError(new HttpError(200, {})), undefined);
			assert.deepEqual(asRedirect(new Redirect(301, '/a')), { status: 301, location: '/a' });
			assert.equal(asRedirect(new Redirect(309, '/a')), undefined);
		});

		it('recognises plain objects of the right shape', () => {
			assert.ok(isHttpError({ status: 404, body: { message: 'x' } }));
			assert.ok(isRedirect({ status: 302, location: '/a' }));
		});

		it('refuses shapes that are almost right', () => {
			const notHttp = [
				{ status: 404 },
				{ status: 404, body: 'x' },
				{ status: 404, body: null },
				{ status: 404.5, body: {} },
				{ status: '404', body: {} },
				{ status: 399, body: {} },
				{ status: 600, body: {} },
				{ status: NaN, body: {} }
			];
			for (const value of notHttp) assert.ok(!isHttpError(value), JSON.stringify(value));

			const notRedirect = [
				{ status: 302 },
				{ status: 302, location: 1 },
				{ status: 302, location: '/a', body: {} },
				{ status: 299, location: '/a' },
				{ status: 309, location: '/a' },
				{ status: 302.5, location: '/a' },
				{ status: 302, location: '/a\r\nset-cookie: x=y' }
			];
			for (const value of notRedirect) assert.ok(!isRedirect(value), JSON.stringify(value));
		});

		it('never takes an Error with a status for an HttpError or Redirect (rules §4.5)', () => {
			const withBody = Object.assign(new Error('boom'), { status: 404, body: { message: 'x' } });
			const withLocation = Object.assign(new Error('moved'), { status: 302, location: '/a' });
			class HttpErrorLike extends Error {
				constructor(
					public status: number,
					public body: object
				) {
					super('x');
				}
			}
			Object.defineProperty(HttpErrorLike, 'name', { value: 'HttpError' });
			for (const value of [withBody, withLocation, new HttpErrorLike(404, {})]) {
				assert.ok(!isHttpError(value));
				assert.ok(!isRedirect(value));
				assert.equal(asHttpError(value), undefined);
				assert.equal(asRedirect(value), undefined);
			}
		});

		it('never takes an Error from another realm', async () => {
			const { runInNewContext } = await import('node:vm');
			const foreign: unknown = runInNewContext('Object.assign(new Error("x"), { status: 404, body: { message: "x" } })');
			assert.ok(!(foreign instanceof Error), 'sanity: a different realm');
			assert.ok(!isHttpError(foreign));
		});

		it('returns snapshots, reading each property once', () => {
			let reads = 0;
			const flaky = {
				get status() {
					reads++;
					return reads === 1 ? 404 : 200;
				},
				body: { message: 'x' }
			};
			assert.deepEqual(asHttpError(flaky), { status: 404, body: { message: 'x' } });
			assert.equal(reads, 1);
		});

		it('survives hostile inputs', () => {
			// a getter that throws on a key the recogniser needs
			const throwing = (shape: object, key: string) =>
				Object.defineProperty({ ...shape }, key, {
					get() {
						throw new Error(`no ${key}`);
					}
				});
			const http = { status: 404, body: {} };
			const moved = { status: 302, location: '/a' };
			const { proxy: revoked, revoke } = Proxy.revocable({}, {});
			revoke();
			const trapAll = new Proxy(
				{},
				{
					get() {
						throw new Error('get');
					},
					has() {
						throw new Error('has');
					},
					getPrototypeOf() {
						throw new Error('getPrototypeOf');
					}
				}
			);
			const trapProto = new Proxy(
				{ status: 404, body: {} },
				{
					getPrototypeOf() {
						throw new Error('getPrototypeOf');
					}
				}
			);
			const trapHas = new Proxy(
				{ status: 302, location: '/a' },
				{
					has() {
						throw new Error('has');
					}
				}
			);
			const hostile: unknown[] = [
				null,
				undefined,
				0,
				404,
				'error',
				Symbol('x'),
				10n,
				() => {},
				[],
				[404, {}],
				Object.create(null),
				throwing(http, 'status'),
				throwing(http, 'body'),
				throwing(http, 'constructor'),
				throwing(moved, 'status'),
				throwing(moved, 'location'),
				throwing(moved, 'constructor'),
				revoked,
				trapAll,
				trapProto,
				trapHas
			];
			for (const value of hostile) {
				assert.equal(isHttpError(value), false);
				assert.equal(isHttpError(value, 404), false);
				assert.equal(isRedirect(value), false);
				assert.equal(asHttpError(value), undefined);
				assert.equal(asRedirect(value), undefined);
			}
		});

		it('recognises a well-behaved Proxy of a real one', () => {
			const e = thrown(() => kit.error(403, 'no'));
			assert.ok(isHttpError(new Proxy(e as object, {})));
			const own = thrown(() => error(403, 'no'));
			assert.ok(isHttpError(new Proxy(own as object, {})));
		});

		it('does not confuse ActionFailure (fail()) with either', () => {
			const failure = kit.fail(400, { field: 'x' });
			assert.ok(!isHttpError(failure));
			assert.ok(!isRedirect(failure));
		});
	});
});
