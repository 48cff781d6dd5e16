// The module customization hooks behind SvelteKit's virtual imports (`$lib`, `$env/*`,
// `$app/*`) in route files. `register.ts` passes this file to `module.register` once per app,
// so it runs in Node's hooks thread: it imports nothing but Node's own modules, and the
// modules it generates read the app's state from the main thread's global registry.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { InitializeHook, LoadHook, ResolveFnOutput, ResolveHook, ResolveHookContext } from 'node:module';

export interface LoaderData {
	id: string;
	/** The app's `src` directory. */
	root: string;
	/** What `$lib` points at. */
	lib: string;
	/** Files of the app outside both, such as a hooks file beside `src`. */
	files: string[];
	env: { private: Record<string, string>; public: Record<string, string> };
}

/** The search param the main thread puts on a route file's URL to import it afresh after an edit. */
export const VERSION_PARAM = 'kit-endpoints-v';

const SCHEME = 'kit-endpoints:';
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);

/** One app's part of the hooks: where its files are, and its generated modules. */
interface App {
	root: string;
	lib: string;
	files: string[];
	libURL: string;
	prefix: string;
	sources: Map<string, string>;
}

// Every app of the process, in this one instance of the module: `register.ts` registers this
// file once, and each further app through `loader-app.ts`, which adds no hooks of its own, so
// an import costs the same however many apps there are.
const apps: App[] = [];
const byPrefix = new Map<string, App>();

// The real files behind `$app/server` and `@sveltejs/kit/hooks`, beside this one (`.ts` when
// the package runs from its sources under tsx, `.js` from dist).
const ownExtension = path.extname(fileURLToPath(import.meta.url));
const APP_SERVER = new URL(`./app-server${ownExtension}`, import.meta.url).href;
const KIT_HOOKS = new URL(`./kit-hooks${ownExtension}`, import.meta.url).href;

/** Adds an app; Node calls it, synchronously within `register()`, for each registration. */
export const initialize: InitializeHook<LoaderData> = (data) => {
	const lib = path.resolve(data.lib);
	const runtimeApp = `globalThis[Symbol.for('kit-endpoints.runtime')].apps.get(${JSON.stringify(data.id)})`;
	const sources = new Map<string, string>([
		['env/static/private', staticModule(data.env.private)],
		['env/static/public', staticModule(data.env.public)],
		['env/dynamic/private', `export const env = ${runtimeApp}.env.private;\n`],
		['env/dynamic/public', `export const env = ${runtimeApp}.env.public;\n`],
		[
			'app/environment',
			`const app = ${runtimeApp};\n` +
				'export const browser = false;\n' +
				'export const building = false;\n' +
				'export const dev = app.dev;\n' +
				'export const version = app.version;\n'
		],
		['types', 'export {};\n']
	]);
	const app: App = {
		root: path.resolve(data.root),
		lib,
		files: data.files.map((file) => path.resolve(file)),
		libURL: `${pathToFileURL(lib).href}/`,
		prefix: `${SCHEME}${data.id}/`,
		sources
	};
	apps.push(app);
	byPrefix.set(app.prefix, app);
	// the deepest root first, so that an app nested in another's folder owns its own files
	apps.sort((a, b) => b.root.length - a.root.length);
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
	const parent = context.parentURL;
	const app = parent?.startsWith('file:') ? appOf(parent) : undefined;
	if (parent === undefined || app === undefined) return nextResolve(specifier, context);
	const { prefix, sources, libURL } = app;

	if (specifier.startsWith('$env/') || specifier.startsWith('$app/')) {
		if (specifier === '$app/server') return nextResolve(APP_SERVER, context);
		const name = specifier.slice(1);
		if (!sources.has(name)) throw unsupported(specifier, parent);
		return { url: prefix + name, format: 'module', shortCircuit: true };
	}
	if (specifier === '@sveltejs/kit/hooks') return nextResolve(KIT_HOOKS, context);
	// SvelteKit generates `./$types` for type imports only; Node's type stripping may keep an
	// empty `import {} from './$types'` behind
	if (/^\.\/\$types(?:\.[cm]?[jt]s)?$/.test(specifier)) {
		return { url: `${prefix}types`, format: 'module', shortCircuit: true };
	}

	const target = specifier === '$lib' || specifier.startsWith('$lib/') ? libURL + specifier.slice(5) : specifier;
	const resolved = await resolveFile(target, context, nextResolve);
	const version = new URL(parent).searchParams.get(VERSION_PARAM);
	return version === null ? resolved : withVersion(resolved, version);
};

export const load: LoadHook = async (url, context, nextLoad) => {
	if (url.startsWith(SCHEME)) {
		const slash = url.indexOf('/', SCHEME.length);
		const app = byPrefix.get(url.slice(0, slash + 1));
		const source = app?.sources.get(url.slice(slash + 1));
		if (source !== undefined) return { format: 'module', source, shortCircuit: true };
	}
	return nextLoad(url, context);
};

