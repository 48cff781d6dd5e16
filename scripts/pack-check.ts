// The package as npm delivers it: `tsx scripts/pack-check.ts [--node <path>]... [--keep]`.
//
// Builds, packs the tarball, checks what it holds, and installs it from the tarball (not from this
// folder) into fresh apps in a temporary directory: an ES module Express app, a CommonJS Koa app
// (`require('kit-endpoints/koa')`, its routes marked ES modules by `src/package.json`), and a
// TypeScript Express app type-checked and compiled by TypeScript 6 and by TypeScript 7 (and run
// from source where Node strips types, its +server.ts included), and two apps whose route files
// throw `error()` and `redirect()` from the first releases of SvelteKit 2 and 3 (2.0.0, 3.0.0),
// the oldest the peer range allows. Each app is started on every Node given with --node
// (default: the one running this script) and must answer its requests through the middleware
// and pass another on to the host. Their dependencies come from the npm registry
// through npm's cache (`--prefer-offline`). Exits non-zero on any failure.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({ options: { node: { type: 'string', multiple: true }, keep: { type: 'boolean', default: false } } });
const nodes = args.node?.length ? args.node.map((node) => path.resolve(node)) : [process.execPath];

/** A request to an app and the answer it must get. */
interface Exchange {
	path: string;
	status: number;
	body: string;
	location?: string;
}

/** A fresh app: its files, what it installs besides the tarball, and how it is built and started. */
interface App {
	name: string;
	files: Record<string, string>;
	dependencies: string[];
	/** flags for its `npm install` */
	flags?: string[];
	/** what it must answer; default: HELLO */
	exchanges?: Exchange[];
	/** scripts run once after the install, each `[script, ...args]`, on the Node running this one */
	build?: string[][];
	/** the entry files to start, each answering on the port it prints, some only from a Node version on */
	servers: (string | { entry: string; since: [major: number, minor: number] })[];
}

const HELLO_JS = `import { json } from 'kit-endpoints';

export function GET({ url, route }) {
	return json({ hello: url.searchParams.get('name'), route: route.id });
}
`;

const HELLO_TS = `import { json, type RequestHandler } from 'kit-endpoints';

export const GET: RequestHandler = ({ url, route }) => {
	const name: string | null = url.searchParams.get('name');
	return json({ hello: name, route: route.id });
};
`;

const EXPRESS_SERVER = `import express from 'express';
import { endpoints } from 'kit-endpoints';

const app = express();
app.use(endpoints('src/routes'));
app.get('/host', (req, res) => res.send('host'));
const server = app.listen(0, () => console.log(server.address().port));
`;

/** an endpoint's answer, and a request the endpoints pass on to the host */
const HELLO: Exchange[] = [
	{ path: '/api/hello?name=pack', status: 200, body: '{"hello":"pack","route":"/api/hello"}' },
	{ path: '/host', status: 200, body: 'host' }
];

/**
 * The first release of a SvelteKit major, whose `error()` and `redirect()` route files throw
 * (its peers and install script, which concern Vite builds, are left out).
 */
function oldestKit(major: 2 | 3, errorBody: string, since?: [number, number]): App {
	const name = `kit${major}-oldest`;
	const route = (code: string) => `import { error, redirect } from '@sveltejs/kit';\n\nexport function GET() {\n\t${code};\n}\n`;
	return {
		name,
		dependencies: ['express@^5', `@sveltejs/kit@${major}.0.0`],
		flags: ['--legacy-peer-deps', '--ignore-scripts'],
		files: {
			'package.json': JSON.stringify({ name, private: true, type: 'module' }),
			'src/routes/api/teapot/+server.js': route("error(418, 'teapot')"),
			'src/routes/api/away/+server.js': route("redirect(303, '/host')"),
			'server.js': EXPRESS_SERVER
		},
		exchanges: [
			{ path: '/api/teapot', status: 418, body: errorBody },
			{ path: '/api/away', status: 303, body: '', location: '/host' },
			{ path: '/host', status: 200, body: 'host' }
		],
		servers: [since ? { entry: 'server.js', since } : 'server.js']
	};
}

