// The module customization hooks behind SvelteKit's virtual imports (`$lib`, `$env/*`,
// `$app/*`) in route files, and the Vite conventions of `loader-vite.ts`. `register.ts` installs
// them once per process: with `module.registerHooks` where Node has it, so they run in the main
// thread and synchronously (each `next` step returns its result, not a promise of it), else with
// `module.register` (Node 20, early 22s), which runs this file in Node's hooks thread, where it
// imports nothing but Node's own modules and this package's loader ones. Each function below
// serves both: it is synchronous whenever Node's own steps are. It serves the modules each app
// brings (built in the main thread by the app's import rules, `imports.ts`), whatever SvelteKit
// they follow; the generated ones read the app's state from the main thread's global registry.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoadFnOutput, LoadHookContext, ResolveFnOutput, ResolveHookContext } from 'node:module';
import {
	aliased,
	candidates,
	isFile,
	isPathLike,
	jsonModule,
	refuseAsset,
	refuseGlob,
	refuseQuery,
	refuseQueryURL,
	type Alias
} from './loader-vite.js';

/** A result that is a promise only in Node's hooks thread. */
type Maybe<T> = T | Promise<T>;
type NextResolve = (specifier: string, context?: ResolveHookContext) => Maybe<ResolveFnOutput>;
type NextLoad = (url: string, context?: LoadHookContext) => Maybe<LoadFnOutput>;

/** A virtual module as the main thread hands it over (`imports.ts`'s `VirtualModule`). */
type LoaderModule = { source: string } | { file: string } | { error: string };

/** What `register.ts` passes for each app. */
export interface LoaderData {
	id: string;
	/** The app's `src` directory. */
	root: string;
	/** What `$lib` points at; undefined when the app has no `$lib`, which `libMissing` then explains. */
	lib: string | undefined;
	libMissing: string | undefined;
	/** Files of the app outside both, such as a hooks file beside `src`. */
	files: string[];
	/** The app's virtual modules, by specifier. */
	modules: Record<string, LoaderModule>;
	/** Specifiers whose modules each load declares (`LoadData`), with what importing one says before its load does. */
	perLoad: Record<string, string>;
	/** Vite's extension probing also for `#` subpath imports. */
	viteSubpathImports: boolean;
	/** The virtual modules the app has, for the message about one it has not. */
	provided: string;
}

/** What `register.ts` passes for one load of an app: the modules that are that load's own. */
export interface LoadData {
	id: string;
	version: number;
	modules: Record<string, { source: string }>;
}

/** What `register.ts` passes once it has read an app's `kit.alias` (from its svelte.config.js). */
export interface AliasData {
	id: string;
	aliases: Alias[];
}

/** Anything `register.ts` hands to the hooks. */
export type HooksData = LoaderData | LoadData | AliasData;

/** The search param the main thread puts on a route file's URL to import it afresh after an edit. */
export const VERSION_PARAM = 'kit-endpoints-v';

const SCHEME = 'kit-endpoints:';
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);

/** One app's part of the hooks: where its files are, and its generated modules. */
interface App {
	root: string;
	lib: string | undefined;
	libURL: string | undefined;
	libMissing: string | undefined;
	files: string[];
	prefix: string;
	modules: Map<string, LoaderModule>;
	perLoad: Map<string, string>;
	/** load version ('0' for the first) → module name → source */
	loads: Map<string, Map<string, string>>;
	viteSubpathImports: boolean;
	provided: string;
	aliases: Alias[];
}

// Every app of the process, in this one instance of the module: `register.ts` registers this
// file once, and hands each further app to it (in the hooks thread through `loader-app.ts`,
// which adds no hooks of its own), so an import costs the same however many apps there are.
const apps: App[] = [];
const byPrefix = new Map<string, App>();
// JSON files an app's module imported without an import attribute: Vite's JSON modules
const jsonImports = new Set<string>();
// the app file that last imported each file of the app: the importer a message names
const importers = new Map<string, string>();

// The package's own modules that virtual imports may stand for (`$app/server`,
// `@sveltejs/kit/hooks`), beside this file: `.ts` when the package runs from its sources under
// tsx, `.js` from dist.
const ownExtension = path.extname(fileURLToPath(import.meta.url));
const ownModule = (name: string) => new URL(`./${name}${ownExtension}`, import.meta.url).href;

// SvelteKit generates `./$types` for type imports only; Node's type stripping may keep an
// empty `import {} from './$types'` behind
const TYPES_MODULE = 'export {};\n';

