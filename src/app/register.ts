import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadEnv, loadKitEnv, type EnvConfig } from './env.js';
import { kit2ImportRules, type ImportRules, type VirtualModule } from './imports.js';
import { initialize, load, resolve, type HooksData, type LoaderData } from './loader.js';
import type { Alias } from './loader-vite.js';
import { runtime } from './runtime.js';
import { readDeclaredEnv } from './declared-env.js';
import type { Importer } from '../routes/load.js';

/** The search param that makes Node import a route file, and the app files it imports, afresh (dev reloading). */
export { VERSION_PARAM } from './loader.js';

export interface AppConfig {
	/** The app's `src` directory: its files get SvelteKit's virtual imports. */
	root: string;
	/** What `$lib` points at. */
	lib: string;
	/** Whether `lib` was configured rather than defaulted: rules without a default `$lib` (SvelteKit 3's) keep it then. */
	libGiven?: boolean;
	/** Other files that get the virtual imports: a hooks file outside `root`. */
	files?: string[];
	/** `dev` from `$app/environment`; also picks the `.env.[mode]` files. */
	dev: boolean;
	/** `version` from `$app/environment`. */
	version: string;
	env: EnvConfig;
	/** Which SvelteKit's virtual modules the app gets (its profile's `imports`); default SvelteKit 2's. */
	imports?: ImportRules;
}

// The hooks module beside this one: `loader.ts` when the package runs from its sources under
// tsx (the tests), `loader.js` from dist.
const LOADER = new URL(`./loader${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url);

/**
 * Makes the virtual imports of `config.imports` (`$lib`, `$env/*`, `$app/*`,
 * `@sveltejs/kit/hooks`) work in the files under `config.root` (and `config.lib`), and returns
 * the app's id.
 *
 * Hooks cannot be removed, so an app registers once: the same root, lib, mode, env and rules
 * again returns the same id, and keeps the first `version`. A second version could not show
 * anyway, since Node keeps the modules that already imported `$app/environment`.
 */
export function registerApp(config: AppConfig): string {
	const rules = config.imports ?? kit2ImportRules;
	const root = path.resolve(config.root);
	const lib = rules.lib.byDefault || config.libGiven ? path.resolve(config.lib) : undefined;
	const mode = config.dev ? 'development' : 'production';
	const envConfig = { ...config.env, dir: path.resolve(config.env.dir) };
	// split by prefix once (SvelteKit 2), or kept whole for what `src/env` declares at each load (SvelteKit 3)
	const env = rules.env === 'prefixed' ? loadKitEnv(envConfig, mode) : { public: {}, private: {} };
	const variables = rules.env === 'declared' ? loadEnv(mode, envConfig.dir) : {};
	const state = runtime();
	// the env values are part of the key: the hooks thread bakes them into `$env/static/*`
	const key = JSON.stringify([root, lib, config.files ?? [], config.dev, env, variables, rules.name]);
	const known = state.registrations.get(key);
	if (known !== undefined) return known;
	// the first registration of a folder serves its files: a second one could not be told apart
	const rivals = [...state.registrations.keys()].filter((other) => JSON.parse(other)[0] === root);
	if (rivals.length) {
		console.warn(
			`kit-endpoints: ${root} is already served with other settings (dev, env, lib, hooks or kit); ` +
				'its modules keep the settings they were first imported with'
		);
	}

	const id = `app${state.nextId++}`;
	state.apps.set(id, { dev: config.dev, version: config.version, env, root, variables, rules, declared: new Map() });
	const modules = rules.appModules({ runtime: runtimeOf(id), dev: config.dev, env });
	const perLoad: Record<string, string> = {};
	for (const specifier of Object.keys(rules.declared?.modules(declaredInput(id, config.dev, 0)) ?? {})) {
		perLoad[specifier] = rules.declared!.tooEarly(specifier);
	}
	const data: LoaderData = {
		id,
		root,
		lib,
		libMissing: rules.lib.byDefault ? undefined : rules.lib.removed,
		files: (config.files ?? []).map((file) => path.resolve(file)),
		modules,
		perLoad,
		viteSubpathImports: rules.viteSubpathImports,
		provided: listed([...(lib ? ['$lib'] : []), ...Object.keys(modules), ...Object.keys(perLoad)].filter((name) => name[0] === '$'))
	};
	registerHooks(data, id);
	state.registrations.set(key, id);
	return id;
}

/** The expression by which a generated module reaches its app's entry of the registry. */
function runtimeOf(id: string): string {
	return `globalThis[Symbol.for('kit-endpoints.runtime')].apps.get(${JSON.stringify(id)})`;
}

function declaredInput(id: string, dev: boolean, version: number, names = { private: [] as string[], public: [] as string[] }) {
	return { runtime: runtimeOf(id), dev, version, names };
}

/**
 * The hooks are registered once; each later app, and each load's modules, only add themselves
 * to them, so the chain every import walks stays one link long.
 */
function registerHooks(data: HooksData, tag: string): void {
	const state = runtime();
	if (registerInThread) {
		// the first copy of this package to register keeps the hooks, and every app's data
		if (state.addToHooks === undefined) {
			registerInThread({ resolve, load });
			state.addToHooks = initialize;
			state.loader = LOADER.href;
		}
		state.addToHooks(data);
		return;
	}
	registerOffThread(data, tag);
}

/**
 * Node's synchronous in-thread hooks (22.15+, 23.5+): `module.register`, which runs hooks in a
 * thread of their own, is deprecated from Node 26 (DEP0205).
 */
const registerInThread = (nodeModule as { registerHooks?: (hooks: { resolve: typeof resolve; load: typeof load }) => unknown })
	.registerHooks;

/**
 * Without in-thread hooks, each app after the first reaches the hooks thread through the
 * companion module beside the registered loader (which may be another copy of this package's);
 * a companion has no resolve or load hook.
 */
function registerOffThread(data: HooksData, tag: string): void {
	const state = runtime();
	if (state.loader === undefined) {
		nodeModule.register(LOADER, { parentURL: import.meta.url, data });
		state.loader = LOADER.href;
		return;
	}
	const companion = new URL(`./loader-app${path.extname(new URL(state.loader).pathname)}`, state.loader);
	companion.searchParams.set('app', tag);
	nodeModule.register(companion, { parentURL: import.meta.url, data: { ...data, loader: state.loader } });
}

/** Hands the app's `kit.alias` entries to the hooks: its files then import through them. */
export function registerAliases(id: string, aliases: Alias[]): void {
	if (aliases.length) registerHooks({ id, aliases }, `${id}-alias`);
}

/** `a`, `a and b`, `a, b and c`. */
function listed(names: string[]): string {
	return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'nothing');
}

