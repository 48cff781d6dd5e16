/**
 * The Vite config an app's modules load (or build) with: the app's own `vite.config.*`, without
 * SvelteKit's plugins, with SvelteKit's aliases (`$lib`, `kit.alias` from `svelte.config.js`) and
 * kit-endpoints' plugin for the virtual modules.
 *
 * SvelteKit's plugins (`sveltekit()`, and the `vite-plugin-svelte` it brings) are left out: they
 * would start SvelteKit's own dev server and router, compile pages, and provide `$app/*` and
 * `$env/*` of their own. Every other plugin (markdown, YAML, images...) stays, in its order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Alias as ViteAlias, InlineConfig, Plugin, PluginOption } from 'vite';
import { readKitAliases } from '../app/kit-alias.js';
import type { ResolvedOptions } from '../options.js';
import type { ViteApp } from './detect.js';

export type ViteModule = typeof import('vite');

/** `vite` as the app resolves it (the package's own, never bundled with kit-endpoints). */
export async function importVite(app: ViteApp): Promise<ViteModule> {
	return (await import(pathToFileURL(app.vite).href)) as ViteModule;
}

/**
 * Runs `fn`, then gives `NODE_ENV` back its value: Vite sets it (to `development` when it is
 * unset, whatever the mode) for the whole process, where the host app and the `dev` default of
 * other middlewares would see it.
 */
export async function keepingNodeEnv<T>(fn: () => Promise<T>): Promise<T> {
	const saved = process.env.NODE_ENV;
	try {
		return await fn();
	} finally {
		if (saved === undefined) delete process.env.NODE_ENV;
		else process.env.NODE_ENV = saved;
	}
}

// vite-plugin-svelte's plugins and SvelteKit's (2.x: vite-plugin-sveltekit-*; 3.x also sveltekit:*)
const SVELTEKIT_PLUGIN = /^(?:vite-plugin-svelte|sveltekit\b)/;

/** The app's config for `command`, with kit-endpoints' parts; `overrides` (server or build options) win. */
export async function appViteConfig(
	vite: ViteModule,
	app: ViteApp,
	options: ResolvedOptions,
	input: { command: 'serve' | 'build'; plugin: Plugin; libAlias: boolean; overrides: InlineConfig }
): Promise<InlineConfig> {
	const mode = options.dev ? 'development' : 'production';
	const env = { command: input.command, mode, isSsrBuild: input.command === 'build', isPreview: false };
	const loaded = await keepingNodeEnv(() => vite.loadConfigFromFile(env, app.configFile, app.root, 'silent')).catch((error: unknown) => {
		throw new Error(
			`${app.configFile} failed to load: ${(error as Error).message}. Set the vite option to false to load the app without Vite`,
			{
				cause: error
			}
		);
	});
	const user = loaded?.config ?? {};
	const plugins = (await flatten(user.plugins)).filter((plugin) => !SVELTEKIT_PLUGIN.test(plugin.name));
	const kit = await readSvelteConfig(app.root);
	const lib = options.libGiven || !kit.lib ? options.lib : path.resolve(app.root, kit.lib);
	const ours: InlineConfig = {
		configFile: false,
		root: app.root,
		mode,
		clearScreen: false,
		logLevel: user.logLevel ?? 'warn',
		resolve: { alias: await kitAliases(app.root, input.libAlias ? lib : undefined) },
		...input.overrides
	};
	const merged = vite.mergeConfig({ ...user, plugins: [] }, ours) as InlineConfig;
	merged.plugins = [input.plugin, ...plugins];
	return merged;
}

/** The plugins of a config, as Vite reads them: awaited, arrays flattened, falsy ones dropped. */
async function flatten(option: PluginOption | undefined): Promise<Plugin[]> {
	const value = await option;
	if (!value) return [];
	if (Array.isArray(value)) return (await Promise.all(value.map(flatten))).flat();
	return [value as Plugin];
}

interface KitConfig {
	lib: string | undefined;
	/** `kit.version.name` */
	version: string | undefined;
}

/** `kit.files.lib` and `kit.version.name` of `svelte.config.js` (SvelteKit 2), when there is one. */
export async function readSvelteConfig(root: string): Promise<KitConfig> {
	const file = ['svelte.config.js', 'svelte.config.mjs'].map((name) => path.join(root, name)).find((f) => fs.existsSync(f));
	if (!file) return { lib: undefined, version: undefined };
	let config: { kit?: { files?: { lib?: string }; version?: { name?: string } } } | undefined;
	try {
		config = ((await import(pathToFileURL(file).href)) as { default?: typeof config }).default;
	} catch (error) {
		throw new Error(`${file} failed to load: ${(error as Error).message}`, { cause: error });
	}
	return { lib: config?.kit?.files?.lib, version: config?.kit?.version?.name };
}

/**
 * SvelteKit's aliases as Vite's (`get_config_aliases` in exports/vite/utils.js): `$lib` first,
 * then each `kit.alias` entry as the Node loader reads them (`src/app/kit-alias.ts`).
 */
async function kitAliases(root: string, lib: string | undefined): Promise<ViteAlias[]> {
	const aliases: ViteAlias[] = lib ? [{ find: '$lib', replacement: lib }] : [];
	for (const { find, match, replacement } of await readKitAliases(root)) {
		const target = replacement.split(path.sep).join('/');
		if (match === 'prefix') aliases.push({ find: new RegExp(`^${escapeRegExp(find)}\\/(.+)$`), replacement: `${target}/$1` });
		else if (match === 'exact') aliases.push({ find: new RegExp(`^${escapeRegExp(find)}$`), replacement: target });
		else aliases.push({ find, replacement: target });
	}
	return aliases;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