/** Adds an app, one load's modules of an app, or its aliases; Node calls it synchronously within `register()`. */
export function initialize(data: HooksData): void {
	if ('aliases' in data) {
		const app = byPrefix.get(`${SCHEME}${data.id}/`);
		if (app) app.aliases = data.aliases;
		return;
	}
	if ('version' in data) {
		const app = byPrefix.get(`${SCHEME}${data.id}/`);
		const sources = new Map(Object.entries(data.modules).map(([specifier, { source }]) => [nameOf(specifier), source]));
		app?.loads.set(String(data.version), sources);
		return;
	}
	const lib = data.lib === undefined ? undefined : path.resolve(data.lib);
	const app: App = {
		root: path.resolve(data.root),
		lib,
		libURL: lib === undefined ? undefined : `${pathToFileURL(lib).href}/`,
		libMissing: data.libMissing,
		files: data.files.map((file) => path.resolve(file)),
		prefix: `${SCHEME}${data.id}/`,
		modules: new Map(Object.entries(data.modules)),
		perLoad: new Map(Object.entries(data.perLoad)),
		loads: new Map(),
		viteSubpathImports: data.viteSubpathImports,
		provided: data.provided,
		aliases: []
	};
	apps.push(app);
	byPrefix.set(app.prefix, app);
	// the deepest root first, so that an app nested in another's folder owns its own files
	apps.sort((a, b) => b.root.length - a.root.length);
}

export function resolve(specifier: string, context: ResolveHookContext, nextResolve: NextResolve): Maybe<ResolveFnOutput> {
	const parent = context.parentURL;
	// a generated module imports its siblings by their specifiers
	if (parent?.startsWith(SCHEME)) {
		const app = byPrefix.get(parent.slice(0, parent.indexOf('/', SCHEME.length) + 1));
		const resolved = app && virtual(app, specifier, parent, context, nextResolve);
		return resolved ?? nextResolve(specifier, context);
	}
	const app = parent?.startsWith('file:') ? appOf(parent) : undefined;
	if (parent === undefined || app === undefined) return nextResolve(specifier, context);

	const resolved = virtual(app, specifier, parent, context, nextResolve);
	if (resolved) return resolved;
	if (/^\.\/\$types(?:\.[cm]?[jt]s)?$/.test(specifier)) return { url: `${app.prefix}types`, format: 'module', shortCircuit: true };
	refuseQuery(specifier, parent);
	const target = targetOf(app, specifier, parent);
	return then(resolveFile(app.viteSubpathImports, target, context, nextResolve), (file) => {
		refuseAsset(specifier, file.url, parent);
		// for the message about a query a loader before these hooks kept from them
		if (file.url.startsWith('file:') && !file.url.includes('?')) importers.set(file.url, parent);
		const version = new URL(parent).searchParams.get(VERSION_PARAM);
		const result = version === null ? file : withVersion(file, version);
		if (isJsonImport(result.url, context)) jsonImports.add(result.url);
		return result;
	});
}

/** What a specifier of the app's stands for: `$lib/…` and the app's aliases point into its folders. */
function targetOf(app: App, specifier: string, parent: string): string {
	const lib = specifier === '$lib' || specifier.startsWith('$lib/');
	if (lib && app.libURL !== undefined) return app.libURL + specifier.slice(5);
	// SvelteKit 3 has `$lib` only as an alias
	const alias = app.aliases.length ? aliased(app.aliases, specifier) : undefined;
	if (alias !== undefined) return pathToFileURL(alias).href;
	if (lib) throw moduleError(app.libMissing!, parent);
	return specifier;
}

/** A JSON file imported (not required) without `with { type: 'json' }`, which Vite allows. */
function isJsonImport(url: string, context: ResolveHookContext): boolean {
	if (!url.startsWith('file:') || !/\.json$/.test(new URL(url).pathname)) return false;
	return !context.importAttributes?.type && !context.conditions?.includes('require');
}

/** A virtual module's resolution, or undefined when `specifier` names none. */
function virtual(
	app: App,
	specifier: string,
	parent: string,
	context: ResolveHookContext,
	nextResolve: NextResolve
): Maybe<ResolveFnOutput> | undefined {
	const early = app.perLoad.get(specifier);
	if (early !== undefined) {
		const version = new URL(parent).searchParams.get(VERSION_PARAM) ?? '0';
		if (!app.loads.get(version)?.has(nameOf(specifier))) throw moduleError(early, parent);
		const url = `${app.prefix}${nameOf(specifier)}${version === '0' ? '' : `?${VERSION_PARAM}=${version}`}`;
		return { url, format: 'module', shortCircuit: true };
	}
	const module = app.modules.get(specifier);
	if (module === undefined) {
		if (specifier.startsWith('$env/') || specifier.startsWith('$app/')) throw unsupported(app, specifier, parent);
		return undefined;
	}
	if ('file' in module) return nextResolve(ownModule(module.file), context);
	if ('error' in module) throw moduleError(module.error, parent);
	return { url: app.prefix + nameOf(specifier), format: 'module', shortCircuit: true };
}

/** `$env/static/private` → `env/static/private`: the name of a virtual module in its URL. */
function nameOf(specifier: string): string {
	return specifier.startsWith('$') ? specifier.slice(1) : specifier;
}

