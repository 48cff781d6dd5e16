/**
 * `kit-endpoints build`: the app's route files, matchers, hooks and `src/env` bundled by Vite's
 * SSR build, with the app's Vite config and kit-endpoints' plugin, as SvelteKit's own build
 * bundles its server. The output needs neither Vite nor the app's dev dependencies at run time:
 * everything is bundled but the packages in the app's `dependencies` (as adapter-node does).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkDeclarations, findEnvEntry } from '../app/declared-env.js';
import { AppLoadError } from '../errors.js';
import { resolveOptions, type ResolvedOptions } from '../options.js';
import { isInside, relative } from '../paths.js';
import { readRoutes } from '../routes/scan.js';
import { appModules, type AppModules } from './app-runtime.js';
import { MANIFEST, type BuildManifest } from './build-output.js';
import { appViteConfig, importVite, keepingNodeEnv, readSvelteConfig } from './config.js';
import { projectRoot, type ViteApp } from './detect.js';
import { kitEndpointsPlugin } from './plugin.js';
import { createViteRunner } from './runner.js';

export interface BuildOptions {
	/** the output folder; default `build/endpoints` in the app's project root */
	out?: string;
	/** the hooks file; default `src/hooks.server.js` (or `.ts`) when there is one */
	hooks?: string;
	kit?: 2 | 3;
	params?: string;
	lib?: string;
	/** `version` from `$app/environment`; default `kit.version.name` of svelte.config.js, else the time of the build */
	version?: string;
	/** SvelteKit's `kit.env`, for `$env/static/*` (baked in as SvelteKit bakes them); default: the `.env` files of the project root */
	env?: { dir?: string; publicPrefix?: string; privatePrefix?: string };
}

export interface BuildResult {
	out: string;
	/** the modules bundled as entries: route files, matchers, hooks, `src/env` */
	entries: number;
}

// what the assets of server code are written as, and so the URLs importing them gives: SvelteKit's
const ASSETS = '_app/immutable/assets';

export async function buildEndpoints(routes: string, given: BuildOptions = {}): Promise<BuildResult> {
	const hooks = given.hooks ?? defaultHooks(routes);
	const env = { ...given.env, dir: given.env?.dir ?? projectRoot(routes) };
	const options = resolveOptions(routes, { ...given, env, hooks, dev: false, vite: true });
	const app = options.vite!;
	const out = path.resolve(given.out ?? path.join(app.root, 'build', 'endpoints'));
	const files = entryFiles(options);
	const entries: Record<string, string> = {};
	for (const file of files) entries[entryName(app, file)] = file;

	const id = `build-${randomUUID()}`;
	const modules = appModules(options, id);
	const envEntry = options.semantics.imports.declared ? findEnvEntry(options.root) : undefined;
	if (envEntry) {
		entries[entryName(app, envEntry)] = envEntry;
		modules.declare(await declaredNames(app, options, modules, envEntry));
	} else {
		// without src/env, SvelteKit 3's `$app/env/*` hold no variables
		modules.declare({ private: [], public: [] });
	}
	const vite = await importVite(app);
	const config = await appViteConfig(vite, app, options, {
		command: 'build',
		plugin: kitEndpointsPlugin({ modules: modules.modules, libMissing: modules.libMissing }),
		libAlias: !modules.libMissing,
		overrides: {
			logLevel: 'warn',
			publicDir: false,
			// bundled but for the app's runtime dependencies: dev dependencies may be pruned
			ssr: { noExternal: true, external: runtimeDependencies(app.root) },
			build: {
				ssr: true,
				outDir: out,
				emptyOutDir: true,
				assetsDir: ASSETS,
				ssrEmitAssets: true,
				minify: false,
				rolldownOptions: {
					input: entries,
					output: {
						// route files keep their names (`+server`, `[slug]`): the route tree is read from them
						sanitizeFileName: (name: string) => name.replace(/\0/g, ''),
						entryFileNames: '[name].js',
						chunkFileNames: 'chunks/[name]-[hash].js',
						assetFileNames: `${ASSETS}/[name].[hash][extname]`
					}
				}
			}
		}
	});
	await keepingNodeEnv(() => vite.build(config));

	copyPageFiles(options, app, out);
	const manifest: BuildManifest = {
		format: 1,
		id,
		kit: options.semantics.major,
		// SvelteKit's kit.version.name, else (as SvelteKit) the time of the build
		version: given.version ?? (await readSvelteConfig(app.root)).version ?? options.version,
		routes: outputPath(app, options.routes),
		params: outputPath(app, paramsLocation(options)).replace(/\.[cm]?[jt]s$/, '.js'),
		...(typeof options.hooks === 'string' ? { hooks: `${entryName(app, options.hooks)}.js` } : {})
	};
	fs.writeFileSync(path.join(out, MANIFEST), `${JSON.stringify(manifest, null, '\t')}\n`);
	return { out, entries: Object.keys(entries).length };
}

