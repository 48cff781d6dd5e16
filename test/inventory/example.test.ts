// examples/migration/shadow.js: the shadowing report of the migration example, on its own routes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShadowReport } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/migration/shadow.js', () => {
	it('reports the moved API routes as new and the pages and login as not moved yet', () => {
		const result = spawnSync(process.execPath, [path.join('examples', 'migration', 'shadow.js'), '--json'], {
			cwd: root,
			encoding: 'utf8'
		});
		assert.equal(result.status, 0, result.stderr);
		const report = JSON.parse(result.stdout) as ShadowReport;
		const added = report.added.map((entry) => `${entry.method} ${entry.endpoint.id}`);
		const notMoved = report.notMoved.map((entry) => `${entry.method} ${entry.legacy.path}`);
		for (const route of ['GET /api/todos', 'POST /api/todos', 'GET /api/events']) assert.ok(added.includes(route), added.join('\n'));
		for (const route of ['GET /', 'POST /login', 'POST /logout']) assert.ok(notMoved.includes(route), notMoved.join('\n'));
	});
});
