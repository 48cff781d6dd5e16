// What needs a fresh process: the request store's state before anything imports $app/server,
// and the built package under plain `node`, without tsx preloaded, where the loader's own
// resolution (extensionless, .js for .ts) and Node's type stripping or a registered tsx do the work.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = path.join(ROOT, 'test/fixtures/app-kit-child');
const SRC = path.join(APP, 'src');
const NATIVE_TS = Boolean((process.features as { typescript?: unknown }).typescript);

/** Runs an ES module script in a new Node (this one's binary) and returns what it printed as JSON. */
function run(script: string, nodeArgs: string[] = []): any {
	const output = execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe']
	});
	return JSON.parse(output);
}

/** The script's prologue: registers the fixture app from `from` (src or dist). */
function prologue(from: string, dev = false): string {
	const config = {
		root: SRC,
		lib: path.join(SRC, 'lib'),
		dev,
		version: 'child',
		env: { dir: APP, publicPrefix: 'PUBLIC_', privatePrefix: '' }
	};
	return `
		import { registerApp, ensureTypeScript } from ${JSON.stringify(pathToFileURL(path.join(from, 'register.js')).href)};
		import { requestStoreEnabled } from ${JSON.stringify(pathToFileURL(path.join(from, 'runtime.js')).href)};
		const route = (file) => import(${JSON.stringify(pathToFileURL(SRC).href)} + '/routes/' + file);
		registerApp(${JSON.stringify(config)});
	`;
}

describe('app: in a fresh process', function () {
	this.timeout(30_000);

	it('the request store stays off until something imports $app/server (from src, under tsx)', () => {
		const result = run(
			`${prologue(path.join(ROOT, 'src/app'))}
			const before = requestStoreEnabled();
			const { _dev } = await route('no-store/+server.js');
			const afterOther = requestStoreEnabled();
			await route('store/+server.js');
			console.log(JSON.stringify({ before, afterOther, afterServer: requestStoreEnabled(), dev: _dev }));`,
			['--import', 'tsx']
		);
		assert.deepEqual(result, { before: false, afterOther: false, afterServer: true, dev: false });
	});

	it('under tsx, ensureTypeScript() sees the loader (or Node strips types itself)', () => {
		const result = run(
			`${prologue(path.join(ROOT, 'src/app'))}
			console.log(JSON.stringify(await ensureTypeScript()));`,
			['--import', 'tsx']
		);
		assert.equal(result, NATIVE_TS ? 'native' : 'loader');
	});

	describe('the built package under plain node', () => {
		const DIST = path.join(ROOT, 'dist/app');

		before(function () {
			if (!fs.existsSync(path.join(DIST, 'register.js'))) {
				throw new Error('dist/app is missing: run `npm run build` first (npm test does)');
			}
		});

		it('resolves extensionless relative and $lib imports of .js files itself, and ?kit-endpoints-v=N', () => {
			const result = run(`${prologue(DIST)}
				const first = (await route('plain/+server.js'))._seen;
				const again = (await route('plain/+server.js?kit-endpoints-v=7'))._seen;
				console.log(JSON.stringify({ ...first, url: undefined, versioned: again.url.endsWith('?kit-endpoints-v=7') }));`);
			assert.deepEqual(result, {
				PUBLIC_WHERE: 'child',
				util: 'util.js',
				helper: 'helper.js',
				dir: 'dir/index.js',
				versioned: true
			});
		});

		it(`imports a .ts route with $lib and ./x.js imports (${NATIVE_TS ? "Node's type stripping" : 'tsx, registered by ensureTypeScript'})`, () => {
			const result = run(`${prologue(DIST, true)}
				const typescript = await ensureTypeScript();
				const { _seen, GET } = await route('ts/+server.ts');
				console.log(JSON.stringify({ typescript, ..._seen, body: await GET().text() }));`);
			assert.deepEqual(result, {
				typescript: NATIVE_TS ? 'native' : 'loader',
				dev: true,
				db: { secret: 'child-secret', file: 'db.ts' },
				tool: 'tool.ts',
				body: 'tool.ts'
			});
		});

		it('modules outside the app do not get the Vite-style resolution', () => {
			const result = run(`${prologue(DIST)}
				const outside = ${JSON.stringify(pathToFileURL(path.join(APP, 'outside.js')).href)};
				try {
					await import(outside);
					console.log(JSON.stringify('imported'));
				} catch (error) {
					console.log(JSON.stringify(error.code));
				}`);
			assert.equal(result, 'ERR_MODULE_NOT_FOUND');
		});
	});
});

