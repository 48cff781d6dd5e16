// The PARAMS column of `kit-endpoints routes`: each param as `$types.d.ts` types it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(root, 'dist', 'cli.js');
const PROJECT = path.join(root, 'test', 'fixtures', 'types-table');

describe('kit-endpoints routes: PARAMS', () => {
	it('shows every param with its type: optional, rest, matcher', () => {
		const result = spawnSync(process.execPath, [CLI, 'routes', 'src/routes'], { cwd: PROJECT, encoding: 'utf8' });
		assert.equal(result.status, 0, result.stderr);
		assert.equal(
			result.stdout,
			[
				'ROUTE                     PATTERN                           METHODS    PAGE  PARAMS',
				'/                         ^/$                               GET, HEAD  no    -',
				'/archive/[...when=fruit]  ^/archive(?:/([^]*))?/?$          GET, HEAD  no    when: string (rest, matcher fruit)',
				'/files/[...path]          ^/files(?:/([^]*))?/?$            GET, HEAD  no    path: string (rest)',
				'/fruit/[fruit=fruit]      ^/fruit/([^/]+?)/?$               POST       no    fruit: string (matcher fruit)',
				'/[[lang]]/items/[id]      ^(?:/([^/]+))?/items/([^/]+?)/?$  GET, HEAD  no    lang?: string, id: string',
				''
			].join('\n')
		);
	});
});
