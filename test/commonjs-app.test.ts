// An app whose package.json says "type": "commonjs": Node parses its .js route files as CommonJS,
// and SvelteKit's ES module route files fail. The load error says the fix, and both fixes work.
// Under plain Node with the built package: a TypeScript loader would compile them into CommonJS.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES } from './support/helpers.js';

const APP = path.join(FIXTURES, 'app-commonjs');

async function serve(routes: string): Promise<{ error?: string; status?: number; body?: string }> {
	const { stdout } = await promisify(execFile)(process.execPath, [path.join(APP, 'serve.mjs'), path.join(APP, routes)], { cwd: APP });
	return JSON.parse(stdout) as { error?: string; status?: number; body?: string };
}

describe('a CommonJS app', function () {
	this.timeout(30_000);

	it('fails to load its ES module route files with an error that says the fix', async () => {
		const { error } = await serve('src/routes');
		assert.ok(error, 'the load fails');
		assert.match(error, /src\/routes\/hello\/\+server\.js: an ES module \(import\/export\), which Node runs as CommonJS here/);
		assert.match(error, /package\.json has "type": "commonjs"/);
		assert.match(
			error,
			/Add a package\.json with \{"type": "module"\} to src\/ \(the folder that holds routes\/\), or name the files \.mjs/
		);
		assert.match(error, /SyntaxError: Cannot use import statement outside a module/);
	});

	it('serves them with a package.json that says "type": "module" in src/', async () => {
		assert.deepEqual(await serve('src-module/routes'), { status: 200, body: '{"hello":"world"}' });
	});

	it('serves them as .mjs files', async () => {
		assert.deepEqual(await serve('src-mjs/routes'), { status: 200, body: '{"hello":"world"}' });
	});
});