/**
 * Readies what one load of app `id` imports that is the load's own: under rules whose
 * variables `src/env` declares (SvelteKit 3's), reads and validates them and declares the
 * modules that hold them. Call it before the load imports route or hook files. A problem
 * (`src/env` failing to import, or invalid) is added to `problems`, and the load declares nothing.
 */
export async function prepareLoad(id: string, version: number, load: Importer, problems: string[]): Promise<void> {
	const app = runtime().apps.get(id);
	const declared = app?.rules.declared;
	if (!app || !declared) return;
	const result = await readDeclaredEnv(app.root, app.variables, load, problems);
	if (!result) return;
	app.declared.set(version, result.values);
	const modules = declared.modules(declaredInput(id, app.dev, version, result.names));
	const sources: Record<string, { source: string }> = {};
	for (const [specifier, module] of Object.entries(modules)) sources[specifier] = { source: sourceOf(module) };
	registerHooks({ id, version, modules: sources }, `${id}-${++loads}`);
}

let loads = 0;

function sourceOf(module: VirtualModule): string {
	if (!('source' in module)) throw new TypeError('the modules of a load must be generated ones');
	return module.source;
}

/**
 * How `.ts` route files get loaded, decided once per process:
 * - `native`: Node strips the types itself (`process.features.typescript`: Node 22.18+ and 23.6+,
 *   or earlier 22s with `--experimental-strip-types`); it needs no dependency, and the loader
 *   supplies the Vite-style resolution (`./db` or `./db.js` for `db.ts`) that Node lacks.
 * - `loader`: a TypeScript loader already runs (tsx and ts-node both add `.ts` to CommonJS's
 *   `require.extensions`, the one trace they leave that can be read), or none did and tsx, an
 *   optional peer dependency, could be registered here. Registered after the apps' hooks, tsx's
 *   run first and hand what they do not know (`$lib/…`, `$env/…`) on to them.
 * - `none`: `.ts` files cannot be imported; the route loader explains what to do.
 */
export function ensureTypeScript(): Promise<'native' | 'loader' | 'none'> {
	return (runtime().typescript ??= decideTypeScript());
}

async function decideTypeScript(): Promise<'native' | 'loader' | 'none'> {
	if ((process.features as { typescript?: unknown }).typescript) return 'native';
	if (createRequire(import.meta.url).extensions['.ts']) return 'loader';
	try {
		const tsx = await import('tsx/esm/api');
		tsx.register();
		return 'loader';
	} catch {
		return 'none';
	}
}
