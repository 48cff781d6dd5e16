/**
 * An app's modules loaded through Vite's module runner, as SvelteKit's dev server loads them:
 * every Vite feature (`import.meta.glob`, `?raw`, assets, JSON, the app's plugins and aliases)
 * works because Vite itself does it. The Vite server runs in middleware mode without a port and
 * without HMR; in development its watcher tells which modules an edit touched, and only those
 * (and the modules that import them) are evaluated again.
 */
import path from 'node:path';
import type { ModuleRunner } from 'vite/module-runner';
import type { ViteDevServer } from 'vite';
import type { ResolvedOptions } from '../options.js';
import { isInside } from '../paths.js';
import type { EndpointModule } from '../routes/types.js';
import type { AppModules } from './app-runtime.js';
import { appViteConfig, importVite, keepingNodeEnv } from './config.js';
import type { ViteApp } from './detect.js';
import { kitEndpointsPlugin } from './plugin.js';

export interface ViteRunner {
	/** starts Vite, once; a failed start is tried again at the next call */
	start(): Promise<void>;
	/** imports a module of the app through Vite; throws as `import()` does */
	importModule(file: string): Promise<EndpointModule>;
	/** in development: `changed` after an edit of a module the app loaded, or a file added to or removed from the app's folders */
	watch(changed: () => void): void;
	/** forgets the evaluated copies of what imported the virtual modules (their values changed) */
	invalidateVirtual(): void;
	/** closes Vite (a build's look at `src/env`) */
	close(): Promise<void>;
}

interface Started {
	server: ViteDevServer;
	runner: ModuleRunner;
}

/** A runner for the app; Vite starts at the first import. */
export function createViteRunner(app: ViteApp, options: ResolvedOptions, modules: AppModules): ViteRunner {
	let onChange: (() => void) | undefined;
	let current: Started | undefined;
	let starting: Promise<Started> | undefined;
	const start = () =>
		(starting ??= startVite(app, options, modules).then(
			(started) => {
				current = started;
				if (options.dev) watchEdits(started, appFolders(options), () => onChange?.());
				return started;
			},
			(error: unknown) => {
				starting = undefined;
				throw error;
			}
		));

	return {
		start: async () => void (await start()),
		async importModule(file) {
			const { runner } = await start();
			return (await runner.import(file)) as EndpointModule;
		},
		watch(changed) {
			onChange = changed;
		},
		invalidateVirtual() {
			const runner = current?.runner;
			if (!runner) return;
			for (const node of [...runner.evaluatedModules.idToModuleMap.values()]) {
				if (node.id.startsWith('\0kit-endpoints:')) invalidateWithImporters(runner, node.id, new Set());
			}
		},
		async close() {
			const started = await starting?.catch(() => undefined);
			await started?.runner.close();
			await started?.server.close();
		}
	};
}

/** Where a file added or removed concerns the app: `src`, and `$lib`, the matchers and the hooks where they are elsewhere. */
function appFolders(options: ResolvedOptions): string[] {
	const hooks = typeof options.hooks === 'string' ? [path.dirname(options.hooks)] : [];
	return [options.root, options.lib, ...(options.params ? [options.params] : []), ...hooks];
}

async function startVite(app: ViteApp, options: ResolvedOptions, modules: AppModules): Promise<Started> {
	const vite = await importVite(app);
	const plugin = kitEndpointsPlugin({ modules: modules.modules, libMissing: modules.libMissing });
	const config = await appViteConfig(vite, app, options, {
		command: 'serve',
		plugin,
		libAlias: !modules.libMissing,
		overrides: {
			appType: 'custom',
			// Vite's client-side dependency scan has nothing to do here
			optimizeDeps: { noDiscovery: true, include: [] },
			server: {
				middlewareMode: true,
				hmr: false,
				ws: false,
				preTransformRequests: false,
				// the watcher must not keep the process alive on its own
				watch: options.dev ? { persistent: false } : null
			}
		}
	});
	const server = await keepingNodeEnv(() => vite.createServer(config));
	const runner = vite.createServerModuleRunner(server.environments.ssr!, { hmr: false });
	return { server, runner };
}

/**
 * Calls `changed` after an edit that concerns the app. Vite's own handlers, which invalidate its
 * module graph, are asynchronous and may not have run when the next request reloads the app: so
 * the graph is invalidated here too, before `changed`.
 */
function watchEdits({ server, runner }: Started, folders: string[], changed: () => void): void {
	const graph = server.environments.ssr!.moduleGraph;
	server.watcher.on('change', (file) => {
		const normalized = file.split('\\').join('/');
		for (const module of graph.getModulesByFile(normalized) ?? []) graph.invalidateModule(module);
		// what the app never imported cannot have changed it
		if (invalidate(runner, normalized)) changed();
	});
	for (const event of ['add', 'unlink'] as const) {
		server.watcher.on(event, (file) => {
			// data files, logs and uploads written elsewhere in the project are not the app's
			if (!folders.some((folder) => isInside(file, folder))) return;
			// a glob (or the route tree) may have gained or lost a file: transform and evaluate everything again
			graph.invalidateAll();
			runner.clearCache();
			changed();
		});
	}
}

/** Forgets `file`'s evaluated modules and those that import them; whether there were any. */
function invalidate(runner: ModuleRunner, file: string): boolean {
	const nodes = runner.evaluatedModules.getModulesByFile(file);
	if (!nodes?.size) return false;
	const seen = new Set<string>();
	for (const node of [...nodes]) invalidateWithImporters(runner, node.id, seen);
	return true;
}

function invalidateWithImporters(runner: ModuleRunner, id: string, seen: Set<string>): void {
	if (seen.has(id)) return;
	seen.add(id);
	const node = runner.evaluatedModules.getModuleById(id);
	if (!node) return;
	const importers = [...node.importers];
	runner.evaluatedModules.invalidateModule(node);
	for (const importer of importers) invalidateWithImporters(runner, importer, seen);
}
