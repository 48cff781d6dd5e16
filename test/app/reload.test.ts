// Dev reloading: a route imported with ?kit-endpoints-v=N brings a fresh copy of the app's own
// files ($lib included), while node_modules and the generated modules stay shared.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerApp, VERSION_PARAM } from '../../src/app/register.js';

const APP = fileURLToPath(new URL('../fixtures/app-kit-reload/', import.meta.url));
const SRC = path.join(APP, 'src');
const ROUTE = path.join(SRC, 'routes', 'counter', '+server.ts');

async function importVersion(version?: number): Promise<Record<string, any>> {
	const url = pathToFileURL(ROUTE);
	if (version !== undefined) url.searchParams.set(VERSION_PARAM, String(version));
	return ((await import(url.href)) as Record<string, any>)._seen;
}

describe('app: ?kit-endpoints-v=N reloading', () => {
	before(() => {
		registerApp({
			root: SRC,
			lib: path.join(SRC, 'lib'),
			dev: true,
			version: 'reload',
			env: { dir: APP, publicPrefix: 'PUBLIC_', privatePrefix: '' }
		});
	});

	it('the param is kit-endpoints-v', () => {
		assert.equal(VERSION_PARAM, 'kit-endpoints-v');
	});

	it("each version evaluates the app's files afresh: the route, relative imports and $lib", async () => {
		const first = await importVersion(1);
		const second = await importVersion(2);
		assert.notEqual(first.token, second.token);
		assert.equal(second.evaluation, first.evaluation + 1);
		assert.notEqual(first.helperToken, second.helperToken);
		assert.match(first.url, /\?kit-endpoints-v=1$/);
		assert.match(second.url, /\?kit-endpoints-v=2$/);
	});

	it('within one version, the graph is one: $lib reached twice is one instance', async () => {
		const third = await importVersion(3);
		assert.equal(third.lib.token, third.token);
		assert.equal(third.lib.evaluation, third.evaluation);
		assert.equal((await importVersion(3)).token, third.token);
	});

	it('an unversioned import is an instance of its own too', async () => {
		const plain = await importVersion();
		const versioned = await importVersion(4);
		assert.notEqual(plain.token, versioned.token);
		assert.doesNotMatch(plain.url, /kit-endpoints-v/);
	});

	it('node_modules and the generated modules stay shared across versions', async () => {
		const first = await importVersion(5);
		const second = await importVersion(6);
		assert.equal(first.kit, second.kit);
		assert.equal(first.kit, await import('@sveltejs/kit'));
		assert.equal(first.environment, second.environment);
		assert.equal(first.env, second.env);
		assert.equal(first.environment.dev, true);
	});
});
