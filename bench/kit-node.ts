// SvelteKit's own server for the benchmark: a SvelteKit 2 app whose src/routes are a copy of
// bench/routes, built with adapter-node into bench/.kit-node/ (git-ignored). The build is
// reused until the route files, the generated config or the installed versions change, so a
// benchmark run pays for it once. bench/servers/server.ts serves its `build/handler.js`.
//
// The route files import `json` from 'kit-endpoints', as the other servers load them; the app's
// Vite config points that name at '@sveltejs/kit', so each server runs the same handlers with
// its own framework's helpers. The server build bundles `cookie` (ssr.noExternal), resolved from
// SvelteKit's files: this repository's node_modules has cookie 2 at its top and SvelteKit 2's
// cookie 0.6 nested, so an import left bare in the output would find the wrong one.
//
//   tsx bench/kit-node.ts          builds it if it is missing or stale
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROUTES = path.join(HERE, 'routes');
export const KIT_NODE_DIR = path.join(HERE, '.kit-node');
const STAMP = path.join(KIT_NODE_DIR, 'stamp.txt');

// a new version of any of these rebuilds the app
const PACKAGES = ['@sveltejs/kit', '@sveltejs/adapter-node', '@sveltejs/vite-plugin-svelte', 'svelte', 'vite'];

/** The app's files beside its routes. */
const APP_FILES: Record<string, string> = {
	'package.json': `${JSON.stringify({ name: 'kit-node-bench', private: true, type: 'module' }, null, '\t')}\n`,
	'svelte.config.js': ["import adapter from '@sveltejs/adapter-node';", '', 'export default { kit: { adapter: adapter() } };', ''].join(
		'\n'
	),
	'vite.config.js': [
		"import { sveltekit } from '@sveltejs/kit/vite';",
		"import { defineConfig } from 'vite';",
		'',
		'export default defineConfig({',
		'\tplugins: [sveltekit()],',
		"\tresolve: { alias: { 'kit-endpoints': '@sveltejs/kit' } },",
		"\tssr: { noExternal: ['cookie'] },",
		"\tlogLevel: 'warn'",
		'});',
		''
	].join('\n'),
	'src/app.html': '<!doctype html>\n<html>\n\t<head>%sveltekit.head%</head>\n\t<body>%sveltekit.body%</body>\n</html>\n',
	'build.mjs': "const { build } = await import('vite');\nawait build();\n"
};

function listFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
		.sort();
}

/** A hash of everything the build depends on. */
function fingerprint(): string {
	const hash = createHash('sha256');
	for (const name of PACKAGES) {
		// read from the file: not every package exports its package.json
		const file = path.join(HERE, '..', 'node_modules', name, 'package.json');
		const { version } = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string };
		hash.update(`${name}@${version}\n`);
	}
	for (const [file, text] of Object.entries(APP_FILES)) hash.update(`${file}\n${text}\n`);
	for (const file of listFiles(ROUTES)) hash.update(`${file}\n`).update(fs.readFileSync(path.join(ROUTES, file)));
	return hash.digest('hex');
}

/** The path of the built `handler.js`, building the app first when it is missing or stale. */
export async function ensureKitNode(log: (line: string) => void = console.log): Promise<string> {
	const handler = path.join(KIT_NODE_DIR, 'build', 'handler.js');
	const stamp = fingerprint();
	if (fs.existsSync(handler) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp) return handler;
	log(`building the SvelteKit adapter-node app in ${path.relative(process.cwd(), KIT_NODE_DIR) || '.'}`);
	fs.rmSync(KIT_NODE_DIR, { recursive: true, force: true });
	for (const [file, text] of Object.entries(APP_FILES)) {
		fs.mkdirSync(path.dirname(path.join(KIT_NODE_DIR, file)), { recursive: true });
		fs.writeFileSync(path.join(KIT_NODE_DIR, file), text);
	}
	fs.cpSync(ROUTES, path.join(KIT_NODE_DIR, 'src', 'routes'), { recursive: true });
	await viteBuild();
	if (!fs.existsSync(handler)) throw new Error(`the build left no ${handler}`);
	fs.writeFileSync(STAMP, stamp);
	return handler;
}

/** `vite build` in the app's folder, where SvelteKit looks for its config; fails with what it printed. */
function viteBuild(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['build.mjs'], { cwd: KIT_NODE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`vite build of ${KIT_NODE_DIR} failed (${code}):\n${output}`))
		);
	});
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) console.log(await ensureKitNode());
