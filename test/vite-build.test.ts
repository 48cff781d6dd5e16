// `kit-endpoints build` of test/fixtures/vite-app, served by Express and Koa from its output
// against what real SvelteKit 2's build answered to the same requests (`vite build`, then
// `vite preview`: test/fixtures/vite-app.expected.json, recorded by scripts/record-vite-app.ts);
// then the same output served where Vite and every dev dependency cannot be imported.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAst } from 'vite';
import { buildEndpoints } from '../src/vite/build.js';
import { FIXTURES, captureConsole } from './support/helpers.js';
import { describeHosts, type TestApp } from './support/hosts.js';
import { sendCase } from './support/recorded.js';
import { RECORDING, VITE_APP, replay } from './support/vite-app.js';

const OUT = path.join(FIXTURES, `.tmp-vite-build-${process.pid}`);
const ROUTES = path.join(VITE_APP, 'src', 'routes');

// SvelteKit rendered it at build time and serves the file (text/html, no `handle`); kit-endpoints
// runs the endpoint for each request, and says so once at start-up
const PRERENDERED = 'a route with prerender = true';

let built: Promise<unknown> | undefined;
/** builds the fixture once for every block of this file */
function build(): Promise<unknown> {
	return (built ??= buildEndpoints(ROUTES, { out: OUT }));
}

after(() => fs.rmSync(OUT, { recursive: true, force: true }));

/** The specifiers a module imports, statically or with a literal `import()`, read from its syntax tree. */
function importsOf(source: string): string[] {
	const found: string[] = [];
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(visit);
		if (!node || typeof node !== 'object') return;
		const { type, source: from } = node as { type?: string; source?: { type?: string; value?: unknown } | null };
		const declares =
			type === 'ImportDeclaration' ||
			type === 'ExportNamedDeclaration' ||
			type === 'ExportAllDeclaration' ||
			type === 'ImportExpression';
		if (declares && typeof from?.value === 'string') found.push(from.value);
		for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
	};
	visit(parseAst(source));
	return found;
}

describe('kit-endpoints build', () => {
	before(async function () {
		this.timeout(120_000);
		await build();
	});

	it('writes the route files in their layout, the manifest, and no import of Vite or of a dev dependency', () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(OUT, 'kit-endpoints.json'), 'utf8')) as Record<string, unknown>;
		assert.equal(manifest.routes, 'src/routes');
		assert.equal(manifest.hooks, 'src/hooks.server.js');
		assert.equal(manifest.version, '1.0.0');
		assert.ok(fs.existsSync(path.join(OUT, 'src/routes/shop/[item]/+server.js')), 'the TypeScript route, as JavaScript');
		assert.ok(fs.existsSync(path.join(OUT, 'src/params/slug.js')));
		const imports = new Set<string>();
		for (const file of fs.readdirSync(OUT, { recursive: true }).map(String)) {
			if (file.endsWith('.js'))
				for (const specifier of importsOf(fs.readFileSync(path.join(OUT, file), 'utf8'))) imports.add(specifier);
		}
		assert.deepEqual(
			[...imports].filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:')),
			[]
		);
	});
});

describe('npx kit-endpoints build', () => {
	const cli = (...args: string[]) =>
		spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '..', 'src', 'cli.ts'), 'build', ...args], {
			encoding: 'utf8'
		});

	it('a usage error: exit 2', function () {
		this.timeout(30_000);
		const result = cli(ROUTES, '--types', 'kit');
		assert.equal(result.status, 2, result.stderr);
		assert.match(result.stderr, /^--types is an option of sync/);
	});

	it('a routes folder that does not exist: exit 1, saying so', function () {
		this.timeout(30_000);
		const result = cli(path.join(VITE_APP, 'src', 'nothing-here'));
		assert.equal(result.status, 1, result.stderr);
		assert.match(result.stderr, /routes directory .*nothing-here does not exist/);
	});
});

describeHosts(
	"a `kit-endpoints build` output answers as SvelteKit's build does",
	(host) => {
		let t: TestApp;
		let output = '';
		before(async function () {
			this.timeout(120_000);
			await build();
			({ result: t, output } = await captureConsole(() =>
				host.createApp({ routes: OUT, options: { env: { dir: VITE_APP } }, handleError: 'default' })
			));
		});

		it(`every one of the ${RECORDING.build.length} recorded answers, but the prerendered route`, async function () {
			this.timeout(60_000);
			const mismatches = await replay(t, RECORDING.build, new Set([PRERENDERED]));
			assert.deepEqual(mismatches, [], `${mismatches.length} answers differ from SvelteKit's:\n${mismatches.join('\n')}`);
		});

		it('says once at start-up that a prerendered route runs for each request', () => {
			assert.equal(output.match(/prerender/g)?.length, 1, output);
			assert.match(output, /\/about exports prerender: SvelteKit would answer with a file rendered at build time/);
		});
	},
	['express', 'koa']
);

describe('a `kit-endpoints build` output without Vite or dev dependencies', () => {
	let child: ChildProcess | undefined;
	let origin = '';
	before(async function () {
		this.timeout(120_000);
		await build();
		const script = path.join(import.meta.dirname, 'support', 'serve-build.ts');
		child = spawn(process.execPath, ['--import', 'tsx', script, OUT, VITE_APP], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		origin = await new Promise<string>((resolve, reject) => {
			child!.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${stderr}`)));
			child!.stdout!.on('data', (chunk: Buffer) => {
				const port = /listening (\d+)/.exec(chunk.toString())?.[1];
				if (port) resolve(`http://127.0.0.1:${port}`);
			});
		});
	});
	after(() => void child?.kill());

	it('serves every recorded answer', async function () {
		this.timeout(60_000);
		const mismatches = await replay({ origin } as TestApp, RECORDING.build, new Set([PRERENDERED]));
		assert.deepEqual(mismatches, [], `${mismatches.length} answers differ from SvelteKit's:\n${mismatches.join('\n')}`);
	});
});

describe('`kit-endpoints build` of a SvelteKit 3 app with src/env', () => {
	const app = path.join(FIXTURES, 'kit3', 'vite-app');
	const out = path.join(FIXTURES, `.tmp-vite-build3-${process.pid}`);
	after(() => fs.rmSync(out, { recursive: true, force: true }));

	describeHosts(
		'its output',
		(host) => {
			let t: TestApp;
			const saved = process.env.GREETING;
			before(async function () {
				this.timeout(120_000);
				await buildEndpoints(path.join(app, 'src', 'routes'), { out });
				// the declared variables are read when the built app starts, as SvelteKit reads them
				process.env.GREETING = 'hello from the server';
				t = await host.createApp({ routes: out, options: { env: { dir: app } }, handleError: 'default' });
			});
			after(() => {
				if (saved === undefined) delete process.env.GREETING;
				else process.env.GREETING = saved;
			});

			it('answers with src/env’s variables as they are at start-up, and what Vite bundled', async () => {
				const reply = await sendCase(
					t.origin,
					{ name: 'api', method: 'GET', path: '/api', headers: { accept: '*/*' }, via: 'endpoint' },
					new Map()
				);
				assert.equal(reply.status, 200, reply.body.toString());
				assert.deepEqual(JSON.parse(reply.body.toString()), {
					dev: false,
					greeting: 'hello from the server',
					name: 'kit 3 through Vite',
					words: ['glob', 'alias', 'env'],
					note: 'QUIET WORDS\n',
					data: [
						{ id: 1, name: 'one' },
						{ id: 2, name: 'two' }
					]
				});
			});
		},
		['koa']
	);
});
