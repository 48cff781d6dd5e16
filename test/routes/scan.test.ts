// scanRoutes on real trees: rules §1.1 (recognised files), §1.2 (ids), §1.3 (create_manifest_data
// patterns), rules §1.5 (params directory), §1.9 (real-fixture orders) and §1.10.
//
// SvelteKit v2 lists every directory as a route; scanRoutes lists only routes with an endpoint or a
// page, so the expected lists below are SvelteKit's with the dir-only routes dropped (the full v2
// lists are checked against sortRoutes in sort.test.ts).
import assert from 'node:assert/strict';
import path from 'node:path';
import { RouteTreeError } from '../../src/errors.js';
import { scanRoutes } from '../../src/routes/scan.js';
import type { ScannedRoute } from '../../src/routes/types.js';
import { fixture, flags, param } from './helpers.js';

interface Expected {
	id: string;
	pattern: RegExp;
	/** path of the +server file, relative to the routes dir */
	endpoint?: string;
	/** paths of the +page files, relative to the routes dir */
	pages?: string[];
}

function simplify(routes: ScannedRoute[]) {
	return routes.map((r) => ({
		id: r.id,
		pattern: r.pattern.toString(),
		endpoint: r.endpoint,
		pages: [...r.pages].sort()
	}));
}

function expected(dir: string, routes: Expected[]) {
	return routes.map((r) => ({
		id: r.id,
		pattern: r.pattern.toString(),
		endpoint: r.endpoint === undefined ? null : path.join(dir, r.endpoint),
		pages: (r.pages ?? []).map((p) => path.join(dir, p)).sort()
	}));
}

const ids = (dir: string, options?: Parameters<typeof scanRoutes>[1]) => scanRoutes(dir, options).routes.map((r) => r.id);

const BASIC: Expected[] = [
	{ id: '/', pattern: /^\/$/, pages: ['+page.svelte'] },
	{ id: '/about', pattern: /^\/about\/?$/, pages: ['about/+page.svelte'] },
	{ id: '/blog.json', pattern: /^\/blog\.json\/?$/, endpoint: 'blog.json/+server.js' },
	{ id: '/blog', pattern: /^\/blog\/?$/, pages: ['blog/+page.svelte'] },
	{ id: '/blog/[slug].json', pattern: /^\/blog\/([^/]+?)\.json\/?$/, endpoint: 'blog/[slug].json/+server.ts' },
	{ id: '/blog/[slug]', pattern: /^\/blog\/([^/]+?)\/?$/, pages: ['blog/[slug]/+page.svelte'] }
];