/**
 * The names SvelteKit 3's `src/env` declares, public and private, read through Vite without
 * their values: those are read and checked when the built app starts, as SvelteKit checks them.
 */
async function declaredNames(
	app: ViteApp,
	options: ResolvedOptions,
	modules: AppModules,
	entry: string
): Promise<{ private: string[]; public: string[] }> {
	const runner = createViteRunner(app, options, modules);
	try {
		const { variables } = await runner.importModule(entry);
		const names = { private: [] as string[], public: [] as string[] };
		for (const [name, config] of Object.entries(checkDeclarations(variables, entry)))
			names[config?.public ? 'public' : 'private'].push(name);
		return names;
	} catch (error) {
		throw new AppLoadError(relative(options.routes), [`${relative(entry)}: ${(error as Error).message}`], { cause: error });
	} finally {
		await runner.close();
	}
}

/** SvelteKit's `kit.files.hooks.server`: `src/hooks.server.js` or `.ts`, beside the routes. */
function defaultHooks(routes: string): string | undefined {
	const base = path.join(path.resolve(routes), '..', 'hooks.server');
	return ['.js', '.ts', '.mjs', '.mts'].map((ext) => base + ext).find((file) => fs.existsSync(file));
}

/** Every module the app loads by name: endpoints, matchers, the hooks file; a broken tree fails here, naming its files. */
function entryFiles(options: ResolvedOptions): string[] {
	const problems: string[] = [];
	const scanned = readRoutes(
		options.routes,
		{ params: options.params, extensions: options.extensions, rules: options.semantics.routes },
		problems
	);
	if (problems.length) throw new AppLoadError(relative(options.routes), problems);
	const files = new Set<string>();
	for (const route of scanned.routes) if (route.endpoint) files.add(route.endpoint);
	for (const file of Object.values(scanned.matchers)) files.add(file);
	if (typeof options.hooks === 'string') files.add(options.hooks);
	return [...files];
}

function paramsLocation(options: ResolvedOptions): string {
	return path.resolve(options.params ?? options.semantics.routes.matchers.defaultLocation(options.routes));
}

/** `src/routes/blog/+server` for `src/routes/blog/+server.ts`: the entry's path in the output, without extension. */
function entryName(app: ViteApp, file: string): string {
	return outputPath(app, file).replace(/\.[cm]?[jt]s$/, '');
}

/** Where a file of the app goes in the output: its path below the project root. */
function outputPath(app: ViteApp, file: string): string {
	if (!isInside(file, app.root))
		throw new Error(
			`${relative(file)} is outside the app's project root ${relative(app.root)}: kit-endpoints build bundles only what is inside it`
		);
	return path.relative(app.root, file).split(path.sep).join('/');
}

/** The packages of the app's `dependencies`, which stay imports in the output (installed in production). */
function runtimeDependencies(root: string): string[] {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
	return Object.keys(pkg.dependencies ?? {});
}

/**
 * The route folders' other `+` files (pages, layouts), copied as they are: the build's route tree
 * is read as the source's is, and a page shares its route with the endpoint. They are never
 * imported. `error.html` beside the routes comes along too.
 */
function copyPageFiles(options: ResolvedOptions, app: ViteApp, out: string): void {
	const target = path.join(out, outputPath(app, options.routes));
	for (const entry of fs.readdirSync(options.routes, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !entry.name.startsWith('+') || /^\+server\./.test(entry.name)) continue;
		const file = path.join(entry.parentPath, entry.name);
		const copy = path.join(target, path.relative(options.routes, file));
		fs.mkdirSync(path.dirname(copy), { recursive: true });
		fs.copyFileSync(file, copy);
	}
	const errorPage = path.join(options.routes, '..', 'error.html');
	if (fs.existsSync(errorPage)) fs.copyFileSync(errorPage, path.join(target, '..', 'error.html'));
}
