// sortRoutes: rules §1.9 (priority order).
import assert from 'node:assert/strict';
import { scanRoutes } from '../../src/routes/scan.js';
import { sortRoutes } from '../../src/routes/sort.js';
import { fixture, shuffle } from './helpers.js';

/** rules §1.9 "sorts routes correctly". */
const SORTED = [
	'/',
	'/a',
	'/b',
	'/b/[required]',
	'/c',
	'/c/bar',
	'/c/b[x].json',
	'/c/b[x]',
	'/c/foo',
	'/d/e',
	'/d/e[...rest]',
	'/e/f',
	'/e/[...rest]/f',
	'/f/static[...rest]',
	'/f/[...rest]static',
	'/g/[[optional]]/static',
	'/g/[required]',
	'/g/[...rest]/[required]',
	'/h/a/b',
	'/h/a/[required]/b',
	'/h/a/[...rest]/b',
	'/x/[...rest]',
	'/[...rest]/x',
	'/[...rest]/x/[...deep_rest]/y',
	'/[...rest]/x/[...deep_rest]',
	'/[required=matcher]',
	'/[required]',
	'/[...rest]'
];

/** rules §1.9 "Other real-fixture orders": the complete v2 route lists, dir-only routes included. */
const FIXTURE_ORDERS: Record<string, string[]> = {
	rest: ['/', '/a', '/a/[...rest]', '/b', '/b/[...rest]'],
	'rest-prefix-suffix': ['/', '/prefix-[...rest]', '/[...rest].json'],
	optional: ['/', '/[[foo]]bar', '/nested', '/nested/[[optional]]/sub', '/nested/[[optional]]', '/prefix[[suffix]]', '/[[optional]]'],
	'nested-optionals': ['/', '/[[a]]/[[b]]', '/[[a]]'],
	'optional-group': ['/', '/[[optional]]/(group)', '/[[optional]]'],
	'optional-adjacent': ['/', '/[[optional]]'],
	'group-optional': ['/(group)', '/', '/(group)/[[optional]]'],
	basic: ['/', '/about', '/blog.json', '/blog', '/blog/[slug].json', '/blog/[slug]'],
	'nested-errors': ['/', '/foo', '/foo/bar', '/foo/bar/baz'],
	'named-layouts': [
		'/a/a1',
		'/(special)/a/a2',
		'/(special)/(alsospecial)/b/c/c1',
		'/b/c/c2',
		'/b/d/(special)',
		'/b/d/d1',
		'/b/d/(special)/(extraspecial)/d2',
		'/b/d/(special)/(extraspecial)/d3'
	],
	'page-without-svelte-file': ['/', '/error', '/error/[...path]', '/layout', '/layout/exists', '/layout/redirect'],
	// encoding (rules §1.3): escapes sort as ordinary `[...]` parts, so the tie-break (reverse id order) decides
	encoding: ['/', '/[x+3f]', '/[x+23]', '/[x+22]']
};

function sortIds(ids: readonly string[]): string[] {
	return sortRoutes(ids.map((id) => ({ id }))).map((r) => r.id);
}

describe('sortRoutes', () => {
	describe('rules §1.9 sorts routes correctly', () => {
		for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 42, 1234]) {
			it(`shuffled with seed ${seed}`, () => {
				assert.deepEqual(sortIds(shuffle(SORTED, seed)), SORTED);
			});
		}

		it('from reversed and from already sorted input', () => {
			assert.deepEqual(sortIds([...SORTED].reverse()), SORTED);
			assert.deepEqual(sortIds(SORTED), SORTED);
		});

		it('sorts in place, returns the same array and keeps the objects', () => {
			const routes = shuffle(SORTED, 99).map((id, n) => ({ id, n }));
			const copy = [...routes];
			const result = sortRoutes(routes);
			assert.equal(result, routes);
			assert.deepEqual(
				result.map((r) => r.id),
				SORTED
			);
			for (const route of result) assert.ok(copy.includes(route));
		});

		it('as a real tree: scanRoutes(test/fixtures/manifest/sort) lists the ids in this order', () => {
			// Every id of the list has a +server.js; none of them conflict (rules §1.8), so the whole list is on disk.
			const { routes } = scanRoutes(fixture('manifest/sort/routes'));
			assert.deepEqual(
				routes.map((r) => r.id),
				SORTED
			);
		});
	});

	it('rules §1.9 documented example: foo-abc > foo-[c] > [[a=x]] > [b] > [...catchall]', () => {
		const expected = ['/foo-abc', '/foo-[c]', '/[[a=x]]', '/[b]', '/[...catchall]'];
		for (const seed of [1, 2, 3, 4, 5]) {
			assert.deepEqual(sortIds(shuffle(expected, seed)), expected);
		}
	});

	describe('rules §1.9 other real-fixture orders (pure ids, v2 lists)', () => {
		for (const [name, expected] of Object.entries(FIXTURE_ORDERS)) {
			it(name, () => {
				for (const seed of [1, 2, 3, 4, 5]) {
					assert.deepEqual(sortIds(shuffle(expected, seed)), expected, `seed ${seed}`);
				}
			});
		}
	});

	describe('rules §1.9 comparator details', () => {
		const pairs: Array<[string, string, string]> = [
			['static suffix beats none', '/c/b[x].json', '/c/b[x]'],
			['longer static text first', '/foobar', '/foo'],
			['lower code unit first', '/a', '/b'],
			['shallower first', '/a', '/a/b'],
			['matcher beats no matcher', '/[a=m]', '/[a]'],
			['required beats optional', '/[a]', '/[[a]]'],
			['required beats rest', '/[a]', '/[...a]'],
			['rest followed by static beats required', '/[...a]/x', '/[b]'],
			['required followed by static beats rest followed by static', '/[a]/x', '/[...b]/x'],
			['non-final optional is ignored: x/[[y]]/z sorts as x/z', '/x/[[y]]/z', '/x/[a]'],
			['non-final optional is ignored, then the tie-break decides', '/x/z', '/x/[[y]]/z'],
			['an optional followed only by groups is kept', '/x/[[y]]/z', '/x/[[y]]/(g)'],
			['tie: greater id first', '/[b]', '/[a]']
		];
		for (const [label, first, second] of pairs) {
			it(`${label}: ${first} before ${second}`, () => {
				assert.deepEqual(sortIds([second, first]), [first, second]);
				assert.deepEqual(sortIds([first, second]), [first, second]);
			});
		}
	});
});
