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
import type { Alias, InlineConfig, Plugin, PluginOption } from 'vite';
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
		resolve: { alias: kitAliases(app.root, kit.alias, input.libAlias ? lib : undefined) },
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
	alias: Record<string, string>;
	lib: string | undefined;
	/** `kit.version.name` */
	version: string | undefined;
}

/** `kit.alias`, `kit.files.lib` and `kit.version.name` of `svelte.config.js` (SvelteKit 2), when there is one. */
export async function readSvelteConfig(root: string): Promise<KitConfig> {
	const file = ['svelte.config.js', 'svelte.config.mjs'].map((name) => path.join(root, name)).find((f) => fs.existsSync(f));
	if (!file) return { alias: {}, lib: undefined, version: undefined };
	let config: { kit?: { alias?: Record<string, string>; files?: { lib?: string }; version?: { name?: string } } } | undefined;
	try {
		config = ((await import(pathToFileURL(file).href)) as { default?: typeof config }).default;
	} catch (error) {
		throw new Error(`${file} failed to load: ${(error as Error).message}`, { cause: error });
	}
	return { alias: config?.kit?.alias ?? {}, lib: config?.kit?.files?.lib, version: config?.kit?.version?.name };
}

/**
 * SvelteKit's aliases (`get_config_aliases` in exports/vite/utils.js): `$lib` first, then each
 * `kit.alias` entry, `key/*` matching only below the key. Paths are relative to the project root.
 */
export function kitAliases(root: string, alias: Record<string, string>, lib: string | undefined): Alias[] {
	const aliases: Alias[] = lib ? [{ find: '$lib', replacement: lib }] : [];
	for (const [key, raw] of Object.entries(alias)) {
		const value = path
			.resolve(root, raw.endsWith('/*') ? raw.slice(0, -2) : raw)
			.split(path.sep)
			.join('/');
		if (key.endsWith('/*')) {
			aliases.push({ find: new RegExp(`^${escapeRegExp(key.slice(0, -2))}\\/(.+)$`), replacement: `${value}/$1` });
		} else if (`${key}/*` in alias) {
			aliases.push({ find: new RegExp(`^${escapeRegExp(key)}$`), replacement: value });
		} else {
			aliases.push({ find: key, replacement: value });
		}
	}
	return aliases;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
