/**
 * Where an app's modules come from, chosen once per middleware: Vite's module runner when the
 * app has Vite (`src/vite/`), the output of `kit-endpoints build`, or Node's own `import()` with
 * kit-endpoints' module hooks for SvelteKit's virtual imports (`register.ts`). The route tree,
 * the hooks and their failures are handled alike whichever it is.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolvedOptions } from '../options.js';
import { isInside, relative } from '../paths.js';
import { nodeImporter, type Importer, type ModuleImporter } from '../routes/load.js';
import type { EndpointModule } from '../routes/types.js';
import { appModules } from '../vite/app-runtime.js';
import { createViteRunner } from '../vite/runner.js';
import { watchApp } from '../watch.js';
import { readKitAliases } from './kit-alias.js';
import { prepareLoad, registerAliases, registerApp } from './register.js';

export interface ModuleSource {
	readonly kind: 'node' | 'vite' | 'build';
	/** how the load `version` imports the app's modules */
	importer(version: number): ModuleImporter;
	/** readies what a load imports that is that load's own (SvelteKit 3's declared variables); problems go to `problems` */
	prepare(version: number, load: Importer, problems: string[]): Promise<void>;
	/** in development: calls `changed` after an edit of the app */
	watch(changed: () => void): void;
}

export function createModuleSource(options: ResolvedOptions): ModuleSource {
	if (options.build) {
		const modules = appModules(options, options.build.id);
		return {
			kind: 'build',
			// bundled: nothing left for the module hooks to resolve
			importer: () => (file) => import(pathToFileURL(file).href) as Promise<EndpointModule>,
			prepare: async (_version, load, problems) => void (await modules.prepare(load, problems)),
			watch: () => {}
		};
	}
	if (options.vite) {
		const modules = appModules(options);
		const runner = createViteRunner(options.vite, options, modules);
		return {
			kind: 'vite',
			// Vite's module graph, not a version, decides what is evaluated again
			importer: () => (file) => runner.importModule(file),
			async prepare(_version, load, problems) {
				try {
					await runner.start();
				} catch (error) {
					// one problem, rather than the same one for every module of the app
					problems.push(`${relative(options.vite!.configFile)}: Vite could not start: ${(error as Error).message}`);
					return;
				}
				if (await modules.prepare(load, problems)) runner.invalidateVirtual();
			},
			watch: (changed) => runner.watch(changed)
		};
	}
	// a hooks file in src is the app's already; one beside it must be named
	const outside = typeof options.hooks === 'string' && !isInside(options.hooks, options.root);
	const id = registerApp({ ...options, files: outside ? [options.hooks as string] : [], imports: options.semantics.imports });
	// read once: the app's own aliases, before its first module imports through one
	const aliases = readKitAliases(path.dirname(options.root)).then((found) => registerAliases(id, found));
	return {
		kind: 'node',
		importer: nodeImporter,
		async prepare(version, load, problems) {
			await aliases;
			await prepareLoad(id, version, load, problems);
		},
		watch: (changed) => watchApp(options, changed)
	};
}
