// Method dispatch inside an endpoint (rules §2.2–2.6), the helpers from both packages (§4.3),
// and routing as a client sees it (rules §1.6, §8 rows 9, 12, 13, 19, 21, 30, 31, 43–45, 54, 60,
// 63–67, 75).
import assert from 'node:assert/strict';
import path from 'node:path';
import request from 'supertest';
import { FIXTURES, call, comparableHeaders, jsonOf } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

describeHosts('method dispatch', (host) => {
	const createApp = host.createApp;
	let t: TestApp;
	before(async () => {
		t = await createApp();
	});

	describe('HEAD (rules §2.3)', () => {
		it('HEAD runs GET and answers with matching headers but without body (row 9)', async () => {
			const head = await call(request(t.app).head('/endpoint-output/body'));
			const get = await call(request(t.app).get('/endpoint-output/body'));
			assert.equal(head.status, 200);
			assert.equal(get.status, 200);
			assert.equal(head.text, '');
			assert.equal(get.text, '{}');
			assert.deepEqual(comparableHeaders(head.headers), comparableHeaders(get.headers));
			assert.equal(get.headers['content-type'], 'application/json');
			assert.equal(get.headers['content-length'], '2');
		});

		it('HEAD of a plain Response has the same headers as GET, content-length included', async () => {
			const head = await call(request(t.app).head('/endpoint-output/plain-response'));
			const get = await call(request(t.app).get('/endpoint-output/plain-response'));
			assert.equal(get.text, 'héllo wörld');
			assert.equal(head.text, '');
			assert.equal(get.headers['content-length'], String(Buffer.byteLength('héllo wörld')));
			assert.deepEqual(comparableHeaders(head.headers), comparableHeaders(get.headers));
		});

		it('an exported HEAD handler wins over GET', async () => {
			const res = await call(request(t.app).head('/endpoint-output/head-handler').set('accept', 'application/json'));
			assert.equal(res.status, 200);
			assert.equal(res.headers['x-sveltekit-head-endpoint'], 'true');
			assert.equal(res.text, '');
		});

		it('GET wins over fallback for HEAD', async () => {
			const res = await call(request(t.app).head('/endpoint-output/fallback'));
			assert.equal(res.status, 200);
			assert.equal(res.headers['x-method'], undefined);
			assert.equal(res.headers['content-length'], '2');
		});
	});

	describe('405 and Allow (rules §2.4)', () => {
		it('invalid request method returns allow header (row 12)', async () => {
			const res = await call(request(t.app).post('/endpoint-output/body'));
			assert.equal(res.status, 405);
			assert.match(String(res.headers.allow), /\bGET\b/);
			assert.match(String(res.headers.allow), /\bHEAD\b/);
		});

		it('405 body is `<METHOD> method not allowed` with content-length and no content-type', async () => {
			const res = await call(request(t.app).put('/endpoint-output/body'));
			assert.equal(res.status, 405);
			assert.equal(res.text, 'PUT method not allowed');
			assert.equal(res.headers['content-length'], String('PUT method not allowed'.length));
			assert.equal(res.headers['content-type'], undefined);
		});

		it('405 allow header has no duplicate methods listed (row 13)', async () => {
			const res = await call(request(t.app).post('/endpoint-output/head-handler'));
			assert.equal(res.status, 405);
			const allow = String(res.headers.allow).split(', ');
			assert.deepEqual(allow, [...new Set(allow)]);
			assert.equal(res.headers.allow, 'GET, HEAD');
		});

		it('only GET exported → `GET, HEAD`', async () => {
			const res = await call(request(t.app).delete('/allow/get-only'));
			assert.equal(res.status, 405);
			assert.equal(res.headers.allow, 'GET, HEAD');
			assert.equal(res.text, 'DELETE method not allowed');
		});

		it('lists methods in canonical order, whatever the export order', async () => {
			const res = await call(request(t.app).get('/allow/mutations'));
			assert.equal(res.status, 405);
			assert.equal(res.headers.allow, 'POST, PUT, PATCH, DELETE, OPTIONS, HEAD');
			assert.equal(res.text, 'GET method not allowed');
		});

		it('GET + PUT → `GET, PUT, HEAD`', async () => {
			const res = await call(request(t.app).post('/allow/get-put'));
			assert.equal(res.status, 405);
			assert.equal(res.headers.allow, 'GET, PUT, HEAD');
		});

		it('unhandled http method (row 31)', async () => {
			const res = await call(request(t.app).put('/errors/invalid-route-response'));
			assert.equal(res.status, 405);
			assert.match(res.text, /PUT method not allowed/);
		});
	});

	describe('OPTIONS and fallback (rules §2.2, §2.5)', () => {
		it('OPTIONS handler (row 19)', async () => {
			const res = await call(request(t.app).options('/endpoint-output'));
			assert.equal(res.status, 200);
			assert.equal(res.text, 'ok');
		});

		it('OPTIONS without a handler is a 405 with Allow, and no CORS headers', async () => {
			const res = await call(request(t.app).options('/endpoint-output/body'));
			assert.equal(res.status, 405);
			assert.equal(res.headers.allow, 'GET, HEAD');
			assert.equal(res.headers['access-control-allow-origin'], undefined);
			assert.equal(res.headers['access-control-allow-methods'], undefined);
		});

		it('catch-all handler (row 21): GET, MOVE and OPTIONS', async () => {
			const get = await call(request(t.app).get('/endpoint-output/fallback'));
			assert.equal(get.status, 200);
			assert.equal(get.text, 'ok');

			const move = await call(request(t.app).move('/endpoint-output/fallback'));
			assert.equal(move.status, 200);
			assert.equal(move.text, 'catch-all');
			assert.equal(move.headers['x-method'], 'MOVE');

			const options = await call(request(t.app).options('/endpoint-output/fallback'));
			assert.equal(options.status, 200);
			assert.equal(options.text, 'catch-all');
		});

		it('fallback takes methods with no export of their own, and is never listed in Allow', async () => {
			const res = await call(request(t.app).delete('/endpoint-output/fallback'));
			assert.equal(res.status, 200);
			assert.equal(res.text, 'catch-all');
			assert.equal(res.headers.allow, undefined);
		});

		it('calls a delete handler (row 75)', async () => {
			const res = await call(request(t.app).delete('/delete-route/42.json'));
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), { id: '42', deleted: true });
		});
	});

	describe('handler results (rules §2.6)', () => {
		it('invalid route response is handled (row 30)', async () => {
			const exposing = await createApp({ handleError: 'expose' });
			const res = await call(request(exposing.app).get('/errors/invalid-route-response').set('accept', '*/*'));
			assert.equal(res.status, 500);
			assert.match(res.text, /Invalid response from route \/errors\/invalid-route-response: handler should return a Response object/);
		});

		it('a non-Response result is a 500 with the default body', async () => {
			const res = await call(request(t.app).get('/errors/invalid-route-response').set('accept', '*/*'));
			assert.equal(res.status, 500);
			assert.equal(res.text, '{"message":"Internal Error"}');
		});

		it('a string body goes out with its content-length', async () => {
			const res = await call(request(t.app).get('/endpoint-output/plain-response'));
			assert.equal(res.headers['content-type'], 'text/plain;charset=UTF-8');
			assert.equal(res.headers['content-length'], '13');
			assert.equal(res.headers['x-hit'], 'plain-response');
		});

		it('a byte body goes out whole, with its content-length', async () => {
			const res = await call(request(t.app).get('/endpoint-output/bytes'));
			assert.equal(res.status, 200);
			assert.equal(res.headers['content-length'], '256');
			assert.deepEqual(
				[...res.body],
				Array.from({ length: 256 }, (_, i) => i)
			);
		});
	});

	for (const lib of ['kit', 'own'] as const) {
		describe(`helpers from ${lib === 'kit' ? '@sveltejs/kit' : 'kit-endpoints'} in a route file (rules §4.3)`, () => {
			it('text() sets content-length and no content-type', async () => {
				const res = await call(request(t.app).get(`/helpers/${lib}`));
				assert.equal(res.status, 200);
				assert.equal(res.text, 'héllo');
				assert.equal(res.headers['content-length'], '6');
				assert.equal(res.headers['content-type'], undefined);
			});

			it('text() with a given content-length gets the platform content-type', async () => {
				const res = await call(request(t.app).post(`/helpers/${lib}`));
				assert.equal(res.text, 'x');
				assert.equal(res.headers['content-length'], '1');
				assert.equal(res.headers['content-type'], 'text/plain;charset=UTF-8');
			});

			it('json(undefined) has an empty body and content-length 0', async () => {
				const res = await call(request(t.app).put(`/helpers/${lib}`));
				assert.equal(res.status, 200);
				assert.equal(res.text, '');
				assert.equal(res.headers['content-length'], '0');
				assert.equal(res.headers['content-type'], 'application/json');
			});

			it('json() keeps status and headers, and counts bytes', async () => {
				const res = await call(request(t.app).patch(`/helpers/${lib}`));
				assert.equal(res.status, 201);
				assert.equal(res.headers['x-extra'], '1');
				assert.equal(res.text, '{"a":1,"emoji":"🍎"}');
				assert.equal(res.headers['content-length'], String(Buffer.byteLength('{"a":1,"emoji":"🍎"}')));
			});
		});
	}

	it('isHttpError/isRedirect recognise what @sveltejs/kit throws, and not Errors with a status', async () => {
		const res = await call(request(t.app).get('/helpers/guards'));
		const yes404 = { isHttpError: true, is404: true, is500: false, isRedirect: false };
		const redirect = { isHttpError: false, is404: false, is500: false, isRedirect: true };
		const none = { isHttpError: false, is404: false, is500: false, isRedirect: false };
		assert.deepEqual(jsonOf(res), {
			kitError: yes404,
			ownError: yes404,
			kitRedirect: redirect,
			ownRedirect: redirect,
			plainError: none
		});
	});
});

