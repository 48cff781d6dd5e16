// loadRouteTree and RouteTree.match on real trees: rules §1.1 (exports), §1.4 (escapes), §1.5
// (matchers), rules §1.6 (find_route, observed matching), §1.9 (observed priority), §8 rows 33, 44, 45, 55, 60, 63-67.
import assert from 'node:assert/strict';
import path from 'node:path';
import { RouteTreeError } from '../../src/errors.js';
import { loadRouteTree, type RouteTree } from '../../src/routes/index.js';
import { fixture, statusOf } from './helpers.js';

/** `[route id, params]` of `tree.match(pathname)`, or null. */
function found(tree: RouteTree, pathname: string): [string, Record<string, unknown>] | null {
	const result = tree.match(pathname);
	if (result === null) return null;
	assert.ok(tree.routes.includes(result.route), 'match() returns one of tree.routes');
	return [result.route.id, result.params];
}

function checkMatches(tree: () => RouteTree, rows: Array<[string, string | null, Record<string, string>?]>) {
	for (const [pathname, id, params = {}] of rows) {
		it(`${pathname} -> ${id === null ? 'null' : `${id} ${JSON.stringify(params)}`}`, () => {
			assert.deepEqual(found(tree(), pathname), id === null ? null : [id, params]);
		});
	}
}

