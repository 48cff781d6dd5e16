// rules §1.6 exec table on real trees: test/fixtures/exec/NN/routes holds the table's route as a
// +server.js, loaded with the shared matchers of test/fixtures/exec/params.
import assert from 'node:assert/strict';
import { loadRouteTree, type RouteTree } from '../../src/routes/index.js';
import { parseRouteId } from '../../src/routes/parse.js';
import { EXEC_CASES } from './exec-table.js';
import { defined, fixture, isTreeError } from './helpers.js';

const params = fixture('exec/params');

describe('exec table on real route trees (loadRouteTree + match)', () => {
	for (const { fixture: name, route, paths } of EXEC_CASES) {
		// rows kept off disk are tested directly below and in exec.test
		if (name === null) continue;

		describe(`exec/${name}: ${route}`, () => {
			let tree: RouteTree;
			before(async () => {
				tree = await loadRouteTree(fixture('exec', name, 'routes'), { params });
			});

			it('loads as the one route, with the pattern of parseRouteId', () => {
				assert.deepEqual(
					tree.routes.map((r) => r.id),
					[route]
				);
				const [only] = tree.routes;
				assert.ok(only);
				assert.equal(only.pattern.toString(), parseRouteId(route).pattern.toString());
				assert.deepEqual(only.methods, ['GET']);
				assert.deepEqual(Object.keys(tree.matchers).sort(), ['doesntmatch', 'matches']);
			});

			for (const [path, expected] of paths) {
				// a URL path cannot hold a raw newline: request it percent-encoded
				const requested = path.replace(/\n/g, '%0A');
				it(`${JSON.stringify(requested)} -> ${expected ? JSON.stringify(expected) : 'null'}`, () => {
					const found = tree.match(requested);
					if (expected === null) {
						assert.equal(found, null);
						return;
					}
					assert.ok(found, 'expected a match');
					assert.equal(found.route, tree.routes[0]);
					// RouteMatch.params omits absent optionals (`lang: undefined` in the table)
					assert.deepEqual(found.params, defined(expected));
				});
			}
		});
	}

	it('/[[...catchall]] is rejected at build time', async () => {
		await assert.rejects(loadRouteTree(fixture('bad-trees/optional-rest/routes')), (err) =>
			isTreeError(err, [
				{
					re: /Invalid route \/\[\[\.\.\.catchall\]\] — a rest route segment is always optional, remove the outer square brackets/
				}
			])
		);
	});

	it('/[[slug1=doesntmatch]]/[[slug2=matches]]/[[slug3=doesntmatch]]/[...rest].json is rejected at build time', async () => {
		const id = '/[[slug1=doesntmatch]]/[[slug2=matches]]/[[slug3=doesntmatch]]/[...rest].json';
		await assert.rejects(loadRouteTree(fixture('bad-trees/self-conflict/routes'), { params }), (err) =>
			isTreeError(err, [{ re: /routes conflict with each other/, names: [`The "${id}" and "${id}"`] }])
		);
	});
});
