import path from 'node:path';
import { defaultLib } from '../app/defaults.js';
import { scanRoutes } from '../routes/scan.js';
import { installedKitMajor, semanticsFor, type KitMajor } from '../semantics/index.js';
import { chooseBase, type BaseChoice, type BaseTypes } from './base.js';
import type { EnvOptions } from './env.js';
import { writeIfChanged } from './files.js';
import { writeRouteTypes } from './route-types.js';
import type { SyncContext } from './rules.js';

export type { BaseTypes } from './base.js';
export type { EnvOptions } from './env.js';

export interface SyncOptions {
	/** the routes directory */
	routes: string;
	/** the project root, which the other paths are relative to; default: the working directory */
	cwd?: string;
	/** the SvelteKit whose sync output to write; default: 3 when the routes resolve `@sveltejs/kit@3`, else 2 */
	kit?: KitMajor;
	/** where the param matchers are (SvelteKit 2: a directory; 3: the params module); default: `params` beside the routes directory */
	params?: string;
	/** what `$lib` points at; default: `lib` beside the routes directory (SvelteKit 3: no `$lib` unless given) */
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
	/** the SvelteKit major whose output was written */
	kit: KitMajor;
	base: BaseChoice;
	/** how many routes got a `$types.d.ts` */
	routes: number;
	/** absolute paths of the files whose content changed */
	written: string[];
	/** absolute paths of the `$types.d.ts` files of routes that are gone */
	removed: string[];
	/** where the files went, and what the types are, for a summary */
	places: string[];
	description: string;
}

/**
 * Writes what `svelte-kit sync` writes for endpoints, as the SvelteKit major of `options.kit`
 * (or of the installed `@sveltejs/kit`) writes it: a `$types.d.ts` per route, the tsconfig the
 * project's extends, and the declarations of the virtual modules. The route tree is scanned,
 * never imported (SvelteKit 3's `src/env` is, to read what it declares); a broken tree throws
 * its RouteTreeError before anything is written.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
	const cwd = path.resolve(options.cwd ?? '.');
	const routes = path.resolve(cwd, options.routes);
	const out = path.resolve(cwd, options.out ?? '.svelte-kit');
	// unlike the middleware (which follows the current release), no SvelteKit means SvelteKit 2's
	// files: a project's existing tsconfig.json extends those
	const semantics = semanticsFor(options.kit ?? installedKitMajor(routes) ?? 2, routes);
	const params = path.resolve(cwd, options.params ?? semantics.routes.matchers.defaultLocation(routes));

	const scanned = scanRoutes(routes, {
		params: options.params === undefined ? undefined : params,
		extensions: options.extensions,
		warn: options.warn,
		rules: semantics.routes
	});
	const context: SyncContext = {
		cwd,
		out,
		routes,
		lib: path.resolve(cwd, options.lib ?? defaultLib(routes)),
		libGiven: options.lib !== undefined,
		base: chooseBase(cwd, options.types),
		env: options.env,
		scanned: scanned.routes,
		params,
		matchers: scanned.matchers
	};
	const rules = semantics.types;
	// read before anything is written: a problem there leaves the output as it was
	const files = await rules.projectFiles(context);

	// the mirror of the routes directory, without the `../` that would climb out of ./types
	const mirror = path
		.relative(cwd, routes)
		.split(path.sep)
		.filter((part) => part !== '..');
	const typesRoot = path.join(out, 'types', ...mirror);
	const { written, removed } = writeRouteTypes(scanned.routes, typesRoot, (route, dir) => rules.routeTypes(route, dir, context));
	for (const [file, content] of files) {
		if (writeIfChanged(file, content)) written.push(file);
	}
	return {
		out,
		kit: semantics.major,
		base: context.base,
		routes: scanned.routes.length,
		written,
		removed,
		places: rules.places(context),
		description: rules.describe(context.base)
	};
}
