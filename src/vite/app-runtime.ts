/**
 * The app's entry in the process-wide registry (`src/app/runtime.ts`) and the virtual modules
 * that read it, for an app whose modules Vite loads or bundled: the same modules the Node loader
 * serves, from the same import rules, without the Node loader's hooks.
 */
import { readDeclaredEnv } from '../app/declared-env.js';
import { loadEnv, loadKitEnv } from '../app/env.js';
import type { VirtualModule } from '../app/imports.js';
import { runtime } from '../app/runtime.js';
import type { ResolvedOptions } from '../options.js';
import type { Importer } from '../routes/load.js';

export interface AppModules {
	/** the app's id in the registry */
	id: string;
	/** the virtual modules as they are now, by specifier */
	modules(): Record<string, VirtualModule>;
	/** what `$lib` says when the app has none */
	libMissing: string | undefined;
	/**
	 * Reads what the load's own modules hold (SvelteKit 3's declared variables, from `src/env`
	 * through `load`); true when they changed since the last load, so that what imported them must
	 * be evaluated again.
	 */
	prepare(load: Importer, problems: string[]): Promise<boolean>;
	/** Declares the names the modules of SvelteKit 3's declared variables export, values unread (a build). */
	declare(names: { private: string[]; public: string[] }): void;
}

// one set of declared values per app: Vite evaluates what imports them again when they change
const LOAD = 0;

/**
 * Registers the app, reading its variables as the Node loader does (`.env` files in `env.dir`
 * for the mode, under `process.env`), under `id` (a build names the id its bundled modules use).
 */
export function appModules(options: ResolvedOptions, id = `vite${runtime().nextId++}`): AppModules {
	const rules = options.semantics.imports;
	const mode = options.dev ? 'development' : 'production';
	const env = rules.env === 'prefixed' ? loadKitEnv(options.env, mode) : { public: {}, private: {} };
	const variables = rules.env === 'declared' ? loadEnv(mode, options.env.dir) : {};
	const app = { dev: options.dev, version: options.version, env, root: options.root, variables, rules, declared: new Map() };
	runtime().apps.set(id, app);
	const expression = `globalThis[Symbol.for('kit-endpoints.runtime')].apps.get(${JSON.stringify(id)})`;
	const shared = rules.appModules({ runtime: expression, dev: options.dev, env });

	const declared = rules.declared;
	const input = (names = { private: [] as string[], public: [] as string[] }) => ({
		runtime: expression,
		dev: options.dev,
		version: LOAD,
		names
	});
	// before `src/env` is read, importing its modules is SvelteKit's circular-import error
	let perLoad: Record<string, VirtualModule> = {};
	for (const specifier of Object.keys(declared?.modules(input()) ?? {})) perLoad[specifier] = { error: declared!.tooEarly(specifier) };
	let last = '';

	return {
		id,
		modules: () => ({ ...shared, ...perLoad }),
		libMissing: rules.lib.byDefault || options.libGiven ? undefined : rules.lib.removed,
		async prepare(load, problems) {
			if (!declared) return false;
			const result = await readDeclaredEnv(options.root, variables, load, problems);
			if (!result) return false;
			app.declared.set(LOAD, result.values);
			perLoad = declared.modules(input(result.names));
			const key = JSON.stringify(result);
			const changed = last !== '' && key !== last;
			last = key;
			return changed;
		},
		declare(names) {
			if (declared) perLoad = declared.modules(input(names));
		}
	};
}
