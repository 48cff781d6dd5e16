/**
 * Whether an app loads through Vite: it has a Vite config in its project root (where its
 * `package.json` is) and `vite`, an optional peer dependency, resolves from there.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What loading an app through Vite needs to know. */
export interface ViteApp {
	/** the app's project root: Vite's `root`, where `svelte.config.js` and the `.env` files are */
	root: string;
	/** the app's Vite config */
	configFile: string;
	/** the file of the `vite` package the app resolves */
	vite: string;
}

// the names Vite looks for, in its order
const CONFIG_FILES = ['vite.config.js', 'vite.config.mjs', 'vite.config.ts', 'vite.config.cjs', 'vite.config.mts', 'vite.config.cts'];

/**
 * The app's Vite setup for the routes folder `routes`; undefined when the `vite` option is
 * false, or (left unset) when the app has no Vite config or `vite` does not resolve. `vite: true`
 * without either is an error that says which is missing.
 */
export function detectVite(routes: string, option: boolean | undefined): ViteApp | undefined {
	if (option === false) return undefined;
	const root = projectRoot(routes);
	const configFile = root && CONFIG_FILES.map((name) => path.join(root, name)).find((file) => fs.existsSync(file));
	if (!root || !configFile) {
		if (option) throw new Error(`vite: true, but the app of ${routes} has no vite.config.js (or .ts) beside its package.json`);
		return undefined;
	}
	const vite = resolveVite(root);
	if (!vite) {
		if (option) throw new Error(`vite: true, but vite does not resolve from ${root}: npm install --save-dev vite`);
		return undefined;
	}
	return { root, configFile, vite };
}

/** The nearest folder above `routes` with a `package.json`: where SvelteKit runs from. */
export function projectRoot(routes: string): string | undefined {
	for (let dir = path.dirname(path.resolve(routes)); ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
		if (path.dirname(dir) === dir) return undefined;
	}
}

function resolveVite(root: string): string | undefined {
	try {
		return createRequire(path.join(root, 'package.json')).resolve('vite');
	} catch {
		return undefined;
	}
}