describeHosts('routing', (host) => {
	const createApp = host.createApp;
	let t: TestApp;
	before(async () => {
		t = await createApp();
	});

	it('event.params and route.id (row 43)', async () => {
		const res = await call(request(t.app).get('/routing/params-in-handle/banana'));
		assert.deepEqual(jsonOf(res), { key: '/routing/params-in-handle/[x]', params: { x: 'banana' } });
	});

	it('/favicon.ico is a valid route (row 44)', async () => {
		const res = await call(request(t.app).get('/favicon.ico'));
		assert.equal(res.status, 200);
		assert.deepEqual(jsonOf(res), { surprise: 'lol' });
	});

	it('a route named package.json (row 45)', async () => {
		const res = await call(request(t.app).get('/package.json'));
		assert.equal(res.status, 200);
		assert.deepEqual(jsonOf(res), { works: true });
	});

	it('serializes JSON correctly (row 54)', async () => {
		const res = await call(request(t.app).get('/encoded/endpoint'));
		assert.deepEqual(jsonOf(res), { fruit: '🍎🍇🍌' });
		assert.equal(res.headers['content-length'], String(res.body.byteLength));
	});

	it('param matchers (row 60)', async () => {
		const cases: [string, string][] = [
			['/routing/matched/a', 'lowercase: a'],
			['/routing/matched/B', 'uppercase: B'],
			['/routing/matched/1', 'number: 1'],
			['/routing/matched/everything-else', 'fallback: everything-else']
		];
		for (const [path, expected] of cases) {
			const res = await call(request(t.app).get(path));
			assert.equal(res.text, expected, path);
		}
	});

	it('[slug].json outranks [slug] (row 63)', async () => {
		const res = await call(request(t.app).get('/routing/ambiguous/ok.json'));
		assert.equal(res.text, 'ok');
	});

	it('rest params (row 64)', async () => {
		const res = await call(request(t.app).get('/routing/rest/xyz/abc/qwe/deep.json'));
		assert.equal(res.text, 'xyz/abc/qwe');
	});

	it('rest routes with prefixes and suffixes (row 65)', async () => {
		const prefixed = await call(request(t.app).get('/routing/rest/complex/prefix-one/two/three'));
		assert.equal(prefixed.text, 'parts: one/two/three');
		const suffixed = await call(request(t.app).get('/routing/rest/complex/one/two.json'));
		assert.equal(suffixed.text, 'json parts: one/two');
	});

	it('rest parameters do not swallow characters (row 66)', async () => {
		const foo = await call(request(t.app).get('/routing/rest/non-greedy/foo/one/two'));
		assert.deepEqual(jsonOf(foo), { rest: 'one/two' });
		const food = await call(request(t.app).get('/routing/rest/non-greedy/food/one/two'));
		assert.equal(food.status, 404);
		assert.equal(food.headers['x-host'], '404');
		const bar = await call(request(t.app).get('/routing/rest/non-greedy/one-bar/two/three'));
		assert.deepEqual(jsonOf(bar), { dynamic: 'one', rest: 'two/three' });
		const bard = await call(request(t.app).get('/routing/rest/non-greedy/one-bard/two/three'));
		assert.equal(bard.headers['x-host'], '404');
	});

	it('last parameter in a segment wins in cases of ambiguity (row 67)', async () => {
		const res = await call(request(t.app).get('/routing/split-params/x-y-z'));
		assert.deepEqual(jsonOf(res), { a: 'x', b: 'y-z' });
	});

	it('params are decoded once and url.pathname stays encoded (rules §1.6)', async () => {
		const cases: [string, string][] = [
			['/enc/AC%2FDC', 'AC/DC'],
			['/enc/a%2520b', 'a%20b'],
			['/enc/a%25b', 'a%b'],
			['/enc/a+b', 'a+b'],
			['/enc/%E8%8B%97', '苗']
		];
		for (const [path, v] of cases) {
			const res = await call(request(t.app).get(path));
			assert.deepEqual(jsonOf(res), { v, pathname: path }, path);
		}
	});

	it('the params option points at another matcher directory', async () => {
		const other = await createApp({ options: { params: path.join(FIXTURES, 'app-matchers') } });
		const cases: [string, string][] = [
			['/routing/matched/a', 'lowercase: a'],
			['/routing/matched/b', 'fallback: b'],
			['/routing/matched/42', 'number: 42'],
			['/routing/matched/1', 'fallback: 1']
		];
		for (const [url, expected] of cases) {
			const res = await call(request(other.app).get(url));
			assert.equal(res.text, expected, url);
		}
	});

	it('groups stay in route.id but not in the URL', async () => {
		const res = await call(request(t.app).get('/grouped'));
		assert.equal(res.text, '/(grp)/grouped');
	});

	it('[x+3f] matches an encoded "?" in either case; a literal "?" starts the query', async () => {
		for (const path of ['/esc/%3Fq', '/esc/%3fq']) {
			const res = await call(request(t.app).get(path));
			assert.equal(res.text, `/esc/[x+3f]q ${path}`, path);
		}
		const query = await call(request(t.app).get('/esc/?q'));
		assert.notEqual(query.status, 200);
	});

	it('[u+1f600] stands for 😀 (a deliberate difference from SvelteKit 2, as SvelteKit 3)', async () => {
		const res = await call(request(t.app).get('/esc/%F0%9F%98%80'));
		assert.equal(res.status, 200);
		assert.equal(res.text, '/esc/[u+1f600]');
	});

	it("the matched route id is on the host's locals (res.locals / ctx.state) as routeId, not enumerable", async () => {
		const seen: Promise<{ id: unknown; keys: string[] }>[] = [];
		const app = await createApp({
			before: [
				({ res, locals }) => {
					seen.push(new Promise((resolve) => res.on('finish', () => resolve({ id: locals.routeId, keys: Object.keys(locals) }))));
				}
			]
		});
		await call(request(app.app).get('/routing/params-in-handle/x'));
		const matched = await seen[0]!;
		assert.equal(matched.id, '/routing/params-in-handle/[x]');
		assert.ok(!matched.keys.includes('routeId'));

		await call(request(app.app).get('/no/such/route'));
		assert.equal((await seen[1]!).id, undefined);
	});
});
