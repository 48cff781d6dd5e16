// An app whose package.json says "type": "commonjs": Node parses its .js route files as CommonJS,
// and SvelteKit's ES module route files fail to import. The route that fails answers 500 (each
// route fails alone), and the log at start-up names the file and says the fix; both fixes work.
// Under plain Node with the built package: a TypeScript loader would compile them into CommonJS.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES } from './support/helpers.js';

const APP = path.join(FIXTURES, 'app-commonjs');

interface Served {
	error?: string;
	status?: number;
	body?: string;
}

async function serve(routes: string): Promise<Served & { log: string }> {
	const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(APP, 'serve.mjs'), path.join(APP, routes)], {
		cwd: APP
	});
	return { ...(JSON.parse(stdout) as Served), log: stderr };
}

describe('a CommonJS app', function () {
	this.timeout(30_000);

	it('answers 500 on a route whose ES module file fails to import, after a start-up log that says the fix', async () => {
		const { error, status, body, log } = await serve('src/routes');
		// the load itself succeeds: only the route that failed to import fails, and the process goes on
		assert.equal(error, undefined);
		assert.equal(status, 500);
		// SvelteKit's default handleError answer, never the stack
		assert.equal(body, '{"message":"Internal Error"}');
		const startup = log.split('\n').filter((line) => line.includes('failed to import'));
		assert.equal(startup.length, 1, log);
		const [line] = startup as [string];
		assert.match(line, /src\/routes\/hello\/\+server\.js failed to import, so \/hello answers 500 until it is fixed/);
		assert.match(line, /an ES module \(import\/export\), which Node runs as CommonJS here: package\.json has "type": "commonjs"/);
		assert.match(
			line,
			/Add a package\.json with \{"type": "module"\} to src\/ \(the folder that holds routes\/\), or name the files \.mjs/
		);
		assert.match(line, /SyntaxError: Cannot use import statement outside a module/);
		// logged before the request came
		assert.ok(log.indexOf(line) < log.indexOf('GET /hello'), log);
	});

	it('serves them with a package.json that says "type": "module" in src/', async () => {
		assert.deepEqual(await serve('src-module/routes'), { status: 200, body: '{"hello":"world"}', log: '' });
	});

	it('serves them as .mjs files', async () => {
		assert.deepEqual(await serve('src-mjs/routes'), { status: 200, body: '{"hello":"world"}', log: '' });
	});
});
