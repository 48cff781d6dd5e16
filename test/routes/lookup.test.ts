import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateTree, samplePaths } from '../../bench/generate.js';
import { orderedScan } from '../../bench/ordered-scan.js';
import { createMatcher } from '../../src/routes/match.js';
import { scanRoutes } from '../../src/routes/scan.js';

describe('route lookup', () => {
	let tree: ReturnType<typeof generateTree> | undefined;
	// deleting 10,000 folders can take a minute on a busy disk: not part of the test's time
	after(function () {
		this.timeout(300_000);
		if (tree) fs.rmSync(tree.root, { recursive: true, force: true });
	});

	it('returns exactly what the ordered scan returns on a generated tree of 10,000 routes', function () {
		this.timeout(120_000);
		tree = generateTree(10_000);
		const { routes: dir, ids } = tree;
		const { routes } = scanRoutes(dir);
		assert.equal(routes.length, 10_000);
		const trie = createMatcher(routes, {});
		const scan = orderedScan(routes);
		const paths = [...samplePaths(ids, 3000), '/', '//', '/section1/', '/section1//page', '/api/v1/status/', '/en/about//'];
		for (const path of paths) {
			const expected = scan(path);
			const actual = trie(path);
			assert.equal(actual?.route.id, expected?.route.id, path);
			assert.deepEqual(actual?.params, expected?.params, path);
		}
	});
});
