// A SvelteKit 3 route tree served with `kit: 3` (test/fixtures/kit3/routes-tree): matchers from
// one params module that return the value a param holds (number, boolean, bigint, another
// string), hyphenated param names, a rest matcher, QUERY with a body, a `+server.test.js` that is
// never loaded, matchers that fail at request time, and a tree whose matcher is missing.
import assert from 'node:assert/strict';
import path from 'node:path';
import request, { type Test } from 'supertest';
import { RouteTreeError } from '../../src/index.js';
import { FIXTURES, call, jsonOf, privateCopy } from '../support/helpers.js';
import { describeHosts, EXPRESS_HOSTS, KOA_HOSTS, type TestApp } from '../support/hosts.js';
import { skipWithoutKit3Node } from '../support/kit3-node.js';

/** A QUERY request: supertest makes one for every method Node knows, but its types lack it. */
function queryRequest(app: TestApp['app'], path: string): Test {
	return (request(app) as unknown as { query(url: string): Test }).query(path);
}

// one project folder for every app here: each folder is an app of its own to the module hooks
const PROJECT = path.join(FIXTURES, 'kit3', 'routes-tree');
const TREE = path.join(PROJECT, 'routes');

describeHosts(
	'a SvelteKit 3 route tree (kit: 3)',
	(host) => {
		skipWithoutKit3Node();
		let t: TestApp;
		before(async () => {
			t = await host.createApp({ routes: TREE, options: { kit: 3 } });
		});
		const get = async (path: string) => {
			const res = await call(request(t.app).get(path).set('accept', 'application/json'));
			return { status: res.status, json: res.status === 200 ? jsonOf(res) : undefined, res };
		};

		describe('matchers return the value event.params holds', () => {
			it('a number', async () => {
				assert.deepEqual((await get('/int/42')).json, { id: 42, type: 'number' });
				assert.deepEqual((await get('/int/-7')).json, { id: -7, type: 'number' });
			});

			it('a boolean, false included', async () => {
				assert.deepEqual((await get('/flag/true')).json, { on: true, type: 'boolean' });
				assert.deepEqual((await get('/flag/false')).json, { on: false, type: 'boolean' });
			});

			it('a bigint', async () => {
				const res = await call(request(t.app).get('/big/9007199254740993'));
				assert.equal(res.status, 200);
				assert.equal(res.text, 'bigint 9007199254740994');
			});

			it('another string', async () => {
				assert.deepEqual((await get('/upper/abc')).json, { word: 'ABC' });
			});

			it('undefined: no match, so the request goes on to the host', async () => {
				for (const path of ['/int/x', '/flag/maybe', '/big/-1', '/upper/ABC']) {
					const res = await call(request(t.app).get(path));
					assert.equal(res.status, 404, path);
					assert.equal(res.headers['x-host'], '404', path);
				}
			});

			it('the matcher sees the value fully decoded', async () => {
				assert.deepEqual((await get('/seen/AC%2FDC')).json, { v: 'seen:AC/DC' });
				assert.deepEqual((await get('/seen/a%2520b')).json, { v: 'seen:a%20b' });
				assert.deepEqual((await get('/seen/%E8%8B%97')).json, { v: 'seen:苗' });
			});
		});

		describe('param names with hyphens, and a rest matcher', () => {
			it('`[page-slug]` is `page-slug` in event.params', async () => {
				assert.deepEqual((await get('/blog/hello-world')).json, { 'page-slug': 'hello-world' });
			});

			it('`[...catch-all=some-matcher]` holds what its matcher made of the segments', async () => {
				assert.deepEqual((await get('/files/a/b/c')).json, { 'catch-all': 'c/b/a' });
				assert.deepEqual((await get('/files/one')).json, { 'catch-all': 'one' });
				// the matcher refuses capitals, and the empty rest
				assert.equal((await get('/files/a/B')).status, 404);
				assert.equal((await get('/files')).status, 404);
			});

			it('an optional param whose matcher refuses its value passes it on to the rest', async () => {
				assert.deepEqual((await get('/opt/en/a/b')).json, { lang: 'en', rest: 'a/b' });
				assert.deepEqual((await get('/opt/fr/a')).json, { rest: 'fr/a' });
			});
		});

		describe('QUERY', () => {
			it('runs the QUERY export with the request body', async () => {
				const res = await call(queryRequest(t.app, '/query').set('content-type', 'application/json').send('{"q":"kit"}'));
				assert.equal(res.status, 200);
				assert.deepEqual(jsonOf(res), { method: 'QUERY', type: 'application/json', body: '{"q":"kit"}' });
			});

			it('a text body, and none', async () => {
				const text = await call(queryRequest(t.app, '/query').set('content-type', 'text/plain').send('name=kit'));
				assert.deepEqual(jsonOf(text), { method: 'QUERY', type: 'text/plain', body: 'name=kit' });
				const empty = await call(queryRequest(t.app, '/query'));
				assert.deepEqual(jsonOf(empty), { method: 'QUERY', type: null, body: '' });
			});

			it('Allow lists QUERY in SvelteKit 3 order', async () => {
				// a DELETE without a content-type is a form to SvelteKit 3's CSRF check, which runs first
				const res = await call(request(t.app).delete('/query').set('content-type', 'application/json'));
				assert.equal(res.status, 405);
				assert.equal(res.headers.allow, 'GET, QUERY, HEAD');
			});

			it('an endpoint without QUERY answers it 405', async () => {
				const res = await call(queryRequest(t.app, '/int/1'));
				assert.equal(res.status, 405);
				assert.equal(res.text, 'QUERY method not allowed');
				assert.equal(res.headers.allow, 'GET, HEAD');
			});
		});

		it('the tree loaded: +server.test.js beside +server.js was skipped, not imported', async () => {
			await t.middleware.ready;
			assert.equal((await get('/query')).status, 200);
			assert.equal((await call(request(t.app).get('/query/+server.test.js'))).headers['x-host'], '404');
		});

		describe('a matcher that fails while the route is found: a 500 through handleError, as SvelteKit 3', () => {
			const cases: Array<[string, RegExp]> = [
				['/throws/x', /^the matcher failed$/],
				['/async/x', /^param_matcher_async\nAsync param matchers are not supported\n/],
				['/object/x', /^param_matcher_result_invalid\nParam matcher must return a string, number, boolean, or bigint\n/]
			];
			for (const [path, message] of cases) {
				it(path, async () => {
					const before = t.errors.length;
					const res = await call(request(t.app).get(path).set('accept', 'application/json'));
					assert.equal(res.status, 500);
					assert.equal((jsonOf(res) as { message: string }).message, 'Internal Error');
					const reported = t.errors.slice(before);
					assert.equal(reported.length, 1);
					assert.match((reported[0]!.error as Error).message, message);
					// SvelteKit 3's handleError is told the kind of error, no longer its status
					assert.equal((reported[0] as { kind?: string }).kind, 'unknown');
					assert.equal(reported[0]!.event.route.id, null);
					assert.equal(t.hostErrors.length, 0);
				});
			}
		});
	},
	[...EXPRESS_HOSTS, ...KOA_HOSTS]
);