describe('scanRoutes', () => {
	it('basic: ids, patterns, endpoint and page files, in priority order (+layout/+error are not pages)', () => {
		const dir = fixture('manifest/basic/routes');
		const result = scanRoutes(dir);
		assert.deepEqual(simplify(result.routes), expected(dir, BASIC));
		assert.deepEqual({ ...result.matchers }, {});
	});

	it('custom-extension: extensions [.jazz, .beebop, .funk, .svelte] give the basic list', () => {
		const dir = fixture('manifest/custom-extension/routes');
		const { routes } = scanRoutes(dir, { extensions: ['.jazz', '.beebop', '.funk', '.svelte'] });
		assert.deepEqual(
			simplify(routes),
			expected(dir, [
				{ id: '/', pattern: /^\/$/, pages: ['+page.funk'] },
				{ id: '/about', pattern: /^\/about\/?$/, pages: ['about/+page.jazz'] },
				{ id: '/blog.json', pattern: /^\/blog\.json\/?$/, endpoint: 'blog.json/+server.js' },
				{ id: '/blog', pattern: /^\/blog\/?$/, pages: ['blog/+page.svelte'] },
				{ id: '/blog/[slug].json', pattern: /^\/blog\/([^/]+?)\.json\/?$/, endpoint: 'blog/[slug].json/+server.js' },
				{ id: '/blog/[slug]', pattern: /^\/blog\/([^/]+?)\/?$/, pages: ['blog/[slug]/+page.beebop'] }
			])
		);
	});

	it('custom-extension without the option: unknown extensions are ignored', () => {
		assert.deepEqual(ids(fixture('manifest/custom-extension/routes')), ['/blog.json', '/blog', '/blog/[slug].json']);
	});

	it('rest (v2 list /, /a, /a/[...rest], /b, /b/[...rest]); +page.server.* marks a page', () => {
		const dir = fixture('manifest/rest/routes');
		assert.deepEqual(
			simplify(scanRoutes(dir).routes),
			expected(dir, [
				{
					id: '/a/[...rest]',
					pattern: /^\/a(?:\/([^]*))?\/?$/,
					pages: ['a/[...rest]/+page.server.js', 'a/[...rest]/+page.svelte']
				},
				{
					id: '/b/[...rest]',
					pattern: /^\/b(?:\/([^]*))?\/?$/,
					pages: ['b/[...rest]/+page.server.ts', 'b/[...rest]/+page.svelte']
				}
			])
		);
	});

	it('rest-prefix-suffix', () => {
		const dir = fixture('manifest/rest-prefix-suffix/routes');
		assert.deepEqual(
			simplify(scanRoutes(dir).routes),
			expected(dir, [
				{ id: '/prefix-[...rest]', pattern: /^\/prefix-([^]*?)\/?$/, pages: ['prefix-[...rest]/+page.svelte'] },
				{ id: '/[...rest].json', pattern: /^\/([^]*?)\.json\/?$/, endpoint: '[...rest].json/+server.js' }
			])
		);
	});

	it('optional (v2 list without the dir-only /, /nested and /nested/[[optional]])', () => {
		const dir = fixture('manifest/optional/routes');
		assert.deepEqual(
			simplify(scanRoutes(dir).routes),
			expected(dir, [
				{ id: '/[[foo]]bar', pattern: /^\/([^/]*)?bar\/?$/, endpoint: '[[foo]]bar/+server.js' },
				{
					id: '/nested/[[optional]]/sub',
					pattern: /^\/nested(?:\/([^/]+))?\/sub\/?$/,
					pages: ['nested/[[optional]]/sub/+page.svelte']
				},
				{ id: '/prefix[[suffix]]', pattern: /^\/prefix([^/]*)?\/?$/, pages: ['prefix[[suffix]]/+page.svelte'] },
				{ id: '/[[optional]]', pattern: /^(?:\/([^/]+))?\/?$/, pages: ['[[optional]]/+page.svelte'] }
			])
		);
	});

	it('nested-optionals', () => {
		const { routes } = scanRoutes(fixture('manifest/nested-optionals/routes'));
		assert.deepEqual(
			routes.map((r) => [r.id, r.pattern.toString()]),
			[['/[[a]]/[[b]]', /^(?:\/([^/]+))?(?:\/([^/]+))?\/?$/.toString()]]
		);
		assert.deepEqual(flags(routes[0]?.params ?? []), [
			param('a', undefined, true, false, true),
			param('b', undefined, true, false, true)
		]);
	});

	it('optional-group', () => {
		const { routes } = scanRoutes(fixture('manifest/optional-group/routes'));
		assert.deepEqual(
			routes.map((r) => [r.id, r.pattern.toString()]),
			[['/[[optional]]/(group)', /^(?:\/([^/]+))?\/?$/.toString()]]
		);
	});

	it('optional-adjacent: / and /[[optional]] do not conflict; / sorts first', () => {
		assert.deepEqual(ids(fixture('manifest/optional-adjacent/routes')), ['/', '/[[optional]]']);
	});

	it('group-optional (v2 list without the dir-only /(group) and /)', () => {
		const { routes } = scanRoutes(fixture('manifest/group-optional/routes'));
		assert.deepEqual(
			routes.map((r) => [r.id, r.pattern.toString()]),
			[['/(group)/[[optional]]', /^(?:\/([^/]+))?\/?$/.toString()]]
		);
	});

	it('nested-errors: +layout and +error files do not make routes', () => {
		const dir = fixture('manifest/nested-errors/routes');
		assert.deepEqual(
			simplify(scanRoutes(dir).routes),
			expected(dir, [{ id: '/foo/bar/baz', pattern: /^\/foo\/bar\/baz\/?$/, pages: ['foo/bar/baz/+page.svelte'] }])
		);
	});

	it('named-layouts: group ids, +page@.svelte and +page@(special).svelte', () => {
		const dir = fixture('manifest/named-layouts/routes');
		assert.deepEqual(
			simplify(scanRoutes(dir).routes),
			expected(dir, [
				{ id: '/a/a1', pattern: /^\/a\/a1\/?$/, pages: ['a/a1/+page.svelte'] },
				{ id: '/(special)/a/a2', pattern: /^\/a\/a2\/?$/, pages: ['(special)/a/a2/+page.svelte'] },
				{
					id: '/(special)/(alsospecial)/b/c/c1',
					pattern: /^\/b\/c\/c1\/?$/,
					pages: ['(special)/(alsospecial)/b/c/c1/+page.svelte']
				},
				{ id: '/b/c/c2', pattern: /^\/b\/c\/c2\/?$/, pages: ['b/c/c2/+page@.svelte'] },
				{ id: '/b/d/(special)', pattern: /^\/b\/d\/?$/, pages: ['b/d/(special)/+page.svelte'] },
				{ id: '/b/d/d1', pattern: /^\/b\/d\/d1\/?$/, pages: ['b/d/d1/+page.svelte'] },
				{
					id: '/b/d/(special)/(extraspecial)/d2',
					pattern: /^\/b\/d\/d2\/?$/,
					pages: ['b/d/(special)/(extraspecial)/d2/+page.svelte']
				},
				{
					id: '/b/d/(special)/(extraspecial)/d3',
					pattern: /^\/b\/d\/d3\/?$/,
					pages: ['b/d/(special)/(extraspecial)/d3/+page@(special).svelte']
				}
			])
		);
	});

	it('page-without-svelte-file: +page.js and +page.server.js alone mark a page', () => {
		const dir = fixture('manifest/page-without-svelte-file/routes');
		assert.deepEqual(
			simplify(scanRoutes(dir).routes),
			expected(dir, [
				{ id: '/', pattern: /^\/$/, pages: ['+page.svelte'] },
				{ id: '/error/[...path]', pattern: /^\/error(?:\/([^]*))?\/?$/, pages: ['error/[...path]/+page.js'] },
				{ id: '/layout/exists', pattern: /^\/layout\/exists\/?$/, pages: ['layout/exists/+page.svelte'] },
				{ id: '/layout/redirect', pattern: /^\/layout\/redirect\/?$/, pages: ['layout/redirect/+page.server.js'] }
			])
		);
	});

	it('hidden-underscore: files without + are ignored', () => {
		const dir = fixture('manifest/hidden-underscore/routes');
		const { routes } = scanRoutes(dir);
		assert.deepEqual(routes.map((r) => r.endpoint).filter(Boolean), [path.join(dir, 'e/f/g/h/+server.js')]);
		assert.deepEqual(
			routes.map((r) => r.id),
			['/e/f/g/h']
		);
	});

	it('hidden-dot: .well-known/dnt-policy.txt/+server.js is a route, .unknown/foo.txt.js is not', () => {
		const dir = fixture('manifest/hidden-dot/routes');
		const { routes } = scanRoutes(dir);
		assert.deepEqual(routes.map((r) => r.endpoint).filter(Boolean), [path.join(dir, '.well-known/dnt-policy.txt/+server.js')]);
		assert.deepEqual(
			routes.map((r) => [r.id, r.pattern.toString()]),
			[['/.well-known/dnt-policy.txt', /^\/\.well-known\/dnt-policy\.txt\/?$/.toString()]]
		);
	});

	it('directories starting with _ or . are walked like any other', () => {
		assert.deepEqual(ids(fixture('manifest/prefixed-dirs/routes')), ['/.x', '/_x']);
	});

	it('allows multiple slugs', () => {
		const dir = fixture('manifest/multiple-slugs/routes');
		const { routes } = scanRoutes(dir);
		assert.deepEqual(
			simplify(routes),
			expected(dir, [{ id: '/[file].[ext]', pattern: /^\/([^/]+?)\.([^/]+?)\/?$/, endpoint: '[file].[ext]/+server.js' }])
		);
		assert.deepEqual(flags(routes[0]?.params ?? []), [
			param('file', undefined, false, false, false),
			param('ext', undefined, false, false, false)
		]);
	});

	it('ignores things that look like lockfiles (+server.js_tmp)', () => {
		const dir = fixture('manifest/lockfiles/routes');
		assert.deepEqual(
			simplify(scanRoutes(dir).routes),
			expected(dir, [{ id: '/foo', pattern: /^\/foo\/?$/, endpoint: 'foo/+server.js' }])
		);
	});

	it('skips +….d.ts declarations, files without +, unknown extensions; +server.mjs is an endpoint', () => {
		const dir = fixture('manifest/skipped-files/routes');
		const warnings: string[] = [];
		assert.deepEqual(
			simplify(scanRoutes(dir, { warn: (message) => warnings.push(message) }).routes),
			expected(dir, [
				{ id: '/', pattern: /^\/$/, endpoint: '+server.js' },
				{ id: '/mjs', pattern: /^\/mjs\/?$/, endpoint: 'mjs/+server.mjs' }
			])
		);
		assert.deepEqual(warnings, [
			'Missing route file prefix. Did you mean +page.svelte? at test/fixtures/manifest/skipped-files/routes/page.svelte',
			'Missing route file prefix. Did you mean +server.js? at test/fixtures/manifest/skipped-files/routes/server.js'
		]);
	});

	it('follows symlinked directories', () => {
		const dir = fixture('manifest/symlinks/routes');
		const { routes } = scanRoutes(dir);
		assert.deepEqual(
			routes.map((r) => r.id),
			['/', '/foo']
		);
		assert.equal(path.basename(routes[1]?.endpoint ?? ''), '+server.js');
	});

	it('encoding: [x+22], [x+23], [x+3f] (order and patterns as in SvelteKit)', () => {
		const { routes } = scanRoutes(fixture('manifest/encoding/routes'));
		assert.deepEqual(
			routes.map((r) => [r.id, r.pattern.toString()]),
			[
				['/', /^\/$/.toString()],
				['/[x+3f]', /^\/%3[Ff]\/?$/.toString()],
				['/[x+23]', /^\/%23\/?$/.toString()],
				['/[x+22]', /^\/"\/?$/.toString()]
			]
		);
	});

	it('encoding, v3 rows: [x+5b], [x+5d], [u+1f600] (deliberately supported)', () => {
		const { routes } = scanRoutes(fixture('manifest/encoding-v3/routes'));
		assert.deepEqual(
			routes.map((r) => [r.id, r.pattern.toString()]),
			[
				['/[x+5d]', /^\/\]\/?$/.toString()],
				['/[x+5b]', /^\/\[\/?$/.toString()],
				['/[u+1f600]', /^\/😀\/?$/.toString()]
			]
		);
	});

	it('a page and a +server in one directory are one route', () => {
		const dir = fixture('manifest/exports/routes');
		const dual = scanRoutes(dir).routes.find((r) => r.id === '/dual');
		assert.ok(dual);
		assert.equal(dual.endpoint, path.join(dir, 'dual/+server.js'));
		assert.deepEqual(dual.pages, [path.join(dir, 'dual/+page.svelte')]);
	});

	it('does not report conflicts that SvelteKit accepts (rules §1.8)', () => {
		// [a=x] / [b=y] / [c]: different matchers; q: page + endpoint; a[x+2f]b vs a/b: an escaped slash is %2f
		assert.deepEqual(ids(fixture('manifest/no-conflicts/routes')), ['/p/[b=y]', '/p/[a=x]', '/p/[c]', '/q', '/s/a/b', '/s/a[x+2f]b']);
	});

	describe('param matchers (rules §1.5, §1.10)', () => {
		it('maps each matcher name to its file; .test/.spec files and non-modules are ignored', () => {
			const base = fixture('manifest/matchers');
			const { matchers, routes } = scanRoutes(path.join(base, 'routes'));
			assert.deepEqual(
				{ ...matchers },
				{
					foo: path.join(base, 'params/foo.js'),
					bar: path.join(base, 'params/bar.js')
				}
			);
			assert.deepEqual(
				routes.map((r) => r.id),
				['/[b=bar]', '/[a=foo]']
			);
		});

		it('the params option replaces the default params dir', () => {
			const base = fixture('manifest/matchers');
			const { matchers } = scanRoutes(fixture('manifest/basic/routes'), { params: path.join(base, 'params') });
			assert.deepEqual(Object.keys(matchers).sort(), ['bar', 'foo']);
		});

		it('no params dir means no matchers', () => {
			assert.deepEqual({ ...scanRoutes(fixture('manifest/basic/routes')).matchers }, {});
		});
	});

	describe('empty and missing routes dirs', () => {
		it('a routes dir with a sub-directory but no route file is not "No routes found" (rules §1.1)', () => {
			assert.deepEqual(scanRoutes(fixture('manifest/empty-subdir/routes')).routes, []);
		});

		it('a missing routes dir is a RouteTreeError (deliberate difference from SvelteKit)', () => {
			assert.throws(() => scanRoutes(fixture('manifest/does-not-exist/routes')), RouteTreeError);
		});
	});
});
