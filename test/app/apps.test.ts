// Several apps in one process: each registration serves its own files, and modules outside
// every app resolve as Node resolves them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerApp } from '../../src/app/register.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const A = path.join(FIXTURES, 'app-kit-a');
const B = path.join(FIXTURES, 'app-kit-b');

const importFile = async (file: string): Promise<Record<string, any>> => import(pathToFileURL(file).href) as Promise<Record<string, any>>;

describe('app: two apps side by side', () => {
	let a: string;
	let b: string;

	before(() => {
		a = registerApp({
			root: path.join(A, 'src'),
			lib: path.join(A, 'src', 'lib'),
			dev: true,
			version: 'version-a',
			env: { dir: A, publicPrefix: 'PUBLIC_', privatePrefix: '' }
		});
		// B's $lib is outside its src
		b = registerApp({
			root: path.join(B, 'src'),
			lib: path.join(B, 'lib'),
			dev: false,
			version: 'version-b',
			env: { dir: B, publicPrefix: 'PUBLIC_', privatePrefix: '' }
		});
	});

	it('registers them under two ids', () => {
		assert.notEqual(a, b);
	});

	it('each route sees its own env, $app/environment and $lib', async () => {
		const seenA = (await importFile(path.join(A, 'src/routes/who/+server.ts')))._seen;
		const seenB = (await importFile(path.join(B, 'src/routes/who/+server.ts')))._seen;
		assert.deepEqual(seenA, {
			APP_NAME: 'alpha',
			PUBLIC_COLOR: 'red',
			dynamicName: 'alpha',
			dev: true,
			version: 'version-a',
			libName: 'lib of app-kit-a'
		});
		assert.deepEqual(seenB, {
			APP_NAME: 'beta',
			PUBLIC_COLOR: 'green',
			dynamicName: 'beta',
			dev: false,
			version: 'version-b',
			libName: 'lib of app-kit-b (beta)!'
		});
	});

	it('leaves importers outside every app alone', async () => {
		await assert.rejects(importFile(path.join(A, 'outside/uses-lib.js')), { code: 'ERR_MODULE_NOT_FOUND' });
		await assert.rejects(importFile(path.join(A, 'outside/env.js')), { code: 'ERR_MODULE_NOT_FOUND' });
	});
});