describeHosts(
	'SvelteKit 3 trees that do not load',
	(host) => {
		skipWithoutKit3Node();
		// the project, served above with its own params and kit 3, is served here from copies
		const missing = privateCopy(path.join(PROJECT, 'routes-missing-matcher'), `missing-${host.name}`);
		const kit2Tree = privateCopy(TREE, `kit2-${host.name}`);

		it('a matcher missing from the params module fails the load, naming the module', async () => {
			const t = await host.createApp({
				routes: missing,
				options: { kit: 3, params: path.join(path.dirname(missing), 'params-without-int.js') },
				ready: false
			});
			await assert.rejects(t.middleware.ready, (error: unknown) => {
				assert.ok(error instanceof RouteTreeError);
				assert.equal(error.problems.length, 1);
				assert.match(
					error.problems[0]!,
					/^No matcher found for parameter `int` in `\S*kit3\/\.tmp-routes-tree-missing-\w+-\d+\/params-without-int\.js`$/
				);
				return true;
			});
			const res = await call(request(t.app).get('/1'));
			assert.equal(res.headers['x-host-error'], '1');
			assert.ok(t.hostErrors[0] instanceof RouteTreeError);
		});

		it('in kit 2 mode the SvelteKit 3 tree is refused, as SvelteKit 2 would (pinned)', async () => {
			const t = await host.createApp({ routes: kit2Tree, options: { kit: 2 }, ready: false });
			await assert.rejects(t.middleware.ready, (error: unknown) => {
				assert.ok(error instanceof RouteTreeError);
				const problems = error.problems.join('\n');
				assert.match(problems, /Files prefixed with \+ are reserved \(saw \S*query\/\+server\.test\.js\)/);
				assert.match(
					problems,
					/Invalid param: page-slug\. Params and matcher names can only have underscores and alphanumeric characters\./
				);
				assert.match(problems, /Invalid export 'QUERY'/);
				assert.match(problems, /No matcher found for parameter 'int' in route \/int\/\[id=int\]/);
				return true;
			});
		});
	},
	[...EXPRESS_HOSTS, ...KOA_HOSTS]
);