// every server listens on a free port, prints it, and answers what the endpoints pass on itself
const apps: App[] = [
	{
		name: 'esm-express',
		dependencies: ['express@^5'],
		files: {
			'package.json': JSON.stringify({ name: 'esm-express', private: true, type: 'module' }),
			'src/routes/api/hello/+server.js': HELLO_JS,
			'server.js': EXPRESS_SERVER
		},
		servers: ['server.js']
	},
	{
		name: 'cjs-koa',
		dependencies: ['koa@^3'],
		files: {
			'package.json': JSON.stringify({ name: 'cjs-koa', private: true, type: 'commonjs' }),
			'src/package.json': JSON.stringify({ type: 'module' }),
			'src/routes/api/hello/+server.js': HELLO_JS,
			'server.js': `const Koa = require('koa');
const { endpoints } = require('kit-endpoints/koa');

const app = new Koa();
app.use(endpoints('src/routes'));
app.use((ctx) => {
	if (ctx.path === '/host') ctx.body = 'host';
});
const server = app.listen(0, () => console.log(server.address().port));
`
		},
		servers: ['server.js']
	},
	{
		name: 'typescript',
		dependencies: [
			'express@^5',
			'@types/express@^5',
			'@types/node@^24',
			'typescript6@npm:typescript@~6.0',
			'typescript7@npm:typescript@^7'
		],
		files: {
			'package.json': JSON.stringify({ name: 'typescript', private: true, type: 'module' }),
			'tsconfig.json': JSON.stringify({
				compilerOptions: {
					target: 'es2022',
					module: 'nodenext',
					strict: true,
					verbatimModuleSyntax: true,
					types: ['node'],
					rootDir: '.'
				},
				include: ['server.ts', 'src']
			}),
			'src/routes/api/hello/+server.ts': HELLO_TS,
			'server.ts': `import express, { type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { endpoints, type EndpointsOptions } from 'kit-endpoints';

const options: EndpointsOptions = { bodySizeLimit: '1M' };
const app = express();
app.use(endpoints(fileURLToPath(new URL('src/routes', import.meta.url)), options));
app.get('/host', (_req: Request, res: Response) => void res.send('host'));
const server = app.listen(0, () => console.log((server.address() as AddressInfo).port));
`
		},
		build: [
			['node_modules/typescript6/bin/tsc', '-p', '.', '--outDir', 'build-ts6'],
			['node_modules/typescript7/bin/tsc', '-p', '.', '--outDir', 'build-ts7']
		],
		// and as source, routes included, where Node strips the types itself
		servers: ['build-ts6/server.js', 'build-ts7/server.js', { entry: 'server.ts', since: [22, 18] }]
	},
	oldestKit(2, '{"message":"teapot"}'),
	// SvelteKit 3 declares Node 22.17 and later
	oldestKit(3, '{"status":418,"message":"teapot"}', [22, 17])
];

const run = (command: string, commandArgs: string[], cwd: string) =>
	execFileSync(command, commandArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** Builds and packs into `dir`; returns the tarball's path after checking what it holds. */
function pack(dir: string): string {
	run('npm', ['run', '--silent', 'build'], root);
	const [report] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root)) as [
		{ filename: string; files: { path: string }[] }
	];
	const files = report.files.map((file) => file.path);
	for (const file of [
		'LICENSE',
		'README.md',
		'CHANGELOG.md',
		'package.json',
		'dist/index.js',
		'dist/index.d.ts',
		'dist/koa.js',
		'dist/cli.js'
	]) {
		assert.ok(files.includes(file), `the tarball lacks ${file}`);
	}
	const stray = files.filter((file) => !/^(dist\/.*\.(js|d\.ts)|LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(file));
	assert.deepEqual(stray, [], 'the tarball holds files it should not');
	console.log(`packed ${report.filename}: ${files.length} files`);
	return path.join(dir, report.filename);
}

function install(app: App, dir: string, tarball: string): void {
	for (const [file, text] of Object.entries(app.files)) {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.writeFileSync(path.join(dir, file), text);
	}
	run(
		'npm',
		[
			'install',
			'--prefer-offline',
			'--no-audit',
			'--no-fund',
			'--no-save',
			'--loglevel=error',
			...(app.flags ?? []),
			tarball,
			...app.dependencies
		],
		dir
	);
	for (const [command, ...rest] of app.build ?? []) run(process.execPath, [command!, ...rest], dir);
}

/** The servers of `app` that Node `version` (`v24.1.0`) runs. */
function entriesOn(version: string, app: App): string[] {
	const [major, minor] = version.slice(1).split('.').map(Number) as [number, number];
	return app.servers.flatMap((server) => {
		if (typeof server === 'string') return [server];
		const [since, sinceMinor] = server.since;
		return major > since || (major === since && minor >= sinceMinor) ? [server.entry] : [];
	});
}

/** Starts `entry` on `node`, sends the app's requests, and stops it. */
async function check(node: string, dir: string, entry: string, exchanges: Exchange[]): Promise<void> {
	const env = { ...process.env };
	delete env.NODE_OPTIONS; // the apps run as users run them, without this script's tsx
	const child = spawn(node, [entry], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] });
	try {
		const port = await firstLine(child.stdout);
		for (const expected of exchanges) {
			const res = await fetch(`http://127.0.0.1:${port}${expected.path}`, { redirect: 'manual' });
			const got = { status: res.status, body: await res.text(), location: res.headers.get('location') ?? undefined };
			const { status, body, location } = expected;
			assert.deepEqual(got, { status, body, location }, `GET ${expected.path}`);
		}
	} finally {
		child.kill();
	}
}

function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error('the app printed no port within 30 s')), 30_000);
		stream.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			if (text.includes('\n')) {
				clearTimeout(timer);
				resolve(text.split('\n')[0]!.trim());
			}
		});
		stream.on('end', () => reject(new Error(`the app exited before it listened${text ? `: ${text}` : ''}`)));
	});
}

async function main(): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-pack-'));
	try {
		const tarball = pack(dir);
		for (const app of apps) {
			const started = Date.now();
			const appDir = path.join(dir, app.name);
			install(app, appDir, tarball);
			for (const node of nodes) {
				const version = run(node, ['--version'], appDir).trim();
				for (const entry of entriesOn(version, app)) {
					await check(node, appDir, entry, app.exchanges ?? HELLO);
					console.log(`ok ${app.name} ${entry} on Node ${version}`);
				}
			}
			console.log(`   ${app.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		}
	} finally {
		if (args.keep) console.log(`kept ${dir}`);
		else fs.rmSync(dir, { recursive: true, force: true });
	}
}

await main();
