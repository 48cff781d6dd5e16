// `kit-endpoints sync` run as users run it, on fixture projects, and its output compiled by
// TypeScript as an editor would: through the project's own tsconfig.json.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(root, 'dist', 'cli.js');
const APP = path.join(root, 'test', 'fixtures', 'types-app');
const OUT = path.join(APP, '.svelte-kit');
const TYPES = path.join(OUT, 'types', 'src', 'routes');

// variables only the environment has, to tell them from those of the .env files
const PROCESS_ENV = { KIT_SYNC_FROM_PROCESS: '1', PUBLIC_KIT_SYNC_FROM_PROCESS: '1' };

function cli(cwd: string, ...args: string[]) {
	const result = spawnSync(process.execPath, [CLI, ...args], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, ...PROCESS_ENV }
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function syncApp(...args: string[]) {
	const result = cli(APP, 'sync', 'src/routes', ...args);
	assert.equal(result.status, 0, result.stderr);
	return result;
}

const read = (file: string) => fs.readFileSync(file, 'utf8');
const typesOf = (routeDir: string) => read(path.join(TYPES, routeDir, '$types.d.ts'));

/** The body of one `declare module 'name' { … }` block of a generated file. */
function moduleBlock(text: string, name: string): string {
	const start = text.indexOf(`declare module '${name}' {`);
	assert.notEqual(start, -1, `no declaration of ${name}`);
	return text.slice(start, text.indexOf('\n}', start));
}

/** Every diagnostic of the project, compiled through its tsconfig.json as `tsc -p` would. */
function typeCheck(project: string) {
	const configFile = path.join(project, 'tsconfig.json');
	const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
	assert.equal(error, undefined);
	const parsed = ts.parseJsonConfigFileContent(config, ts.sys, project, undefined, configFile);
	assert.deepEqual(parsed.errors, []);
	const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
	const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
		file: diagnostic.file && path.relative(project, diagnostic.file.fileName),
		code: diagnostic.code,
		message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
	}));
	return { program, options: parsed.options, diagnostics };
}

/**
 * The fixture's route files assert their param types with `Equals<…> = true`, so a wrong type
 * is a compile error. The one file that must fail reads `params.slgu` of a `[slug]` route.
 */
function assertOnlyTheTypo(diagnostics: ReturnType<typeof typeCheck>['diagnostics']): void {
	assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics, null, 2));
	const [typo] = diagnostics;
	assert.equal(typo!.file, path.join('src', 'routes', 'typo', '[slug]', '+server.ts'));
	assert.ok([2339, 2551].includes(typo!.code), `unexpected code ${typo!.code}: ${typo!.message}`);
	assert.match(typo!.message, /Property 'slgu' does not exist/);
}

const ROUTE_DIRS = [
	'',
	'(api)/health',
	'[[lang]]/about',
	'[x+2e]well-known',
	'about-page',
	'blog/[slug]',
	'env',
	'files/[...path]',
	'fruit/[fruit=fruit]',
	'items/[id=integer]',
	'shop/[[category]]/[item]',
	'typo/[slug]'
];

