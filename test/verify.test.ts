// `kit-endpoints verify`: the fixture app's route files (test/fixtures/verify-app, a SvelteKit 2
// app without an adapter) served here and by real SvelteKit, built by the CLI with the vite and
// @sveltejs/kit this repository has installed, and served by vite preview.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './support/helpers.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const APP = path.join(FIXTURES, 'verify-app');

function cli(args: string[], cwd = APP): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, [CLI, ...args], { cwd }, (error, stdout, stderr) => {
			resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
		});
	});
}

describe('kit-endpoints verify', () => {
	it('sends the requests to both, prints each difference and exits 1, leaving no temporary folder', async function () {
		this.timeout(180_000);
		const { code, stdout, stderr } = await cli(['verify', 'requests.json']);
		assert.equal(stderr, '');
		assert.equal(code, 1, stdout);
		const lines = stdout.split('\n');
		assert.ok(lines.includes('Comparing 7 requests: kit-endpoints, and SvelteKit served by vite preview'), stdout);
		for (const same of [
			'✓ hello',
			'✓ GET /api/items/1',
			'✓ a missing item',
			'✓ a JSON post from the same origin',
			'✓ a form post from another site'
		]) {
			assert.ok(lines.includes(same), `${same} in\n${stdout}`);
		}
		// SvelteKit 2 sends a Response made of a string chunked (README, "What differs")
		const plain = lines.indexOf('✗ GET /api/plain');
		assert.notEqual(plain, -1, stdout);
		assert.equal(lines[plain + 1], '    header content-length: kit-endpoints "10", SvelteKit (none)');
		assert.ok(lines.includes('- the home page: passed on by kit-endpoints (no route, or a page request): not compared'), stdout);
		assert.ok(lines.includes('1 of 7 requests differ.'), stdout);

		const work = /in (\S+kit-endpoints-verify-\S+)/.exec(stdout)?.[1];
		assert.ok(work && !fs.existsSync(work), `${work} removed`);
	});

	it('finds no difference on the routes of examples/migration (its verify.json)', async function () {
		this.timeout(180_000);
		const example = fileURLToPath(new URL('../examples/migration', import.meta.url));
		const { code, stdout, stderr } = await cli(['verify', 'verify.json'], example);
		assert.equal(stderr, '');
		assert.equal(code, 0, stdout);
		assert.match(stdout, /\n✓ a todo that does not exist\n/);
		assert.match(stdout, /\nNo differences\.\n$/);
	});

	it('refuses a requests file it cannot use, naming the problem, with exit code 2', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-requests-'));
		try {
			const file = path.join(dir, 'requests.json');
			fs.writeFileSync(file, JSON.stringify([{ path: '/api/hello' }, { method: 'GET', path: 'api/items' }]));
			const bad = await cli(['verify', file]);
			assert.equal(bad.code, 2);
			assert.equal(bad.stderr.trim(), `${file}: request 2: path must start with /`);

			fs.writeFileSync(file, '{ "requests": ');
			const broken = await cli(['verify', file]);
			assert.equal(broken.code, 2);
			assert.match(broken.stderr, /^Cannot read .*requests\.json: /);

			const missing = await cli(['verify', path.join(dir, 'nope.json')]);
			assert.equal(missing.code, 2);
			assert.match(missing.stderr, /^Cannot read .*nope\.json: ENOENT/);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('says when the app has no SvelteKit to build with', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-app-'));
		try {
			fs.mkdirSync(path.join(dir, 'src', 'routes'), { recursive: true });
			fs.writeFileSync(path.join(dir, 'requests.json'), '[{ "path": "/" }]');
			const { code, stderr } = await cli(['verify', 'requests.json'], dir);
			assert.equal(code, 2);
			assert.equal(stderr.trim(), `${dir} has no @sveltejs/kit installed: verify builds the app with the SvelteKit it has`);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
