/**
 * The app's `kit.alias`, read once from its `svelte.config.js` (or `.ts`, as SvelteKit looks for
 * them) beside `src`, so that route files import through the aliases as they do under SvelteKit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { relative } from '../paths.js';
import type { Alias } from './loader-vite.js';
import { ensureTypeScript } from './register.js';

/** The aliases of the config in `project`: none without a config, or when it cannot be imported (with a warning). */
export async function readKitAliases(project: string): Promise<Alias[]> {
	const file = ['js', 'ts'].map((ext) => path.join(project, `svelte.config.${ext}`)).find((name) => fs.existsSync(name));
	// a config that names no alias is not imported: it imports the adapter and preprocessors
	if (!file || !/\balias\b/.test(fs.readFileSync(file, 'utf8'))) return [];
	let config: unknown;
	try {
		if (file.endsWith('.ts')) await ensureTypeScript();
		config = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		console.warn(
			`kit-endpoints: cannot import ${relative(file)} to read its kit.alias, so route files cannot use those aliases: ${reason}`
		);
		return [];
	}
	const alias = (config as { kit?: { alias?: unknown } } | undefined)?.kit?.alias;
	return alias && typeof alias === 'object' ? toAliases(alias as Record<string, unknown>, project, file) : [];
}

/**
 * SvelteKit's reading of `kit.alias` (`get_config_aliases`): `key/*` matches what is below the
 * key only, a `key` beside its `key/*` the key alone, any other key both; a value's `/*` is
 * dropped, and it is a path from the project folder.
 */
function toAliases(alias: Record<string, unknown>, project: string, file: string): Alias[] {
	const aliases: Alias[] = [];
	for (const [key, value] of Object.entries(alias)) {
		if (typeof value !== 'string') {
			console.warn(`kit-endpoints: ${relative(file)}: kit.alias['${key}'] is not a path, so route files cannot use it`);
			continue;
		}
		const target = path.resolve(project, value.replaceAll('\\', '/').replace(/\/\*$/, ''));
		if (key.endsWith('/*')) aliases.push({ find: key.slice(0, -2), match: 'prefix', replacement: target });
		else aliases.push({ find: key, match: `${key}/*` in alias ? 'exact' : 'both', replacement: target });
	}
	return aliases;
}