describe('TypeScript route files under plain node', function () {
	this.timeout(30_000);
	const routes = path.join(ROOT, 'test/fixtures/app-ts-enum/src/routes');
	const script = `
		import { endpoints } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)};
		const middleware = endpoints(${JSON.stringify(routes)});
		middleware.ready.then(() => console.log(JSON.stringify('loaded')), (error) => console.log(JSON.stringify(error.message)));`;
	// the same, with what the start-up log says instead of 'loaded'
	const logging = `
		const logged = [];
		console.error = (...args) => logged.push(args.map((arg) => arg instanceof Error ? arg.message : String(arg)).join(' '));
		const { endpoints } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)});
		const middleware = endpoints(${JSON.stringify(routes)});
		middleware.ready.then(() => console.log(JSON.stringify(logged.join('\\n'))), (error) => console.log(JSON.stringify(error.message)));`;

	it('a start prints nothing, not even a deprecation warning (Node 26 deprecates module.register)', () => {
		const mixed = path.join(ROOT, 'test/fixtures/app-ts-mixed/src/routes');
		const result = spawnSync(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`import { endpoints } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)};
				await endpoints(${JSON.stringify(mixed)}).ready;
				console.log('ready');`
			],
			{ cwd: ROOT, encoding: 'utf8' }
		);
		assert.equal(result.stdout, 'ready\n');
		assert.equal(result.stderr, '');
	});

	it("the Node loader's Vite conventions and refusals, with no TypeScript loader preloaded", () => {
		const app = path.join(ROOT, 'test/fixtures/app-node-loader/src/routes');
		const result = run(`
			const logged = [];
			console.error = (...args) => logged.push(args.map(String).join(' ').split('\\n')[0]);
			const { endpoints } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)});
			const { createServer } = await import('node:http');
			const middleware = endpoints(${JSON.stringify(app)});
			await middleware.ready;
			const server = createServer((req, res) => middleware(req, res, () => res.end('next')));
			await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
			const answers = {};
			for (const route of ['/json', '/folder/sub', '/alias', '/ok']) {
				const res = await fetch('http://127.0.0.1:' + server.address().port + route);
				answers[route] = res.status + ' ' + (await res.text());
			}
			server.close();
			console.log(JSON.stringify({ answers, logged: logged.filter((line) => line.includes('/vite/')) }));`);
		assert.match(result.answers['/json'], /^200 \{"data":\{"name":"from \$lib"/);
		assert.equal(result.answers['/folder/sub'], '200 {"here":"folder/sub/index.ts","parent":"folder/index.js"}');
		assert.equal(result.answers['/alias'], '200 {"db":"src/db/index.js","util":"src/util/index.js","shouted":"ALIAS!"}');
		assert.equal(result.answers['/ok'], '200 ok');
		const logged: string[] = result.logged;
		assert.equal(logged.length, 5);
		for (const line of logged) assert.match(line, /only Vite can load that\. Install Vite/);
		assert.match(
			logged.find((line) => line.includes('/vite/url/'))!,
			/worker\.js\?url` is a `\?url` import/
		);
		assert.match(
			logged.find((line) => line.includes('/vite/glob/'))!,
			/import\.meta\.glob/
		);
	});

	it('a tree that cannot load, whose ready nobody handles, does not end the process', () => {
		const broken = path.join(ROOT, 'test/fixtures/app-broken/routes');
		const result = spawnSync(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`import { endpoints } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)};
				endpoints(${JSON.stringify(broken)});
				setTimeout(() => console.log('alive'), 500);`
			],
			{ cwd: ROOT, encoding: 'utf8' }
		);
		assert.equal(result.status, 0, result.stderr);
		assert.equal(result.stdout, 'alive\n');
		assert.doesNotMatch(result.stderr, /Unhandled|unhandled/);
	});

	it('a .js route importing a .ts module from $lib loads, whatever the Node', () => {
		const mixed = path.join(ROOT, 'test/fixtures/app-ts-mixed/src/routes');
		const result = run(`
			import { endpoints } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)};
			const middleware = endpoints(${JSON.stringify(mixed)});
			middleware.ready.then(() => console.log(JSON.stringify('loaded')), (error) => console.log(JSON.stringify(error.message)));`);
		assert.equal(result, 'loaded');
	});

	if (NATIVE_TS) {
		it('a TypeScript feature Node cannot strip fails its route, and the start-up log says what to do', () => {
			const message: string = run(logging);
			assert.match(message, /colour\/\+server\.ts failed to import, .*only erasable TypeScript .*node --import tsx/);
		});
	} else {
		it('without type stripping, tsx is registered and compiles any TypeScript', () => {
			assert.equal(run(script), 'loaded');
		});
	}

	describe('with neither type stripping nor tsx', () => {
		// the package alone, as installed in a project without tsx: outside this repo's node_modules
		const project = path.join(os.tmpdir(), `kit-endpoints-no-tsx-${process.pid}`);
		const installed = path.join(project, 'node_modules', 'kit-endpoints');
		before(() => {
			fs.mkdirSync(path.join(installed), { recursive: true });
			fs.cpSync(path.join(ROOT, 'dist'), path.join(installed, 'dist'), { recursive: true });
			fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(installed, 'package.json'));
			const { dependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
			for (const name of Object.keys(dependencies)) {
				fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(project, 'node_modules', name));
			}
		});
		after(() => fs.rmSync(project, { recursive: true, force: true }));

		for (const [name, fixture] of [
			['a .ts route', 'app-ts-enum'],
			['a .js route importing .ts', 'app-ts-mixed']
		] as const) {
			it(`${name}: ${NATIVE_TS ? 'Node strips the types' : 'the start-up log says to install tsx'}`, () => {
				// the route fails alone: the app is ready, and the start-up log says why and what to do
				const result: string = run(`
					const logged = [];
					console.error = (...args) => logged.push(args.map((arg) => arg instanceof Error ? arg.message : String(arg)).join(' '));
					const { endpoints } = await import(${JSON.stringify(pathToFileURL(path.join(installed, 'dist/index.js')).href)});
					const middleware = endpoints(${JSON.stringify(path.join(ROOT, 'test/fixtures', fixture, 'src/routes'))});
					middleware.ready.then(() => console.log(JSON.stringify(logged.join('\\n'))), (error) => console.log(JSON.stringify('rejected: ' + error.message)));`);
				if (!NATIVE_TS)
					assert.match(
						result,
						/^kit-endpoints: .*\+server\.[jt]s failed to import, so \S+ answers 500 until it is fixed: .*no TypeScript loader is installed\. Install tsx/
					);
				else if (fixture === 'app-ts-mixed') assert.equal(result, '');
				else assert.match(result, /failed to import, so .* answers 500 until it is fixed: .*only erasable TypeScript/);
			});
		}
	});
});
