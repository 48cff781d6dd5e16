// SvelteKit 3.2.0's imports in route files, hooks and `#lib` modules, in `kit: 3` mode over
// Express and Koa: `$app/env`, the variables `src/env` declares in `$app/env/private` and
// `/public`, `$app/server`, the deprecated `$app/environment` and `$env/*`, `#lib` subpath
// imports, `@sveltejs/kit/hooks`' `sequence`, `@sveltejs/kit/params` and `@sveltejs/kit/env`
// (exports/vite/index.js, runtime/app/env, runtime/env, core/env.js); then what fails, and how.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { AppLoadError, endpoints } from '../../src/index.js';
import { FIXTURES, call, captureConsole, jsonOf } from '../support/helpers.js';
import { describeHosts, type Host, type TestApp } from '../support/hosts.js';
import { skipBelowKit3Node } from '../support/kit3-fixtures.js';

const APP = path.join(FIXTURES, 'kit3', 'imports');
const CASES = path.join(FIXTURES, 'kit3', 'imports-cases');
const HOSTS = ['express', 'koa'] as const;

/** An app of `imports-cases/<name>` in kit 3 mode (unless `options` says otherwise), not awaited. */
function caseApp(host: Host, name: string, options: Record<string, unknown> = {}) {
	const dir = path.join(CASES, name);
	return host.createApp({ routes: path.join(dir, 'src', 'routes'), options: { kit: 3, env: { dir }, ...options }, ready: false });
}

/** The problems of an app that must not load. */
async function loadProblems(ready: Promise<void>): Promise<string[]> {
	const error = await ready.then(
		() => assert.fail('the app loaded'),
		(error: unknown) => error
	);
	assert.ok(error instanceof AppLoadError, String(error));
	return [...error.problems];
}

/**
 * What the start-up log says of an app whose route files fail to import: the app loads all the
 * same, and those routes answer 500.
 */
async function failedRoutes(host: Host, name: string, options: Record<string, unknown> = {}): Promise<string> {
	const { output } = await captureConsole(async () => {
		const t = await caseApp(host, name, options);
		await t.middleware.ready;
		const res = await call(request(t.app).get('/').set('accept', 'application/json'));
		assert.equal(res.status, 500);
		// SvelteKit 3's body has the status too
		assert.equal((jsonOf(res) as { message: string }).message, 'Internal Error');
	});
	assert.match(output, /\+server\.js failed to import, so \/ answers 500 until it is fixed: /);
	return output;
}

describeHosts(
	'kit 3: the imports of SvelteKit 3.2.0',
	(host) => {
		skipBelowKit3Node();
		let app: Awaited<ReturnType<Host['createApp']>>['app'];
		before(async () => {
			const t = await host.createApp({
				routes: path.join(APP, 'src', 'routes'),
				options: { kit: 3, env: { dir: APP }, hooks: path.join(APP, 'src', 'hooks.server.ts'), version: 'v3-fixture' }
			});
			app = t.app;
		});

		it('$app/env: browser, building, dev, version', async () => {
			const body = jsonOf(await call(request(app).get('/imports'))) as Record<string, unknown>;
			assert.deepEqual(body.env, { browser: false, building: false, dev: false, version: 'v3-fixture' });
		});

		it('$app/env/private and /public hold what src/env declares, as its schemas return them, and nothing else', async () => {
			const body = jsonOf(await call(request(app).get('/imports'))) as Record<string, unknown>;
			// FIXTURE_PORT's schema made a number; OPTIONAL is unset and its schema gave a default
			assert.deepEqual(body.private, { FIXTURE_PORT: 8080, OPTIONAL: 'fallback', SECRET_TOKEN: 'from-dotenv' });
			assert.equal(body.portType, 'number');
			// NOT_DECLARED is in .env but not in src/env; PUBLIC_GREETING is public by its `public: true`, not its name
			assert.deepEqual(body.public, { PUBLIC_GREETING: 'hello' });
		});

		it("$app/server getRequestEvent(), #lib and #lib/... (with Vite's extension rules), and @sveltejs/kit/params", async () => {
			const body = jsonOf(await call(request(app).get('/imports'))) as Record<string, unknown>;
			assert.equal(body.event, '/imports');
			// `#lib` maps to src/lib/index.js and `#lib/server/db.js` to db.js: the .ts files stand in, as under Vite
			assert.deepEqual(body.lib, { name: 'lib index', db: { token: 'from-dotenv', kind: 'db.ts' }, tool: 'tools.ts' });
			assert.deepEqual(body.matcher, [{ value: 12 }, { issues: [{ message: 'Invalid param' }] }]);
		});

		it('the deprecated $app/environment and $env/* are aliases of $app/env and $app/env/*', async () => {
			const body = jsonOf(await call(request(app).get('/legacy'))) as Record<string, unknown>;
			assert.deepEqual(body.environment, { browser: false, building: false, dev: false, version: 'v3-fixture' });
			const declaredPrivate = { FIXTURE_PORT: 8080, OPTIONAL: 'fallback', SECRET_TOKEN: 'from-dotenv' };
			assert.deepEqual(body.staticPrivate, declaredPrivate);
			assert.deepEqual(body.dynamicPrivate, declaredPrivate);
			assert.deepEqual(body.staticPublic, { PUBLIC_GREETING: 'hello' });
			assert.deepEqual(body.dynamicPublic, { PUBLIC_GREETING: 'hello' });
			assert.equal(body.dynamicKind, '[object Module]');
		});

		it("sequence from @sveltejs/kit/hooks chains handle, with getRequestEvent() in each (SvelteKit's own needs its runtime)", async () => {
			const res = await call(request(app).get('/sequence'));
			assert.equal(res.status, 200);
			assert.equal(res.headers['x-first'], 'after');
			const order = ['first', 'second', 'same event'];
			assert.deepEqual(jsonOf(res), { locals: { order }, fromStore: { order } });
		});
	},
	HOSTS
);

