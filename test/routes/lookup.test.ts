import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateTree, samplePaths } from '../../bench/generate.js';
import { orderedScan } from '../../bench/ordered-scan.js';
import { createMatcher } from '../../src/routes/match.js';
import { scanRoutes } from '../../src/routes/scan.js';

describe('route lookup', () => {
	it('returns exactly what the ordered scan returns on a generated tree of 10,000 routes', function () {
		this.timeout(60_000);
		const { root, routes: dir, ids } = generateTree(10_000);
		try {
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
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});
});
