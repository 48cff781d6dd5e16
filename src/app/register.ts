import { createRequire, register } from 'node:module';
import path from 'node:path';
import { loadKitEnv, type EnvConfig } from './env.js';
import type { LoaderData } from './loader.js';
import { runtime } from './runtime.js';

/** The search param that makes Node import a route file, and the app files it imports, afresh (dev reloading). */
export { VERSION_PARAM } from './loader.js';

export interface AppConfig {
	/** The app's `src` directory: its files get SvelteKit's virtual imports. */
	root: string;
	/** What `$lib` points at. */
	lib: string;
	/** Other files that get the virtual imports: a hooks file outside `root`. */
	files?: string[];
	/** `dev` from `$app/environment`; also picks the `.env.[mode]` files. */
	dev: boolean;
	/** `version` from `$app/environment`. */
	version: string;
	env: EnvConfig;
}

// The hooks module beside this one: `loader.ts` when the package runs from its sources under
// tsx (the tests), `loader.js` from dist.
const LOADER = new URL(`./loader${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url);

/**
 * Makes `$lib`, `$env/*`, `$app/environment`, `$app/server` and `@sveltejs/kit/hooks` work in the
 * files under `config.root` (and `config.lib`), and returns the app's id.
 *
 * Hooks cannot be removed, so an app registers once: the same root, lib, mode and env again
 * returns the same id, and keeps the first `version`. A second version could not show anyway,
 * since Node keeps the modules that already imported `$app/environment`.
 */
export function registerApp(config: AppConfig): string {
	const root = path.resolve(config.root);
	const lib = path.resolve(config.lib);
	const env = loadKitEnv({ ...config.env, dir: path.resolve(config.env.dir) }, config.dev ? 'development' : 'production');
	const state = runtime();
	// the env values are part of the key: the hooks thread bakes them into `$env/static/*`
	const key = JSON.stringify([root, lib, config.files ?? [], config.dev, env]);
	const known = state.registrations.get(key);
	if (known !== undefined) return known;
	// the first registration of a folder serves its files: a second one could not be told apart
	const rivals = [...state.registrations.keys()].filter((other) => JSON.parse(other)[0] === root);
	if (rivals.length) {
		console.warn(
			`kit-endpoints: ${root} is already served with other settings (dev, env, lib or hooks); ` +
				'its modules keep the settings they were first imported with'
		);
	}

	const id = `app${state.nextId++}`;
	state.apps.set(id, { dev: config.dev, version: config.version, env });
	const data: LoaderData = { id, root, lib, files: (config.files ?? []).map((file) => path.resolve(file)), env };
	// the hooks are registered once; each later app only adds itself to them, through the
	// companion module beside the registered loader (which may be another copy of this package's)
	if (state.loader === undefined) {
		register(LOADER, { parentURL: import.meta.url, data });
		state.loader = LOADER.href;
	} else {
		const companion = new URL(`./loader-app${path.extname(new URL(state.loader).pathname)}`, state.loader);
		companion.searchParams.set('app', id);
		register(companion, { parentURL: import.meta.url, data: { ...data, loader: state.loader } });
	}
	state.registrations.set(key, id);
	return id;
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
