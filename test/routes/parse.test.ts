// parseRouteId: rules §1.3 (parse_route_id table and create_manifest_data patterns) and §1.4 (escapes).
import assert from 'node:assert/strict';
import { parseRouteId } from '../../src/routes/parse.js';
import { scanRoutes } from '../../src/routes/scan.js';
import { fixture, flags, param, type Flags } from './helpers.js';

interface Row {
	id: string;
	pattern: RegExp;
	params: Flags[];
}

/** rules §1.3 "parse_route_id cases" (v2 rows; the v3 rows follow below). */
const PARSE_TABLE: Row[] = [
	{ id: '/', pattern: /^\/$/, params: [] },
	{ id: '/blog', pattern: /^\/blog\/?$/, params: [] },
	{ id: '/blog.json', pattern: /^\/blog\.json\/?$/, params: [] },
	{ id: '/blog/[slug]', pattern: /^\/blog\/([^/]+?)\/?$/, params: [param('slug', undefined, false, false, false)] },
	{
		id: '/blog/[slug].json',
		pattern: /^\/blog\/([^/]+?)\.json\/?$/,
		params: [param('slug', undefined, false, false, false)]
	},
	{ id: '/blog/[[slug]]', pattern: /^\/blog(?:\/([^/]+))?\/?$/, params: [param('slug', undefined, true, false, true)] },
	{
		id: '/blog/[[slug=type]]/sub',
		pattern: /^\/blog(?:\/([^/]+))?\/sub\/?$/,
		params: [param('slug', 'type', true, false, true)]
	},
	{
		id: '/blog/[[slug]].json',
		pattern: /^\/blog\/([^/]*)?\.json\/?$/,
		params: [param('slug', undefined, true, false, false)]
	},
	{ id: '/[...catchall]', pattern: /^(?:\/([^]*))?\/?$/, params: [param('catchall', undefined, false, true, true)] },
	{
		id: '/foo/[...catchall]/bar',
		pattern: /^\/foo(?:\/([^]*))?\/bar\/?$/,
		params: [param('catchall', undefined, false, true, true)]
	},
	{ id: '/matched/[id=uuid]', pattern: /^\/matched\/([^/]+?)\/?$/, params: [param('id', 'uuid', false, false, false)] },
	{ id: '/@-symbol/[id]', pattern: /^\/@-symbol\/([^/]+?)\/?$/, params: [param('id', undefined, false, false, false)] }
];

