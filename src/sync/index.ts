import path from 'node:path';
import { defaultLib, envSettings } from '../app/defaults.js';
import { scanRoutes } from '../routes/scan.js';
import { ambientTypes } from './ambient.js';
import { chooseBase, type BaseChoice, type BaseTypes } from './base.js';
import { readEnvNames, type EnvOptions } from './env.js';
import { writeIfChanged } from './files.js';
import { writeRouteTypes } from './route-types.js';
import { tsconfig } from './tsconfig.js';

export type { BaseTypes } from './base.js';
export type { EnvOptions } from './env.js';

export interface SyncOptions {
	/** the routes directory */
	routes: string;
	/** the project root, which the other paths are relative to; default: the working directory */
	cwd?: string;
	/** where the param matchers are (SvelteKit 2: a directory; 3: the params module); default: `params` beside the routes directory */
	params?: string;
	/** what `$lib` points at; default: `lib` beside the routes directory */
	lib?: string;
	/** where the generated files go; default `.svelte-kit`, as SvelteKit's `outDir` */
	out?: string;
	/** whose types the route types build on; default: SvelteKit's when it is installed */
	types?: BaseTypes;
	/** where the `.env` files are and how public names are told from private ones */
	env?: EnvOptions;
	/** page component extensions; default `['.svelte']` */
	extensions?: string[];
	/** receives warnings about the route tree; default `console.warn` */
	warn?: (message: string) => void;
}

export interface SyncResult {
	/** absolute path of the output directory */
	out: string;
	base: BaseChoice;
	/** how many routes got a `$types.d.ts` */
	routes: number;
	/** absolute paths of the files whose content changed */
	written: string[];
	/** absolute paths of the `$types.d.ts` files of routes that are gone */
	removed: string[];
}

/**
 * Writes what `svelte-kit sync` writes for endpoints: a `$types.d.ts` per route, the
 * `tsconfig.json` the project's extends, and `ambient.d.ts` for `$env/*` and `$app/*`. The
 * route tree is scanned, never imported; a broken tree throws its RouteTreeError before
 * anything is written.
 */
export function sync(options: SyncOptions): SyncResult {
	const cwd = path.resolve(options.cwd ?? '.');
	const routes = path.resolve(cwd, options.routes);
	const out = path.resolve(cwd, options.out ?? '.svelte-kit');
	const lib = path.resolve(cwd, options.lib ?? defaultLib(routes));

	const scanned = scanRoutes(routes, {
		params: options.params === undefined ? undefined : path.resolve(cwd, options.params),
		extensions: options.extensions,
		warn: options.warn
	});
	const env = readEnvNames(envSettings(options.env, cwd));
	const base = chooseBase(cwd, options.types);

	// the mirror of the routes directory, without the `../` that would climb out of ./types
	const mirror = path
		.relative(cwd, routes)
		.split(path.sep)
		.filter((part) => part !== '..');
	const typesRoot = path.join(out, 'types', ...mirror);
	const { written, removed } = writeRouteTypes(scanned.routes, typesRoot, scanned.matchers, base);

	const files: Array<[string, string]> = [
		[path.join(out, 'tsconfig.json'), JSON.stringify(tsconfig({ cwd, outDir: out, routes, lib }), null, '\t') + '\n'],
		[path.join(out, 'ambient.d.ts'), ambientTypes(env, base)]
	];
	for (const [file, content] of files) {
		if (writeIfChanged(file, content)) written.push(file);
	}
	return { out, base, routes: scanned.routes.length, written, removed };
}
