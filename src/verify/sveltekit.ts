/**
 * The app's routes served by real SvelteKit: the app copied into a temporary folder, built
 * with the Vite and SvelteKit it has installed, and served as its adapter's output
 * (adapter-node's `build/index.js`) or, with any other adapter, by `vite preview`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { VerifyError } from './requests.js';

export interface Server {
	origin: string;
	/** how it is served, for the report */
	via: string;
	stop(): Promise<void>;
}

// what a build or an install leaves in an app: not copied
const GENERATED = new Set(['node_modules', '.svelte-kit', 'build', '.git', 'dist', '.vercel', '.netlify', 'coverage']);

export async function startSvelteKit(app: string, log: (line: string) => void): Promise<Server> {
	const modules = nodeModulesOf(app);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-verify-'));
	try {
		fs.cpSync(app, work, { recursive: true, filter: (source) => source === app || !GENERATED.has(path.basename(source)) });
		fs.symlinkSync(modules, path.join(work, 'node_modules'), 'junction');
		keepModuleType(app, work);
		log(`Building the app with vite build in ${work}`);
		await node(work, [script(work, 'build', "const { build } = await import('vite');\nawait build({ logLevel: 'warn' });")]);
		const port = await freePort();
		const origin = `http://127.0.0.1:${port}`;
		const adapterNode = fs.existsSync(path.join(work, 'build', 'index.js'));
		const child = adapterNode ? startAdapterNode(work, port, origin) : startPreview(work, port);
		await listening(child, port);
		return {
			origin,
			via: adapterNode ? 'adapter-node (node build)' : 'vite preview',
			async stop() {
				if (child.exitCode === null) {
					child.kill();
					await new Promise((resolve) => child.once('exit', resolve));
				}
				fs.rmSync(work, { recursive: true, force: true });
			}
		};
	} catch (error) {
		fs.rmSync(work, { recursive: true, force: true });
		throw error;
	}
}

/**
 * An app without a package.json of its own (a folder of a larger project) takes its module
 * type from the package around it, which the copy no longer sits in.
 */
function keepModuleType(app: string, work: string): void {
	if (fs.existsSync(path.join(app, 'package.json'))) return;
	for (let dir = path.dirname(app); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (!fs.existsSync(file)) continue;
		const { type } = JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: string };
		fs.writeFileSync(path.join(work, 'package.json'), `${JSON.stringify({ private: true, type: type ?? 'commonjs' })}\n`);
		return;
	}
}

/** The node_modules the app resolves its packages from: its own, or a parent's (a workspace). */
function nodeModulesOf(app: string): string {
	for (let dir = app; ; dir = path.dirname(dir)) {
		const modules = path.join(dir, 'node_modules');
		if (fs.existsSync(path.join(modules, '@sveltejs', 'kit', 'package.json'))) return modules;
		if (path.dirname(dir) === dir)
			throw new VerifyError(`${app} has no @sveltejs/kit installed: verify builds the app with the SvelteKit it has`);
	}
}

function startAdapterNode(work: string, port: number, origin: string): ChildProcess {
	const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, NODE_ENV: 'production' };
	return spawn(process.execPath, [path.join('build', 'index.js')], { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Vite's preview server, without the CORS headers SvelteKit's Vite plugin has it add: they are
 * the preview's, not the app's (adapter-node adds none).
 */
function startPreview(work: string, port: number): ChildProcess {
	const noCors = `{ name: 'kit-endpoints-verify', configResolved(config) { config.preview.cors = false; } }`;
	const options = `{ logLevel: 'warn', plugins: [${noCors}], preview: { port: ${port}, host: '127.0.0.1', strictPort: true } }`;
	const file = script(work, 'preview', `const { preview } = await import('vite');\nawait preview(${options});`);
	return spawn(process.execPath, [file], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A module in the work folder that imports the app's own Vite: a file rather than `node -e`,
 * whose flags Vite's workers would inherit.
 */
function script(work: string, name: string, source: string): string {
	const file = path.join(work, `kit-endpoints-verify-${name}.mjs`);
	fs.writeFileSync(file, `${source}\n`);
	return file;
}

/** Runs node in the work folder; fails with what it printed. */
function node(cwd: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new VerifyError(`vite build failed (exit code ${code}):\n${output.trim()}`))
		);
	});
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

/** Resolves once the port takes connections; fails if the server exits first. */
async function listening(child: ChildProcess, port: number): Promise<void> {
	let errors = '';
	child.stderr!.on('data', (chunk: Buffer) => (errors += chunk));
	const exited = new Promise<never>((_, reject) =>
		child.once('exit', (code) =>
			reject(new VerifyError(`The SvelteKit server exited (code ${code}) before listening:\n${errors.trim()}`))
		)
	);
	exited.catch(() => {});
	for (let tries = 0; tries < 300; tries++) {
		const open = await Promise.race([connects(port), exited]);
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	child.kill();
	throw new VerifyError(`The SvelteKit server did not listen on port ${port} within 30 seconds`);
}

function connects(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.end();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