/** rules §1.3 "create_manifest_data patterns" (every id, including the dir-only ones). */
const MANIFEST_PATTERNS: Array<[string, RegExp]> = [
	['/', /^\/$/],
	['/about', /^\/about\/?$/],
	['/blog.json', /^\/blog\.json\/?$/],
	['/blog', /^\/blog\/?$/],
	['/blog/[slug].json', /^\/blog\/([^/]+?)\.json\/?$/],
	['/blog/[slug]', /^\/blog\/([^/]+?)\/?$/],
	['/a/[...rest]', /^\/a(?:\/([^]*))?\/?$/],
	['/prefix-[...rest]', /^\/prefix-([^]*?)\/?$/],
	['/[...rest].json', /^\/([^]*?)\.json\/?$/],
	['/[[foo]]bar', /^\/([^/]*)?bar\/?$/],
	['/nested/[[optional]]/sub', /^\/nested(?:\/([^/]+))?\/sub\/?$/],
	['/nested/[[optional]]', /^\/nested(?:\/([^/]+))?\/?$/],
	['/prefix[[suffix]]', /^\/prefix([^/]*)?\/?$/],
	['/[[optional]]', /^(?:\/([^/]+))?\/?$/],
	['/[[a]]/[[b]]', /^(?:\/([^/]+))?(?:\/([^/]+))?\/?$/],
	['/[[optional]]/(group)', /^(?:\/([^/]+))?\/?$/],
	['/(group)', /^\/$/],
	['/(group)/[[optional]]', /^(?:\/([^/]+))?\/?$/],
	['/[file].[ext]', /^\/([^/]+?)\.([^/]+?)\/?$/],
	['/foo', /^\/foo\/?$/],
	['/(special)/a/a2', /^\/a\/a2\/?$/],
	['/b/d/(special)', /^\/b\/d\/?$/],
	['/[x+22]', /^\/"\/?$/],
	['/[x+23]', /^\/%23\/?$/],
	['/[x+3f]', /^\/%3[Ff]\/?$/]
];

describe('parseRouteId', () => {
	describe('rules §1.3 parse_route_id table', () => {
		for (const row of PARSE_TABLE) {
			it(`${row.id} -> ${row.pattern}`, () => {
				const { pattern, params } = parseRouteId(row.id);
				assert.equal(pattern.toString(), row.pattern.toString());
				assert.deepEqual(flags(params), row.params);
			});
		}
	});

	describe('rules §1.3 create_manifest_data patterns', () => {
		for (const [id, expected] of MANIFEST_PATTERNS) {
			it(`${id} -> ${expected}`, () => {
				assert.equal(parseRouteId(id).pattern.toString(), expected.toString());
			});
		}

		it('marks rest params inside a segment as chained only when nothing precedes them', () => {
			assert.deepEqual(flags(parseRouteId('/prefix-[...rest]').params), [param('rest', undefined, false, true, false)]);
			assert.deepEqual(flags(parseRouteId('/[...rest].json').params), [param('rest', undefined, false, true, true)]);
		});

		it('lists params of one segment in order', () => {
			assert.deepEqual(flags(parseRouteId('/[file].[ext]').params), [
				param('file', undefined, false, false, false),
				param('ext', undefined, false, false, false)
			]);
		});

		it('drops group segments anywhere in the id', () => {
			const { pattern, params } = parseRouteId('/(group1)/[slug]/(group2)');
			assert.equal(pattern.toString(), /^\/([^/]+?)\/?$/.toString());
			assert.deepEqual(flags(params), [param('slug', undefined, false, false, false)]);
		});
	});

	describe('rules §1.3 rows marked v3 (deliberately supported: [x+5b], [x+5d]; v2 param names)', () => {
		it('/[x+5b] -> /^\\/\\[\\/?$/', () => {
			assert.equal(parseRouteId('/[x+5b]').pattern.toString(), /^\/\[\/?$/.toString());
			assert.deepEqual(parseRouteId('/[x+5b]').params, []);
		});

		it('/[x+5d] -> /^\\/\\]\\/?$/', () => {
			assert.equal(parseRouteId('/[x+5d]').pattern.toString(), /^\/\]\/?$/.toString());
		});

		it('/[u+1f600] uses the full code point (v3 behaviour, not the v2 U+F600 bug)', () => {
			assert.equal(parseRouteId('/[u+1f600]').pattern.toString(), /^\/😀\/?$/.toString());
			assert.ok(parseRouteId('/[u+1f600]').pattern.test('/😀'));
			assert.ok(!parseRouteId('/[u+1f600]').pattern.test('/\uf600'));
		});

		// v2 allows word characters only in param and matcher names (rules §1.3 rule 4, §1.7).
		const message = (content: string) =>
			new RegExp(
				`^Invalid param: ${content.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Params and matcher names can only have underscores and alphanumeric characters\\.$`
			);
		for (const [id, content] of [
			['/blog/[page-slug]', 'page-slug'],
			['/blog/[page-slug=positive-integer]', 'page-slug=positive-integer'],
			['/[...catch-all=some-matcher]', '...catch-all=some-matcher'],
			['/[foo=bar-baz]', 'foo=bar-baz']
		] as const) {
			it(`rejects ${id} with SvelteKit v2's message`, () => {
				assert.throws(
					() => parseRouteId(id),
					(err: unknown) => {
						assert.ok(err instanceof Error);
						assert.match(err.message, message(content));
						return true;
					}
				);
			});
		}
	});

	describe('rules §1.3 static text and §1.4 escapes', () => {
		const cases: Array<[string, RegExp]> = [
			['/[x+3a]-[x+29]', /^\/:-\)\/?$/],
			['/[x+23]', /^\/%23\/?$/],
			['/[x+2f]', /^\/%2[Ff]\/?$/],
			['/[x+3f]', /^\/%3[Ff]\/?$/],
			['/[x+25]', /^\/%25\/?$/],
			['/[x+3c]', /^\/<\/?$/],
			['/[u+82d7]', /^\/苗\/?$/],
			['/[u+d83e][u+dd2a]', /^\/🤪\/?$/],
			['/[u+d83e-dd2a]', /^\/🤪\/?$/],
			['/esc/[x+3f]q', /^\/esc\/%3[Ff]q\/?$/],
			['/100%', /^\/100%25\/?$/],
			['/a?b', /^\/a%3[Ff]b\/?$/],
			['/a#b', /^\/a%23b\/?$/],
			['/a.b+c(d)', /^\/a\.b\+c\(d\)\/?$/]
		];
		for (const [id, expected] of cases) {
			it(`${id} -> ${expected}`, () => {
				const { pattern, params } = parseRouteId(id);
				assert.equal(pattern.toString(), expected.toString());
				assert.deepEqual(params, []);
			});
		}

		it('an escape counts as static text between two params: /[x][x+3c][y]', () => {
			const { pattern, params } = parseRouteId('/[x][x+3c][y]');
			assert.equal(pattern.toString(), /^\/([^/]+?)<([^/]+?)\/?$/.toString());
			assert.deepEqual(flags(params), [param('x', undefined, false, false, false), param('y', undefined, false, false, false)]);
		});

		it('normalises static text to NFC', () => {
			const decomposed = parseRouteId('/cafe\u0301').pattern;
			assert.equal(decomposed.toString(), parseRouteId('/caf\u00e9').pattern.toString());
			assert.ok(decomposed.test('/caf\u00e9'));
			assert.ok(!decomposed.test('/cafe\u0301'));
		});
	});

	it('/[[...catchall]] (invalid at build time) parses as an optional chained rest', () => {
		const { pattern, params } = parseRouteId('/[[...catchall]]');
		assert.equal(pattern.toString(), /^\/([^]*?)\/?$/.toString());
		assert.deepEqual(flags(params), [param('catchall', undefined, true, true, true)]);
	});

	describe('the same ids read from disk (test/fixtures/manifest/parse)', () => {
		it('scanRoutes gives every parse_route_id row its pattern and params', () => {
			// `/blog/[[slug]].json` lives in a tree of its own: next to `/blog/[slug].json` it would
			// conflict (rules §1.8 expands the non-final optional into `/blog/.json` and `/blog/<*>.json`).
			const scanned = [
				...scanRoutes(fixture('manifest/parse/routes')).routes,
				...scanRoutes(fixture('manifest/parse-optional-json/routes')).routes
			];
			assert.deepEqual(scanned.map((r) => r.id).sort(), PARSE_TABLE.map((r) => r.id).sort());
			for (const row of PARSE_TABLE) {
				const route = scanned.find((r) => r.id === row.id);
				assert.ok(route, row.id);
				assert.equal(route.pattern.toString(), row.pattern.toString(), row.id);
				assert.deepEqual(flags(route.params), row.params, row.id);
			}
		});
	});
});