describeHosts(
	'kit 3: imports that fail',
	(host) => {
		skipBelowKit3Node();

		it("$lib is gone: the route fails with SvelteKit 3's message, which points at #lib", async () => {
			const output = await failedRoutes(host, 'lib-removed');
			assert.match(output, /until it is fixed: Error: module_removed_lib\n`\$lib` has been removed\. Use `#lib` instead/);
			assert.match(output, /give kit-endpoints the `lib` option/);
			assert.match(output, /https:\/\/svelte\.dev\/e\/kit\/module_removed_lib/);
		});

		it('...unless the lib option is given, as SvelteKit 3 keeps $lib for an `alias`', async () => {
			const dir = path.join(CASES, 'lib-option');
			const t = await host.createApp({
				routes: path.join(dir, 'src', 'routes'),
				options: { kit: 3, env: { dir }, lib: path.join(dir, 'src', 'lib') }
			});
			const res = await call(request(t.app).get('/'));
			assert.equal(res.text, 'lib name');
		});

		it("...or the app's svelte.config.js has it in kit.alias", async () => {
			const dir = path.join(CASES, 'lib-alias');
			const t = await host.createApp({ routes: path.join(dir, 'src', 'routes'), options: { kit: 3, env: { dir } } });
			const res = await call(request(t.app).get('/'));
			assert.equal(res.text, 'lib from the alias');
		});

		it('values the schemas refuse, and declared variables that are not set: every one listed, as SvelteKit lists them', async () => {
			const problems = await loadProblems((await caseApp(host, 'env-invalid')).middleware.ready);
			assert.deepEqual(problems, [
				[
					'test/fixtures/kit3/imports-cases/env-invalid/src/env.js: env_invalid',
					'Invalid environment variables:',
					'',
					'FIXTURE_PORT',
					'  - FIXTURE_PORT must be an integer',
					'',
					'FIXTURE_API_KEY',
					'  - Value is missing. If it is optional, add a validator declaring it as such.',
					'',
					'NOT_A_SCHEMA',
					'  - Variable was configured with a validator that does not implement Standard Schema',
					'',
					'https://svelte.dev/e/kit/env_invalid'
				].join('\n')
			]);
		});

		it('src/env without a variables export', async () => {
			const problems = await loadProblems((await caseApp(host, 'env-missing')).middleware.ready);
			assert.equal(problems.length, 1);
			assert.match(problems[0]!, /env\.js: env_variables_missing\n`[^`]*env-missing\/src\/env\.js` must export a variables object\n/);
		});

		it('a variable name no export can have', async () => {
			const problems = await loadProblems((await caseApp(host, 'env-name')).middleware.ready);
			assert.match(problems[0]!, /env_invalid_variable_name\nInvalid environment variable name `"API-KEY"`\n/);
		});

		it('src/env importing $app/env/private, through what it imports: a circular dependency', async () => {
			const problems = await loadProblems((await caseApp(host, 'env-circular')).middleware.ready);
			assert.equal(problems.length, 1);
			assert.match(
				problems[0]!,
				/env\.js: failed to import: Error: env_circular_import\nModule `test\/fixtures\/kit3\/imports-cases\/env-circular\/src\/shared\.js` imports `\$app\/env\/private`, which creates a circular dependency with `src\/env`/
			);
		});

		it('defineEnvVars from @sveltejs/kit/hooks says where it moved', async () => {
			const problems = await loadProblems((await caseApp(host, 'env-moved')).middleware.ready);
			assert.match(problems[0]!, /define_env_vars_moved\n`defineEnvVars` has moved — import it from `@sveltejs\/kit\/env` instead/);
		});

		it('a variable src/env does not declare is not in $env/static/private: the route fails to link', async () => {
			const output = await failedRoutes(host, 'undeclared');
			assert.match(output, /does not provide an export named 'NOT_DECLARED'/);
		});

		it('a virtual module kit-endpoints does not provide names those it does', async () => {
			const output = await failedRoutes(host, 'unsupported');
			const line = output.split('\n').find((text) => text.startsWith('kit-endpoints: ')) ?? '';
			assert.match(line, /Cannot find module '\$app\/paths'/);
			assert.match(line, /kit-endpoints provides \$app\/env, .*\$app\/env\/private.*, and no other SvelteKit virtual module/);
			assert.doesNotMatch(line, /\$lib/);
		});

		it("kit: 2 keeps SvelteKit 2's set: $app/env is not one of its modules", async () => {
			const output = await failedRoutes(host, 'kit2', { kit: 2 });
			assert.match(
				output,
				/Cannot find module '\$app\/env'.*kit-endpoints provides \$lib, \$env\/static\/private, .* \$app\/environment and \$app\/server,/
			);
		});
	},
	HOSTS
);

describe('kit 3: the deprecated imports in development mode', () => {
	skipBelowKit3Node();

	it("warn once each, in SvelteKit 3's words; without src/env the env modules are empty", async () => {
		const warnings: unknown[][] = [];
		const warn = console.warn;
		console.warn = (...args: unknown[]) => void warnings.push(args);
		const dir = path.join(CASES, 'dev');
		const middleware = endpoints(path.join(dir, 'src', 'routes'), { kit: 3, dev: true, env: { dir } });
		try {
			await middleware.ready;
		} finally {
			console.warn = warn;
		}
		const res = await call(request(express().use(middleware)).get('/'));
		assert.deepEqual(jsonOf(res), { dev: true, private: [], public: [] });
		const texts = warnings.map(([text, ...styles]) => {
			assert.deepEqual(styles, ['font-weight: bold', 'font-weight: normal']);
			return text;
		});
		assert.deepEqual(texts.sort(), [
			'%c[sveltekit] app_environment_deprecated\n%c`$app/environment` is deprecated, use `$app/env` instead\nhttps://svelte.dev/e/kit/app_environment_deprecated',
			'%c[sveltekit] env_module_deprecated\n%c`$env/dynamic/private` is deprecated, use `$app/env/private` instead\nhttps://svelte.dev/e/kit/env_module_deprecated',
			'%c[sveltekit] env_module_deprecated\n%c`$env/static/public` is deprecated, use `$app/env/public` instead\nhttps://svelte.dev/e/kit/env_module_deprecated'
		]);
	});
});

// no @sveltejs/kit import here, so this runs on every Node: a schema is any Standard Schema object
describeHosts(
	'kit 3: dev reloading of src/env',
	(host) => {
		let dir: string;
		let t: TestApp;
		const write = (file: string, text: string) => {
			fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			fs.writeFileSync(path.join(dir, file), text);
		};
		const declare = (variables: string) =>
			write(
				'src/env.js',
				`const optional = (fallback) => ({ schema: { '~standard': { validate: (value) => ({ value: value ?? fallback }) } } });\nexport const variables = { ${variables} };\n`
			);
		const eventually = async (url: string, expected: RegExp) => {
			const deadline = Date.now() + 5000;
			let last = '';
			while (Date.now() < deadline) {
				const res = await call(request(t.app).get(url));
				last = `${res.status} ${res.text}`;
				if (expected.test(last)) return;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			assert.fail(`GET ${url} never answered ${expected}; last: ${last}`);
		};

		before(async () => {
			dir = path.join(FIXTURES, `.tmp-kit3-env-${host.name}-${process.pid}`);
			fs.rmSync(dir, { recursive: true, force: true });
			declare(`KIT3_RELOAD_GREETING: optional('one')`);
			write(
				'src/routes/greet/+server.js',
				`import { KIT3_RELOAD_GREETING } from '$app/env/private';\nexport const GET = () => new Response(KIT3_RELOAD_GREETING);\n`
			);
			write(
				'src/routes/all/+server.js',
				`import * as env from '$app/env/private';\nexport const GET = () => Response.json(Object.keys(env));\n`
			);
			t = await host.createApp({ routes: path.join(dir, 'src', 'routes'), options: { kit: 3, dev: true, env: { dir } } });
		});
		after(() => fs.rmSync(dir, { recursive: true, force: true }));

		it('an edit of src/env applies on the next request, to every module that imports the variables', async () => {
			await eventually('/greet', /^200 one$/);
			declare(`KIT3_RELOAD_GREETING: optional('two'), KIT3_RELOAD_ADDED: optional('added')`);
			await eventually('/greet', /^200 two$/);
			await eventually('/all', /^200 \["KIT3_RELOAD_ADDED","KIT3_RELOAD_GREETING"\]$/);
		});

		it('an invalid edit is reported until it is fixed', async () => {
			const { output } = await captureConsole(async () => {
				declare(`KIT3_RELOAD_GREETING: optional('two'), KIT3_RELOAD_REQUIRED: {}`);
				await eventually('/greet', /^500 /);
			});
			assert.match(output, /env_invalid\nInvalid environment variables:\n\nKIT3_RELOAD_REQUIRED\n {2}- Value is missing/);
			declare(`KIT3_RELOAD_GREETING: optional('three')`);
			await eventually('/greet', /^200 three$/);
		});
	},
	HOSTS
);