describe('loadRouteTree', () => {
	describe('endpoint modules and methods (test/fixtures/manifest/exports)', () => {
		const dir = fixture('manifest/exports/routes');
		let tree: RouteTree;
		before(async () => {
			tree = await loadRouteTree(dir);
		});
		const route = (id: string) => {
			const r = tree.routes.find((x) => x.id === id);
			assert.ok(r, id);
			return r;
		};

		it('lists every route with an endpoint or a page, in priority order', () => {
			assert.deepEqual(
				tree.routes.map((r) => r.id),
				['/all', '/dual', '/fallback-only', '/page-only', '/prerendered']
			);
		});

		it('methods come in the order GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD; fallback is not one', () => {
			assert.deepEqual(route('/all').methods, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
			assert.deepEqual(route('/fallback-only').methods, []);
			assert.deepEqual(route('/dual').methods, ['PUT']);
			assert.deepEqual(route('/prerendered').methods, ['GET']);
		});

		it('keeps the imported module, _-prefixed and config exports included', () => {
			const mod = route('/all').module;
			assert.ok(mod);
			assert.equal(typeof mod.GET, 'function');
			assert.equal(typeof mod.fallback, 'function');
			assert.equal(mod._helper, 42);
			assert.equal(mod.trailingSlash, 'never');
			assert.deepEqual(mod.config, { runtime: 'node' });
			assert.equal(typeof route('/fallback-only').module?.fallback, 'function');
			assert.equal(route('/prerendered').module?.prerender, true);
		});

		it('a page-only route has no endpoint, module or methods', () => {
			const page = route('/page-only');
			assert.equal(page.endpoint, null);
			assert.equal(page.module, null);
			assert.deepEqual(page.methods, []);
			assert.deepEqual(page.pages, [path.join(dir, 'page-only/+page.svelte')]);
		});

		it('a page next to a non-prerendered +server.js is fine', () => {
			const dual = route('/dual');
			assert.equal(dual.endpoint, path.join(dir, 'dual/+server.js'));
			assert.deepEqual(dual.pages, [path.join(dir, 'dual/+page.svelte')]);
		});
	});

	describe('matchers (test/fixtures/manifest/matchers)', () => {
		let tree: RouteTree;
		before(async () => {
			tree = await loadRouteTree(fixture('manifest/matchers/routes'));
		});

		it('imports each matcher module and exposes its match function', () => {
			assert.deepEqual(Object.keys(tree.matchers).sort(), ['bar', 'foo']);
			assert.equal(tree.matchers.foo?.('foo1'), true);
			assert.equal(tree.matchers.foo?.('bar1'), false);
		});

		checkMatches(
			() => tree,
			[
				['/foo1', '/[a=foo]', { a: 'foo1' }],
				['/bar1', '/[b=bar]', { b: 'bar1' }],
				['/baz', null]
			]
		);
	});

	it('a missing routes dir rejects with a RouteTreeError', async () => {
		await assert.rejects(loadRouteTree(fixture('manifest/does-not-exist/routes')), RouteTreeError);
	});

	describe('find_route (rules §1.6; test/fixtures/match/find-route, matcher word = /^\\w+$/)', () => {
		let tree: RouteTree;
		before(async () => {
			tree = await loadRouteTree(fixture('match/find-route/routes'));
		});
		checkMatches(
			() => tree,
			[
				['/blog/hello-world', '/blog/[slug]', { slug: 'hello-world' }],
				['/blog/hello', '/blog/[slug=word]', { slug: 'hello' }],
				['/blog/hello%20world', '/blog/[slug]', { slug: 'hello world' }],
				['/blog', '/blog', {}],
				['/blog/', '/blog', {}],
				['/about', '/about', {}],
				['/nope', null],
				['/blog/a/b', null],
				['/blog//', null]
			]
		);

		it('rejects malformed percent-encoding with status 400 (rules §8 row 33)', () => {
			for (const pathname of ['/%c0%ae%c0%ae/etc/passwd', '/%c0%ae', '/blog/%E8%8B', '/blog/%zz']) {
				assert.throws(
					() => tree.match(pathname),
					(err: unknown) => {
						assert.equal(statusOf(err), 400, pathname);
						return true;
					}
				);
			}
		});
	});

	describe('observed priority ✔2 (rules §1.9; test/fixtures/match/priority)', () => {
		let tree: RouteTree;
		before(async () => {
			tree = await loadRouteTree(fixture('match/priority/routes'));
		});
		it('sorts the routes', () => {
			assert.deepEqual(
				tree.routes.map((r) => r.id),
				['/p/static', '/p/[a=num]', '/p/[a]', '/p/[...rest]']
			);
		});
		checkMatches(
			() => tree,
			[
				['/p/static', '/p/static', {}],
				['/p/123', '/p/[a=num]', { a: '123' }],
				['/p/abc', '/p/[a]', { a: 'abc' }],
				['/p/a/b/c', '/p/[...rest]', { rest: 'a/b/c' }],
				['/p', '/p/[...rest]', { rest: '' }]
			]
		);
	});

	describe('encoding (rules §1.4, §1.6, §8 row 55; test/fixtures/match/encoding)', () => {
		let tree: RouteTree;
		before(async () => {
			tree = await loadRouteTree(fixture('match/encoding/routes'));
		});

		describe('params are decoded exactly once, after matching', () => {
			checkMatches(
				() => tree,
				[
					['/enc/AC%2FDC', '/enc/[v]', { v: 'AC/DC' }],
					['/enc/a%2520b', '/enc/[v]', { v: 'a%20b' }],
					['/enc/a%25b', '/enc/[v]', { v: 'a%b' }],
					['/enc/a+b', '/enc/[v]', { v: 'a+b' }],
					['/enc/%E8%8B%97', '/enc/[v]', { v: '苗' }],
					['/encoded/test%2520me', '/encoded/[slug]', { slug: 'test%20me' }],
					['/encoded/test%252fme', '/encoded/[slug]', { slug: 'test%2fme' }],
					['/encoded/AC%2fDC', '/encoded/[slug]', { slug: 'AC/DC' }],
					['/encoded/%5b', '/encoded/[slug]', { slug: '[' }],
					['/encoded/%E5%9C%9F%E8%B1%86', '/encoded/[slug]', { slug: '土豆' }],
					['/encoded/%E8%8B%97%E6%9D%A1', '/encoded/苗条', {}],
					['/encoded/@alice', '/encoded/@[username]', { username: 'alice' }],
					// decodeURI leaves %40 encoded, so this is not the @ route
					['/encoded/%40alice', '/encoded/[slug]', { slug: '@alice' }]
				]
			);
		});

		describe('escape sequences', () => {
			const esc = '/encoded/escape-sequences';
			checkMatches(
				() => tree,
				[
					['/esc/%3Fq', '/esc/[x+3f]q', {}],
					['/esc/%3fq', '/esc/[x+3f]q', {}],
					// `/esc/?q` in a URL is the path `/esc/` with a query
					['/esc/', null],
					[`${esc}/:-)`, `${esc}/[x+3a]-[x+29]`, {}],
					[`${esc}/%23`, `${esc}/[x+23]`, {}],
					[`${esc}/%2F`, `${esc}/[x+2f]`, {}],
					[`${esc}/%2f`, `${esc}/[x+2f]`, {}],
					[`${esc}/%3f`, `${esc}/[x+3f]`, {}],
					[`${esc}/%3F`, `${esc}/[x+3f]`, {}],
					[`${esc}/%25`, `${esc}/[x+25]`, {}],
					[`${esc}/%3C`, `${esc}/[x+3c]`, {}],
					[`${esc}/<`, `${esc}/[x+3c]`, {}],
					[`${esc}/1%3C2`, `${esc}/[x][x+3c][y]`, { x: '1', y: '2' }],
					[`${esc}/%E8%8B%97`, `${esc}/[u+82d7]`, {}],
					[`${esc}/%F0%9F%A4%AA`, `${esc}/[u+d83e][u+dd2a]`, {}],
					['/dash/%F0%9F%A4%AA', '/dash/[u+d83e-dd2a]', {}],
					// full code point (v3), not v2's U+F600
					['/chars/%F0%9F%98%80', '/chars/[u+1f600]', {}],
					['/chars/%EF%98%80', null],
					['/chars/%5B', '/chars/[x+5b]', {}],
					['/chars/[', '/chars/[x+5b]', {}],
					['/chars/%5D', '/chars/[x+5d]', {}],
					['/chars/%22', '/chars/[x+22]', {}]
				]
			);
		});

		describe('static text', () => {
			checkMatches(
				() => tree,
				[
					['/100%25', '/100%', {}],
					// the directory name is decomposed (e + U+0301); the pattern is NFC
					['/caf%C3%A9', '/cafe\u0301', {}],
					['/cafe%CC%81', null]
				]
			);

			it('a bare % is malformed: 400', () => {
				assert.throws(
					() => tree.match('/100%'),
					(err: unknown) => statusOf(err) === 400
				);
			});
		});

		it('keeps ids verbatim (groups and escapes)', () => {
			const all = tree.routes.map((r) => r.id);
			assert.ok(all.includes('/esc/[x+3f]q'));
			assert.ok(all.includes('/encoded/escape-sequences/[u+d83e][u+dd2a]'));
		});
	});

	describe('routing (rules §8 rows 44, 45, 60, 63-67; default params dir; test/fixtures/match/routing)', () => {
		let tree: RouteTree;
		before(async () => {
			tree = await loadRouteTree(fixture('match/routing/routes'));
		});
		it('loads the matchers from the params dir beside the routes dir', () => {
			assert.deepEqual(Object.keys(tree.matchers).sort(), ['lowercase', 'numeric', 'uppercase']);
		});
		checkMatches(
			() => tree,
			[
				// row 63: [slug].json outranks [slug]
				['/routing/ambiguous/ok.json', '/routing/ambiguous/[slug].json', { slug: 'ok' }],
				['/routing/ambiguous/ok', '/routing/ambiguous/[slug]', { slug: 'ok' }],
				// row 64
				['/routing/rest/xyz/abc/qwe/deep.json', '/routing/rest/[...rest]/deep.json', { rest: 'xyz/abc/qwe' }],
				['/routing/rest/xyz/abc/qwe/deep', '/routing/rest/[...rest]/deep', { rest: 'xyz/abc/qwe' }],
				// row 65
				['/routing/rest/complex/prefix-one/two/three', '/routing/rest/complex/prefix-[...parts]', { parts: 'one/two/three' }],
				['/routing/rest/complex/one/two.json', '/routing/rest/complex/[...parts].json', { parts: 'one/two' }],
				// row 66: the non-greedy routes do not match food / one-bard; the catch-all page does
				['/routing/rest/non-greedy/foo/one/two', '/routing/rest/non-greedy/foo/[...rest]', { rest: 'one/two' }],
				['/routing/rest/non-greedy/food/one/two', '/routing/rest/[...rest]', { rest: 'non-greedy/food/one/two' }],
				[
					'/routing/rest/non-greedy/one-bar/two/three',
					'/routing/rest/non-greedy/[dynamic]-bar/[...rest]',
					{ dynamic: 'one', rest: 'two/three' }
				],
				['/routing/rest/non-greedy/one-bard/two/three', '/routing/rest/[...rest]', { rest: 'non-greedy/one-bard/two/three' }],
				// row 67
				['/routing/split-params/x-y-z', '/routing/split-params/[a]-[b]', { a: 'x', b: 'y-z' }],
				// row 60
				['/routing/matched/a', '/routing/matched/[letter=lowercase]', { letter: 'a' }],
				['/routing/matched/B', '/routing/matched/[letter=uppercase]', { letter: 'B' }],
				['/routing/matched/1', '/routing/matched/[number=numeric]', { number: '1' }],
				['/routing/matched/everything-else', '/routing/matched/[fallback]', { fallback: 'everything-else' }],
				// rows 44, 45
				['/favicon.ico', '/favicon.ico', {}],
				['/package.json', '/package.json', {}],
				['/package.json/', '/package.json', {}],
				['/package.json//', null]
			]
		);
	});

	describe('optional-adjacent and group-optional (rules §1.8, §1.9)', () => {
		let adjacent: RouteTree;
		let group: RouteTree;
		before(async () => {
			adjacent = await loadRouteTree(fixture('manifest/optional-adjacent/routes'));
			group = await loadRouteTree(fixture('manifest/group-optional/routes'));
		});
		checkMatches(
			() => adjacent,
			[
				['/', '/', {}],
				['/x', '/[[optional]]', { optional: 'x' }]
			]
		);
		checkMatches(
			() => group,
			[
				['/', '/(group)/[[optional]]', {}],
				['/x', '/(group)/[[optional]]', { optional: 'x' }]
			]
		);
	});

	describe('no-conflicts tree (rules §1.8)', () => {
		let tree: RouteTree;
		before(async () => {
			tree = await loadRouteTree(fixture('manifest/no-conflicts/routes'));
		});
		checkMatches(
			() => tree,
			[
				['/p/x1', '/p/[a=x]', { a: 'x1' }],
				['/p/y1', '/p/[b=y]', { b: 'y1' }],
				['/p/z1', '/p/[c]', { c: 'z1' }],
				['/s/a%2Fb', '/s/a[x+2f]b', {}],
				['/s/a/b', '/s/a/b', {}]
			]
		);
	});

	describe('other manifest fixtures load', () => {
		for (const name of ['hidden-dot', 'hidden-underscore', 'prefixed-dirs', 'skipped-files', 'symlinks', 'sort']) {
			it(name, async () => {
				const tree = await loadRouteTree(fixture('manifest', name, 'routes'), { warn: () => {} });
				assert.ok(tree.routes.length > 0);
				for (const route of tree.routes) {
					if (route.endpoint === null) continue;
					assert.ok(route.module, route.id);
					assert.deepEqual(route.methods, ['GET'], route.id);
				}
			});
		}

		it('hidden-dot serves /.well-known/dnt-policy.txt', async () => {
			const tree = await loadRouteTree(fixture('manifest/hidden-dot/routes'));
			assert.deepEqual(found(tree, '/.well-known/dnt-policy.txt'), ['/.well-known/dnt-policy.txt', {}]);
		});

		it('symlinks serve /foo through the link', async () => {
			const tree = await loadRouteTree(fixture('manifest/symlinks/routes'));
			assert.deepEqual(found(tree, '/foo'), ['/foo', {}]);
		});

		it('skipped-files serves +server.mjs', async () => {
			const tree = await loadRouteTree(fixture('manifest/skipped-files/routes'), { warn: () => {} });
			assert.deepEqual(found(tree, '/mjs'), ['/mjs', {}]);
			assert.equal(found(tree, '/notes'), null);
		});
	});
});
