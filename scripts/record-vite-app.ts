/**
 * Records what real SvelteKit answers to the requests test/vite-app.test.ts replays, for the
 * fixture test/fixtures/vite-app, into test/fixtures/vite-app.expected.json: once from
 * SvelteKit's development server (`vite dev`) and once from its production build (`vite build`,
 * then `vite preview`), since the two differ where Vite does (asset URLs, `dev`, prerendering).
 *
 * Re-run it from the repository root (any Node the fixture's Vite supports, with the npm registry
 * reachable):
 *
 *   node --import tsx scripts/record-vite-app.ts [work dir]
 *
 * It copies the fixture into the work dir (default /tmp/vite-app-real), installs there the
 * published packages pinned in PACKAGES from npm, starts each server on a loopback port, sends
 * the CASES in order and writes the answers next to them. Nothing is built from SvelteKit's
 * source.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordReply, sendCase, type RecordedCase, type RecordedRequest } from '../test/support/recorded.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/fixtures/vite-app');
const OUTPUT = path.join(ROOT, 'test/fixtures/vite-app.expected.json');
const WORK = path.resolve(process.argv[2] ?? '/tmp/vite-app-real');
const VITE = path.join(WORK, 'node_modules/vite/bin/vite.js');

/** SvelteKit 2 and what it builds with, as this repository's lockfile has them. */
const PACKAGES: Record<string, string> = {
	'@sveltejs/kit': '2.70.4',
	'@sveltejs/vite-plugin-svelte': '7.3.1',
	svelte: '5.57.3',
	vite: '8.4.0'
};

const API = { accept: '*/*' };

/** The requests, in order; `via` as in test/support/recorded.ts. */
export const CASES: RecordedRequest[] = [
	{ name: 'an eager import.meta.glob lists the markdown posts', method: 'GET', path: '/blog', headers: API, via: 'endpoint' },
	{ name: 'HEAD of the listing', method: 'HEAD', path: '/blog', headers: API, via: 'endpoint' },
	{ name: 'a lazy import.meta.glob loads one post', method: 'GET', path: '/blog/hello-vite', headers: API, via: 'endpoint' },
	{ name: 'another post, its html escaped by the plugin', method: 'GET', path: '/blog/markdown-posts', headers: API, via: 'endpoint' },
	{ name: 'a post the glob does not have: 404', method: 'GET', path: '/blog/no-such-post', headers: API, via: 'endpoint' },
	{ name: 'a slug the matcher refuses: no route', method: 'GET', path: '/blog/Not_A_Slug', headers: API, via: 'no-route' },
	{ name: 'a ?raw import', method: 'GET', path: '/notice', headers: API, via: 'endpoint' },
	{ name: 'an image import and a ?url import', method: 'GET', path: '/assets', headers: API, via: 'endpoint' },
	{
		name: 'JSON imports without attributes, a kit.alias, $env/static/private and $env/dynamic/public',
		method: 'GET',
		path: '/config',
		headers: API,
		via: 'endpoint'
	},
	{
		name: 'a TypeScript route with an enum, a Vite resolve.alias and a folder index import',
		method: 'GET',
		path: '/shop/apple',
		headers: API,
		via: 'endpoint'
	},
	{ name: 'error() from a TypeScript route', method: 'GET', path: '/shop/kiwi', headers: API, via: 'endpoint' },
	{ name: 'a key of Object.prototype is not an item', method: 'GET', path: '/shop/constructor', headers: API, via: 'endpoint' },
	{ name: '$app/environment and import.meta.env', method: 'GET', path: '/environment', headers: API, via: 'endpoint' },
	{ name: 'a route with prerender = true', method: 'GET', path: '/about', headers: API, via: 'endpoint' },
	{ name: 'a method the route does not export: 405', method: 'POST', path: '/blog', headers: API, via: 'endpoint' }
];

export interface ViteRecording {
	recorded: Record<string, unknown>;
	dev: RecordedCase[];
	build: RecordedCase[];
}

async function main(): Promise<void> {
	prepare();
	const dev = await recordServer(['dev', '--port', '{port}', '--strictPort', '--host', '127.0.0.1']);
	vite(['build']);
	const build = await recordServer(['preview', '--port', '{port}', '--strictPort', '--host', '127.0.0.1']);
	const recording: ViteRecording = {
		recorded: { by: 'scripts/record-vite-app.ts', node: process.version, packages: versions() },
		dev,
		build
	};
	fs.writeFileSync(OUTPUT, `${JSON.stringify(recording, null, '\t')}\n`);
	console.log(`${dev.length} + ${build.length} cases written to ${path.relative(ROOT, OUTPUT)}`);
}

/** The fixture in the work dir, with the pinned packages installed. */
function prepare(): void {
	fs.mkdirSync(WORK, { recursive: true });
	for (const entry of ['src', 'build', '.svelte-kit']) fs.rmSync(path.join(WORK, entry), { recursive: true, force: true });
	const generated = /^(node_modules|\.svelte-kit|build)([\\/]|$)/;
	fs.cpSync(FIXTURE, WORK, { recursive: true, filter: (source) => !generated.test(path.relative(FIXTURE, source)) });
	const pkg = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'package.json'), 'utf8')) as Record<string, unknown>;
	fs.writeFileSync(path.join(WORK, 'package.json'), `${JSON.stringify({ ...pkg, devDependencies: PACKAGES }, null, '\t')}\n`);
	if (Object.entries(PACKAGES).some(([name, version]) => versions()[name] !== version)) {
		execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: WORK, stdio: 'inherit' });
	}
}

function versions(): Record<string, string> {
	const found: Record<string, string> = {};
	for (const name of Object.keys(PACKAGES)) {
		const file = path.join(WORK, 'node_modules', name, 'package.json');
		if (fs.existsSync(file)) found[name] = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
	}
	return found;
}

function vite(args: string[]): void {
	execFileSync(process.execPath, [VITE, ...args], { cwd: WORK, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function recordServer(args: string[]): Promise<RecordedCase[]> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const server = await start(args.map((arg) => arg.replace('{port}', String(port))));
	try {
		const sessions = new Map<string, string>();
		const recorded: RecordedCase[] = [];
		for (const request of CASES) {
			const sent = await sendCase(origin, request, sessions);
			recorded.push({ request, response: recordReply(sent, origin, request.via) });
		}
		return recorded;
	} finally {
		server.kill();
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/** A Vite server of the copy, once it says where it listens. */
function start(args: string[]): Promise<ChildProcess> {
	const server = spawn(process.execPath, [VITE, ...args], { cwd: WORK, stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.on('exit', (code) => reject(new Error(`vite ${args[0]} exited (${code})`)));
		let output = '';
		server.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('127.0.0.1:')) resolve(server);
		});
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