/**
 * Node's resolution first; where it finds nothing, the files Vite would have accepted for a
 * relative or `$lib` specifier: no extension, a directory's index, or a `.js` name for a
 * `.ts` file as TypeScript writes it.
 */
async function resolveFile(
	specifier: string,
	context: ResolveHookContext,
	nextResolve: Parameters<ResolveHook>[2]
): Promise<ResolveFnOutput> {
	try {
		return await nextResolve(specifier, context);
	} catch (error) {
		const code = (error as { code?: unknown } | null)?.code;
		if (typeof code !== 'string' || !NOT_FOUND.has(code) || !isPathLike(specifier)) throw error;
		for (const candidate of candidates(new URL(specifier, context.parentURL))) {
			if (isFile(candidate)) return nextResolve(candidate.href, context);
		}
		throw error;
	}
}

function isPathLike(specifier: string): boolean {
	return /^\.{0,2}\//.test(specifier) || specifier.startsWith('file:');
}

function* candidates(base: URL): Generator<URL> {
	const at = (pathname: string): URL => Object.assign(new URL(base.href), { pathname });
	const name = base.pathname;
	if (!name.endsWith('/')) {
		const js = /\.([cm]?)js$/.exec(name);
		if (js) yield at(`${name.slice(0, -js[0].length)}.${js[1]}ts`);
		for (const extension of ['.ts', '.js', '.mjs', '.mts']) yield at(name + extension);
	}
	const dir = name.endsWith('/') ? name : `${name}/`;
	for (const index of ['index.ts', 'index.js']) yield at(dir + index);
}

function isFile(url: URL): boolean {
	try {
		return fs.statSync(fileURLToPath(url), { throwIfNoEntry: false })?.isFile() ?? false;
	} catch {
		return false;
	}
}

/**
 * After an edit the main thread imports a route file with `?kit-endpoints-v=N`; passing the
 * same param on to every file of the app ($lib included) makes Node evaluate the whole app
 * graph afresh, while packages in node_modules keep their one instance.
 */
function withVersion(resolved: ResolveFnOutput, version: string): ResolveFnOutput {
	if (!resolved.url.startsWith('file:') || !appOf(resolved.url)) return resolved;
	const url = new URL(resolved.url);
	url.searchParams.set(VERSION_PARAM, version);
	return { ...resolved, url: url.href };
}

/** The app a `file:` URL belongs to: in its `root` or `lib`, and not in a node_modules below them. */
function appOf(fileURL: string): App | undefined {
	let file: string;
	try {
		file = fileURLToPath(fileURL);
	} catch {
		return undefined;
	}
	return apps.find((app) => isAppSource(app.root, file) || isAppSource(app.lib, file) || app.files.includes(file));
}

/** A file of the app's own below `dir`, not one of its dependencies. */
function isAppSource(dir: string, file: string): boolean {
	const relative = path.relative(dir, file);
	if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return false;
	return !relative.split(path.sep).includes('node_modules');
}

/** One `export const` per variable whose name can be one, as SvelteKit's generated module. */
function staticModule(env: Record<string, string>): string {
	let source = '';
	for (const [name, value] of Object.entries(env)) {
		if (IDENTIFIER.test(name) && !RESERVED.has(name)) source += `export const ${name} = ${JSON.stringify(value)};\n`;
	}
	return source || 'export {};\n';
}

function unsupported(specifier: string, parent: string): Error {
	const error = new Error(
		`Cannot find module '${specifier}' imported from ${fileURLToPath(parent)}: kit-endpoints provides ` +
			'$lib, $env/static/private, $env/static/public, $env/dynamic/private, $env/dynamic/public, ' +
			'$app/environment and $app/server, and no other SvelteKit virtual module'
	);
	return Object.assign(error, { code: 'ERR_MODULE_NOT_FOUND' });
}

const IDENTIFIER = /^[a-zA-Z_$][a-zA-Z0-9_$]*$/;

/** Names that cannot follow `export const`; SvelteKit leaves these variables out of `$env/static/*`. */
const RESERVED = new Set([
	'arguments',
	'await',
	'break',
	'case',
	'catch',
	'class',
	'const',
	'continue',
	'debugger',
	'default',
	'delete',
	'do',
	'else',
	'enum',
	'eval',
	'export',
	'extends',
	'false',
	'finally',
	'for',
	'function',
	'if',
	'implements',
	'import',
	'in',
	'instanceof',
	'interface',
	'let',
	'new',
	'null',
	'package',
	'private',
	'protected',
	'public',
	'return',
	'static',
	'super',
	'switch',
	'this',
	'throw',
	'true',
	'try',
	'typeof',
	'var',
	'void',
	'while',
	'with',
	'yield'
]);