describe('kit-endpoints sync', () => {
	after(() => fs.rmSync(OUT, { recursive: true, force: true }));

	describe('in a project with @sveltejs/kit installed', () => {
		let first: ReturnType<typeof cli>;
		before(() => {
			fs.rmSync(OUT, { recursive: true, force: true });
			first = syncApp();
		});

		it('prints a one-line summary', () => {
			assert.equal(
				first.stdout,
				`Synced ${ROUTE_DIRS.length} routes into .svelte-kit (types from @sveltejs/kit): ${ROUTE_DIRS.length + 2} files written\n`
			);
			assert.equal(first.stderr, '');
		});

		it('writes a $types.d.ts for every route, in a mirror of the routes directory', () => {
			const files = fs
				.readdirSync(path.join(OUT, 'types'), { recursive: true, encoding: 'utf8' })
				.filter((file) => file.endsWith('.d.ts'))
				.sort();
			const expected = ROUTE_DIRS.map((dir) => path.join('src', 'routes', dir, '$types.d.ts')).sort();
			assert.deepEqual(files, expected);
		});

		it('types params from the route id: required, optional, rest, matcher; groups and escapes stay in the id', () => {
			const line = (dir: string, name: string) =>
				typesOf(dir)
					.split('\n')
					.find((text) => text.startsWith(`export type ${name} = `));
			const matcher = (name: string) => `MatcherParam<typeof import('../../../../../../src/params/${name}.js').match>`;

			assert.equal(line('blog/[slug]', 'RouteParams'), 'export type RouteParams = { slug: string };');
			assert.equal(line('[[lang]]/about', 'RouteParams'), 'export type RouteParams = { lang?: string | undefined };');
			assert.equal(line('files/[...path]', 'RouteParams'), 'export type RouteParams = { path: string };');
			assert.equal(line('fruit/[fruit=fruit]', 'RouteParams'), `export type RouteParams = { fruit: ${matcher('fruit')} };`);
			assert.equal(line('items/[id=integer]', 'RouteParams'), `export type RouteParams = { id: ${matcher('integer')} };`);
			assert.equal(
				line('shop/[[category]]/[item]', 'RouteParams'),
				'export type RouteParams = { category?: string | undefined; item: string };'
			);
			assert.equal(line('', 'RouteParams'), 'export type RouteParams = {};');

			assert.equal(line('', 'RouteId'), "export type RouteId = '/';");
			assert.equal(line('(api)/health', 'RouteId'), "export type RouteId = '/(api)/health';");
			assert.equal(line('[x+2e]well-known', 'RouteId'), "export type RouteId = '/[x+2e]well-known';");
			assert.equal(line('[x+2e]well-known', 'RouteParams'), 'export type RouteParams = {};');

			// as SvelteKit's: EntryGenerator only where there are params to generate
			assert.ok(line('blog/[slug]', 'EntryGenerator'));
			assert.equal(line('(api)/health', 'EntryGenerator'), undefined);
		});

		it("builds on @sveltejs/kit's RequestHandler and RequestEvent, and says why", () => {
			const types = typesOf('blog/[slug]');
			assert.match(types, /^\/\/ base types: @sveltejs\/kit \(@sveltejs\/kit is installed; --types kit-endpoints overrides\)$/m);
			assert.match(types, /^import type \* as Kit from '@sveltejs\/kit';$/m);
			assert.match(types, /^export type RequestHandler = Kit\.RequestHandler<RouteParams, RouteId>;$/m);
			assert.match(types, /^export type RequestEvent = Kit\.RequestEvent<RouteParams, RouteId>;$/m);
		});

		it('gives a page-only route its params and id, but no handler types', () => {
			const types = typesOf('about-page');
			assert.match(types, /^export type RouteId = '\/about-page';$/m);
			assert.doesNotMatch(types, /RequestHandler|RequestEvent/);
		});

		it("writes the tsconfig.json a SvelteKit project's own extends", () => {
			const config = JSON.parse(read(path.join(OUT, 'tsconfig.json')));
			assert.deepEqual(config.compilerOptions.rootDirs, ['..', './types']);
			assert.deepEqual(config.compilerOptions.paths, { $lib: ['../src/lib'], '$lib/*': ['../src/lib/*'] });
			assert.equal(config.compilerOptions.moduleResolution, 'bundler');
			assert.equal(config.compilerOptions.module, 'esnext');
			assert.equal(config.compilerOptions.verbatimModuleSyntax, true);
			assert.equal(config.compilerOptions.isolatedModules, true);
			assert.equal(config.compilerOptions.noEmit, true);
			assert.deepEqual(config.compilerOptions.lib.slice(0, 2), ['esnext', 'DOM']);
			for (const pattern of ['ambient.d.ts', './types/**/$types.d.ts', '../src/**/*.ts', '../src/**/*.js']) {
				assert.ok(config.include.includes(pattern), pattern);
			}
			assert.deepEqual(config.exclude, ['../node_modules/**']);
		});

		it('declares $env/* with the variables of the .env files and the environment, split by the PUBLIC_ prefix', () => {
			const ambient = read(path.join(OUT, 'ambient.d.ts'));
			const staticPrivate = moduleBlock(ambient, '$env/static/private');
			const staticPublic = moduleBlock(ambient, '$env/static/public');
			for (const name of ['SECRET_API_TOKEN', 'LOCAL_DATABASE_URL', 'KIT_SYNC_FROM_PROCESS']) {
				assert.match(staticPrivate, new RegExp(`^\texport const ${name}: string;$`, 'm'));
				assert.doesNotMatch(staticPublic, new RegExp(`\\b${name}\\b`));
			}
			for (const name of ['PUBLIC_SITE_NAME', 'PUBLIC_KIT_SYNC_FROM_PROCESS']) {
				assert.match(staticPublic, new RegExp(`^\texport const ${name}: string;$`, 'm'));
				assert.doesNotMatch(staticPrivate, new RegExp(`\\b${name}\\b`));
			}
			// the .env file has NOT-AN-IDENTIFIER too, which no `export const` can name
			assert.doesNotMatch(ambient, /NOT-AN-IDENTIFIER/);

			const dynamicPrivate = moduleBlock(ambient, '$env/dynamic/private');
			assert.match(dynamicPrivate, /^\t\tSECRET_API_TOKEN: string;$/m);
			assert.match(dynamicPrivate, /^\t\t\[key: `PUBLIC_\$\{string\}`\]: undefined;$/m);
			assert.match(dynamicPrivate, /^\t\t\[key: `\$\{string\}`\]: string \| undefined;$/m);
			assert.match(moduleBlock(ambient, '$env/dynamic/public'), /^\t\t\[key: `PUBLIC_\$\{string\}`\]: string \| undefined;$/m);
		});

		it("leaves $app/* to @sveltejs/kit's own declarations", () => {
			const ambient = read(path.join(OUT, 'ambient.d.ts'));
			assert.match(ambient, /^\/\/\/ <reference types="@sveltejs\/kit" \/>$/m);
			assert.doesNotMatch(ambient, /declare module '\$app\//);
		});

		it('route files type-check against it; a misspelled param is the one error', function () {
			this.timeout(60_000);
			const { program, diagnostics } = typeCheck(APP);
			assertOnlyTheTypo(diagnostics);
			// the checks ran on SvelteKit's types, not on some fallback
			assert.ok(program.getSourceFiles().some((file) => file.fileName.endsWith('node_modules/@sveltejs/kit/types/index.d.ts')));
		});

		it('does not rewrite what has not changed', () => {
			const files = fs
				.readdirSync(OUT, { recursive: true, encoding: 'utf8' })
				.map((file) => path.join(OUT, file))
				.filter((file) => fs.statSync(file).isFile());
			const before = new Map(files.map((file) => [file, { text: read(file), mtime: fs.statSync(file).mtimeMs }]));

			const again = syncApp();
			assert.equal(again.stdout, `Synced ${ROUTE_DIRS.length} routes into .svelte-kit (types from @sveltejs/kit): up to date\n`);
			for (const [file, { text, mtime }] of before) {
				assert.equal(read(file), text, file);
				assert.equal(fs.statSync(file).mtimeMs, mtime, file);
			}
		});
	});

	describe('--types kit-endpoints', () => {
		before(() => {
			const result = syncApp('--types', 'kit-endpoints');
			assert.match(result.stdout, /\(types from kit-endpoints\)/);
		});

		it("builds on kit-endpoints' own RequestHandler and RequestEvent, and says why", () => {
			const types = typesOf('fruit/[fruit=fruit]');
			assert.match(types, /^\/\/ base types: kit-endpoints \(chosen with --types kit-endpoints\)$/m);
			assert.match(types, /^import type \* as Endpoints from 'kit-endpoints';$/m);
			assert.match(types, /^export type RequestHandler = Endpoints\.RequestHandler<RouteParams, RouteId>;$/m);
			assert.match(types, /^export type RequestEvent = Endpoints\.RequestEvent<RouteParams, RouteId>;$/m);
			assert.doesNotMatch(types, /@sveltejs\/kit/);
		});

		it('declares $app/environment and $app/server itself, without referencing @sveltejs/kit', () => {
			const ambient = read(path.join(OUT, 'ambient.d.ts'));
			assert.doesNotMatch(ambient, /reference types/);
			for (const name of ['browser', 'dev', 'building', 'version']) {
				assert.match(moduleBlock(ambient, '$app/environment'), new RegExp(`export const ${name}: `));
			}
			const server = moduleBlock(ambient, '$app/server');
			assert.match(server, /export function getRequestEvent\(\): RequestEvent;/);
			assert.match(server, /export function read\(asset: string\): Response;/);
		});

		it("route files type-check against it, with 'kit-endpoints' resolved to this package's declarations", function () {
			this.timeout(60_000);
			const { program, options, diagnostics } = typeCheck(APP);
			assertOnlyTheTypo(diagnostics);

			// inside this repository the package name resolves through package.json's self-reference
			const from = path.join(TYPES, 'fruit', '[fruit=fruit]', '$types.d.ts');
			const resolved = ts.resolveModuleName('kit-endpoints', from, options, ts.sys).resolvedModule;
			assert.equal(resolved?.resolvedFileName, path.join(root, 'dist', 'index.d.ts'));
			assert.ok(program.getSourceFile(path.join(root, 'dist', 'types.d.ts')));
		});
	});

	describe('--out and stale types', () => {
		let out: string;
		beforeEach(() => {
			out = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-sync-'));
		});
		afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

		it('writes paths relative to the output directory', () => {
			syncApp('--out', out);
			const config = JSON.parse(read(path.join(out, 'tsconfig.json')));
			const fromOut = path.relative(out, APP).split(path.sep).join('/');
			assert.deepEqual(config.compilerOptions.rootDirs, [fromOut, './types']);
			assert.deepEqual(config.compilerOptions.paths.$lib, [`${fromOut}/src/lib`]);
			assert.ok(config.include.includes(`${fromOut}/src/**/*.ts`));

			const types = read(path.join(out, 'types', 'src', 'routes', 'fruit', '[fruit=fruit]', '$types.d.ts'));
			const matcher = path.relative(
				path.join(out, 'types', 'src', 'routes', 'fruit', '[fruit=fruit]'),
				path.join(APP, 'src', 'params', 'fruit.js')
			);
			assert.ok(types.includes(`typeof import('${matcher.split(path.sep).join('/')}').match`), types);
		});

		it("removes the types of routes that are gone, and nothing else of the output's", () => {
			syncApp('--out', out);
			const routesMirror = path.join(out, 'types', 'src', 'routes');
			const stale = path.join(routesMirror, 'gone', '[id]', '$types.d.ts');
			const otherTree = path.join(out, 'types', 'src', 'admin', '$types.d.ts');
			const notTypes = path.join(routesMirror, 'blog', 'notes.txt');
			for (const file of [stale, otherTree, notTypes]) {
				fs.mkdirSync(path.dirname(file), { recursive: true });
				fs.writeFileSync(file, '// planted\n');
			}

			const result = syncApp('--out', out);
			assert.match(result.stdout, /: up to date, 1 stale removed\n$/);
			assert.equal(fs.existsSync(stale), false);
			assert.equal(fs.existsSync(path.join(routesMirror, 'gone')), false, 'the emptied directories go too');
			assert.equal(read(otherTree), '// planted\n', "another routes directory's types stay");
			assert.equal(read(notTypes), '// planted\n');
			assert.ok(fs.existsSync(path.join(routesMirror, 'blog', '[slug]', '$types.d.ts')));
		});
	});

	describe('in a project without @sveltejs/kit', () => {
		let project: string;
		before(() => {
			// outside this repository, so that no node_modules above it has SvelteKit
			project = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-nokit-'));
			fs.mkdirSync(path.join(project, 'src', 'routes', '[id]'), { recursive: true });
			fs.writeFileSync(path.join(project, 'src', 'routes', '[id]', '+server.ts'), 'export const GET = () => new Response();\n');
		});
		after(() => fs.rmSync(project, { recursive: true, force: true }));

		it("builds on kit-endpoints' types by default", () => {
			const result = cli(project, 'sync', 'src/routes');
			assert.equal(result.status, 0, result.stderr);
			assert.match(result.stdout, /\(types from kit-endpoints\)/);
			const types = read(path.join(project, '.svelte-kit', 'types', 'src', 'routes', '[id]', '$types.d.ts'));
			assert.match(types, /^\/\/ base types: kit-endpoints \(@sveltejs\/kit is not installed; --types kit overrides\)$/m);
			assert.match(types, /^export type RequestHandler = Endpoints\.RequestHandler<RouteParams, RouteId>;$/m);
			assert.match(read(path.join(project, '.svelte-kit', 'ambient.d.ts')), /declare module '\$app\/server'/);
		});

		it('--types kit builds on SvelteKit anyway', () => {
			const result = cli(project, 'sync', 'src/routes', '--types', 'kit');
			assert.equal(result.status, 0, result.stderr);
			const types = read(path.join(project, '.svelte-kit', 'types', 'src', 'routes', '[id]', '$types.d.ts'));
			assert.match(types, /^export type RequestHandler = Kit\.RequestHandler<RouteParams, RouteId>;$/m);
			assert.match(read(path.join(project, '.svelte-kit', 'ambient.d.ts')), /reference types="@sveltejs\/kit"/);
		});
	});

	describe('errors', () => {
		const BROKEN = path.join(root, 'test', 'fixtures', 'types-broken');

		it('a broken route tree: every problem on stderr, exit 1, nothing written', () => {
			const result = cli(BROKEN, 'sync', 'src/routes');
			assert.equal(result.status, 1);
			assert.equal(result.stdout, '');
			assert.equal(
				result.stderr,
				[
					'Invalid route tree in src/routes:',
					'  - Invalid route /[a][b] — parameters must be separated (at src/routes/[a][b])',
					"  - No matcher found for parameter 'nomatcher' in route /[x=nomatcher] (at src/routes/[x=nomatcher]; looked in src/params)",
					''
				].join('\n')
			);
			assert.equal(fs.existsSync(path.join(BROKEN, '.svelte-kit')), false);
		});

		it('a missing routes directory exits 1', () => {
			const result = cli(BROKEN, 'sync', 'src/nothing-here');
			assert.equal(result.status, 1);
			assert.match(result.stderr, /routes directory src\/nothing-here does not exist/);
		});

		for (const [args, message] of [
			[['sync'], /^Usage:/],
			[['sync', 'src/routes', 'extra'], /^Usage:/],
			[['sync', 'src/routes', '--types', 'svelte'], /^--types must be kit or kit-endpoints, not svelte/],
			[['sync', 'src/routes', '--typo'], /Unknown option '--typo'/],
			[['routes', 'src/routes', '--out', 'x'], /^--out is an option of sync/]
		] as const) {
			it(`usage error, exit 2: ${args.join(' ')}`, () => {
				const result = cli(BROKEN, ...args);
				assert.equal(result.status, 2);
				assert.match(result.stderr, message);
				assert.match(result.stderr, /kit-endpoints sync <routes-dir>/);
			});
		}
	});
});