export function load(url: string, context: LoadHookContext, nextLoad: NextLoad): Maybe<LoadFnOutput> {
	if (url.startsWith(SCHEME)) {
		const slash = url.indexOf('/', SCHEME.length);
		const app = byPrefix.get(url.slice(0, slash + 1));
		const source = app && sourceOf(app, url.slice(slash + 1));
		if (source !== undefined) return { format: 'module', source, shortCircuit: true };
	}
	if (jsonImports.has(url) && !context.importAttributes?.type) {
		return { format: 'module', source: jsonModule(fs.readFileSync(fileURLToPath(url), 'utf8')), shortCircuit: true };
	}
	if (!url.startsWith('file:') || !appOf(url)) return nextLoad(url, context);
	if (url.includes('?')) refuseQueryURL(url, importers.get(url.slice(0, url.indexOf('?'))), VERSION_PARAM);
	// the app's own code: a call of import.meta.glob fails its import rather than a request
	return then(nextLoad(url, context), (loaded) => {
		const source = loaded.source;
		if (source !== null && source !== undefined && CODE_FORMATS.has(String(loaded.format))) {
			refuseGlob(typeof source === 'string' ? source : Buffer.from(source as Uint8Array).toString('utf8'), url);
		}
		return loaded;
	});
}

const CODE_FORMATS = new Set(['module', 'commonjs', 'module-typescript', 'commonjs-typescript']);

/** `value.then(next)` for a value that is a promise only in Node's hooks thread. */
function then<T, U>(value: Maybe<T>, next: (value: T) => U): Maybe<U> {
	return value instanceof Promise ? value.then(next) : next(value);
}

/** The source of a generated module, from its URL's `name[?version]`. */
function sourceOf(app: App, named: string): string | undefined {
	const query = named.indexOf('?');
	if (query !== -1) {
		const version = new URLSearchParams(named.slice(query)).get(VERSION_PARAM) ?? '0';
		return app.loads.get(version)?.get(named.slice(0, query));
	}
	if (named === 'types') return TYPES_MODULE;
	const module = app.modules.get(`$${named}`);
	return module && 'source' in module ? module.source : app.loads.get('0')?.get(named);
}

/**
 * Node's resolution first; where it finds nothing, the files Vite would have accepted for a
 * path-like or `$lib` specifier (and, where the app's rules say so, for the file a `#` subpath
 * import maps to): no extension, a folder's index (`.` and `..` too), or a `.js` name for a `.ts`
 * file as TypeScript writes it.
 */
function resolveFile(
	viteSubpathImports: boolean,
	specifier: string,
	context: ResolveHookContext,
	nextResolve: NextResolve
): Maybe<ResolveFnOutput> {
	const fallback = (error: unknown): Maybe<ResolveFnOutput> => {
		const code = (error as { code?: unknown } | null)?.code;
		if (typeof code !== 'string' || !NOT_FOUND.has(code)) throw error;
		const base = isPathLike(specifier)
			? new URL(specifier, context.parentURL)
			: viteSubpathImports
				? importTarget(specifier, error)
				: undefined;
		if (base === undefined) throw error;
		for (const candidate of candidates(base)) {
			if (isFile(candidate)) return nextResolve(candidate.href, context);
		}
		throw error;
	};
	let resolved: Maybe<ResolveFnOutput>;
	try {
		resolved = nextResolve(specifier, context);
	} catch (error) {
		return fallback(error);
	}
	return resolved instanceof Promise ? resolved.catch(fallback) : resolved;
}

/** The file a `#` subpath import mapped to, which Node names on its not-found error. */
function importTarget(specifier: string, error: unknown): URL | undefined {
	const url = (error as { url?: unknown }).url;
	return specifier.startsWith('#') && typeof url === 'string' && url.startsWith('file:') ? new URL(url) : undefined;
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
	return apps.find(
		(app) => isAppSource(app.root, file) || (app.lib !== undefined && isAppSource(app.lib, file)) || app.files.includes(file)
	);
}

/** A file of the app's own below `dir`, not one of its dependencies. */
function isAppSource(dir: string, file: string): boolean {
	const relative = path.relative(dir, file);
	if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return false;
	return !relative.split(path.sep).includes('node_modules');
}

function unsupported(app: App, specifier: string, parent: string): Error {
	const from = parent.startsWith('file:') ? fileURLToPath(parent) : parent;
	return moduleError(
		`Cannot find module '${specifier}' imported from ${from}: kit-endpoints provides ${app.provided}, and no other SvelteKit virtual module`,
		parent
	);
}

/** An import that fails; `message` may name the importing file, relative to the working directory, as `%importer%`. */
function moduleError(message: string, parent: string): Error {
	const importer = parent.startsWith('file:') ? path.relative(process.cwd(), fileURLToPath(parent)).split(path.sep).join('/') : parent;
	return Object.assign(new Error(message.replaceAll('%importer%', importer)), { code: 'ERR_MODULE_NOT_FOUND' });
}
