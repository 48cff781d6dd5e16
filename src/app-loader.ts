import fs from 'node:fs';
import path from 'node:path';
import { loadKitRequestStore } from './app/kit-store.js';
import { readKitAliases } from './app/kit-alias.js';
import { prepareLoad, registerAliases, registerApp, ensureTypeScript } from './app/register.js';
import { nextVersion } from './app/runtime.js';
import { AppLoadError, RouteTreeError } from './errors.js';
import type { ResolvedOptions } from './options.js';
import { isInside, relative } from './paths.js';
import { loadRouteTree, type RouteTree } from './routes/index.js';
import { createImporter, nodeImporter, PLAIN_FAILURE } from './routes/load.js';
import { parseRouteId } from './routes/parse.js';
import { loadHooks, type AppHooks } from './server-hooks.js';
import type { LoadedApp } from './core/core.js';
import { watchApp } from './watch.js';

export interface AppLoader {
	/** resolves when the app first loaded; rejects with its AppLoadError (or RouteTreeError) */
	ready: Promise<void>;
	/** the app to serve now; undefined while it (re)loads */
	current(): LoadedApp | undefined;
	/** the app being loaded: resolves once it is, rejects with its AppLoadError */
	loading(): Promise<LoadedApp>;
}

// a module to import, not a declaration file
const TYPESCRIPT_FILE = /(?<!\.d)\.[cm]?ts$/;

/**
 * Loads the route tree and the hooks once; in dev, again after an edit. A load either serves
 * whole or not at all.
 */
export function createAppLoader(options: ResolvedOptions): AppLoader {
	// a hooks file in src is the app's already; one beside it must be named
	const outside = typeof options.hooks === 'string' && !isInside(options.hooks, options.root);
	const id = registerApp({ ...options, files: outside ? [options.hooks as string] : [], imports: options.semantics.imports });
	// set only while it is the app of the latest load
	let app: LoadedApp | undefined;
	let latest = 0;
	let initialised = false;
	// a package in node_modules: one import serves every reload
	const kitStore = options.semantics.kitRequestStore ? loadKitRequestStore(options.routes) : undefined;

	// read once: the app's own aliases, before its first module imports through one
	const aliases = readKitAliases(path.dirname(options.root)).then((found) => registerAliases(id, found));

	const load = async (version: number): Promise<LoadedApp> => {
		// before any import: a .js module may import a .ts one from $lib
		if (usesTypeScript(options)) await ensureTypeScript();
		await aliases;
		const loaded = { ...(await loadApp(options, id, version)), kitStore: await kitStore };
		if (version !== latest) return loaded;
		// init belongs to each fresh import of the hooks file; hooks given as an object run it once
		if (typeof options.hooks === 'string' || !initialised) await runInit(loaded.hooks, options);
		initialised = true;
		if (version === latest) app = loaded;
		return loaded;
	};

	let loading = load(latest);
	// a broken app is reported through every request; do not also crash the process, whether
	// or not the app awaits `ready` (which then rejects for it)
	loading.catch(() => {});
	const ready = loading.then(() => {});
	ready.catch(() => {});

	// in dev, an edit marks the app stale and the next request reloads it: a burst of saves
	// costs one reload, and a broken edit is reported until an edit fixes it
	let stale = false;
	if (options.dev) watchApp(options, () => void (stale = true));

	return {
		ready,
		current() {
			if (stale) {
				stale = false;
				app = undefined;
				// versions are process-wide: two middlewares of one app must not share a version's modules
				latest = nextVersion();
				loading = load(latest);
				loading.catch((error: unknown) => console.error(error instanceof AppLoadError ? error.message : error));
			}
			return app;
		},
		loading: () => loading
	};
}

/**
 * The route tree and the hooks, imported once under `version`. Their problems come together,
 * so that one start-up shows everything to fix: a RouteTreeError when the tree has any, else an
 * AppLoadError.
 */
async function loadApp(options: ResolvedOptions, id: string, version: number): Promise<LoadedApp> {
	const problems: string[] = [];
	const causes: unknown[] = [];
	// every module of this load is imported the one way, under its version
	const importModule = nodeImporter(version);
	// what the route files import that is this load's own (SvelteKit 3's declared variables) comes first
	await prepareLoad(id, version, createImporter(problems, causes, version, importModule), problems);
	if (problems.length) throw loadError(options, problems, causes);
	const fallback = { option: options.handleError, fallback: options.defaultHandleError };
	const [tree, hooks] = await Promise.all([
		loadRouteTree(options.routes, {
			params: options.params,
			extensions: options.extensions,
			pages: options.hostPageIds.map((id) => ({ id, ...parseRouteId(id, options.semantics.routes) })),
			rules: options.semantics.routes,
			version,
			importer: importModule
		}).catch((error: unknown) => {
			if (error instanceof RouteTreeError) return error;
			throw error;
		}),
		loadHooks(options.hooks, fallback, createImporter(problems, causes, version, importModule), problems)
	]);
	const treeError = tree instanceof RouteTreeError ? tree : undefined;
	if (!treeError && !problems.length) {
		reportFailedRoutes(tree as RouteTree);
		return { tree: tree as RouteTree, hooks };
	}
	if (treeError && !problems.length) throw treeError;

	if (treeError) {
		problems.unshift(...treeError.problems);
		if (treeError.cause !== undefined) causes.unshift(treeError.cause);
	}
	throw loadError(options, problems, causes, treeError ? RouteTreeError : AppLoadError);
}

/**
 * Says once per load which routes answer 500 because their module failed to import, with the
 * error (and its stack) or, where one is known, the fix.
 */
function reportFailedRoutes(tree: RouteTree): void {
	for (const route of tree.routes) {
		if (!route.failure) continue;
		const { error, message } = route.failure;
		const heading = `kit-endpoints: ${relative(route.endpoint!)} failed to import, so ${route.id} answers 500 until it is fixed:`;
		if (message.startsWith(PLAIN_FAILURE)) console.error(heading, error);
		else console.error(`${heading} ${message}`);
	}
}

function loadError(options: ResolvedOptions, problems: string[], causes: unknown[], Failure = AppLoadError): AppLoadError {
	const cause = causes.length > 1 ? new AggregateError(causes, 'modules failed to import') : causes[0];
	return new Failure(relative(options.routes), problems, cause === undefined ? undefined : { cause });
}

/** Whether the app has TypeScript to load, which may need a loader registered first. */
function usesTypeScript(options: ResolvedOptions): boolean {
	if (typeof options.hooks === 'string' && TYPESCRIPT_FILE.test(options.hooks)) return true;
	return [options.root, options.lib, options.params].some((dir) => {
		try {
			return dir !== undefined && fs.readdirSync(dir, { recursive: true }).some((file) => TYPESCRIPT_FILE.test(String(file)));
		} catch {
			return false;
		}
	});
}

/** Runs `init`; its failure, like a broken route tree, stops the app from serving. */
async function runInit(hooks: AppHooks, options: ResolvedOptions): Promise<void> {
	if (!hooks.init) return;
	try {
		await hooks.init();
	} catch (error) {
		const where = typeof options.hooks === 'string' ? relative(options.hooks) : 'the hooks option';
		const message = error instanceof Error ? error.message : String(error);
		throw new AppLoadError(relative(options.routes), [`${where}: init() failed: ${message}`], { cause: error });
	}
}
