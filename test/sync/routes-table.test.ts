// The PARAMS column of `kit-endpoints routes`: each param as `$types.d.ts` types it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipWithoutKit3Node } from '../support/kit3-node.js';

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

describe('kit-endpoints routes: a SvelteKit 3 tree', () => {
	skipWithoutKit3Node();
	const run = (...args: string[]) =>
		spawnSync(process.execPath, [CLI, 'routes', ...args], {
			cwd: path.join(root, 'test', 'fixtures', 'kit3', 'routes-tree'),
			encoding: 'utf8'
		});

	it('QUERY among the methods, hyphenated params, and what a matcher returns as the type of its param', () => {
		const result = run('routes');
		assert.equal(result.status, 0, result.stderr);
		const rows = result.stdout.split('\n').map((line) => line.split(/ {2,}/));
		const row = (id: string) => rows.find((cells) => cells[0] === id);
		assert.deepEqual(row('/query'), ['/query', '^/query/?$', 'GET, QUERY, HEAD', 'no', '-']);
		assert.deepEqual(row('/blog/[page-slug]')?.[4], 'page-slug: string');
		assert.deepEqual(row('/int/[id=int]')?.[4], 'id: ParamValue (matcher int)');
		assert.deepEqual(row('/files/[...catch-all=some-matcher]')?.[4], 'catch-all: ParamValue (rest, matcher some-matcher)');
		assert.deepEqual(row('/opt/[[lang=locale]]/[...rest]')?.[4], 'lang?: ParamValue (matcher locale), rest: string (rest)');
	});

	it('a matcher missing from the params module: exit 1, naming the module', () => {
		const result = run('routes-missing-matcher', '--params', 'params-without-int.js');
		assert.equal(result.status, 1);
		assert.match(result.stderr, /No matcher found for parameter `int` in `params-without-int\.js`/);
	});

	it('a route file that fails to import: exit 1, naming the file and its error', () => {
		const result = spawnSync(process.execPath, [CLI, 'routes', 'test/fixtures/hardening/broken-import/routes'], {
			cwd: root,
			encoding: 'utf8'
		});
		assert.equal(result.status, 1);
		assert.match(result.stderr, /routes\/throws\/\+server\.js: failed to import: Error: kaboom while importing/);
		assert.equal(result.stdout, '');
	});
});
