import path from 'node:path';
import { envSettings } from '../app/defaults.js';
import type { ScannedRoute } from '../routes/types.js';
import { ambientTypes } from './ambient.js';
import type { BaseChoice } from './base.js';
import { readEnvNames, type EnvOptions } from './env.js';
import { routeTypes } from './route-types.js';
import { tsconfig } from './tsconfig.js';

/** What a sync knows once the tree is scanned; every path is absolute. */
export interface SyncContext {
	/** the project root */
	cwd: string;
	/** SvelteKit's `outDir` (`.svelte-kit`) */
	out: string;
	routes: string;
	lib: string;
	/** whether `lib` was given rather than defaulted (SvelteKit 3 maps `$lib` only when configured) */
	libGiven: boolean;
	base: BaseChoice;
	env: EnvOptions | undefined;
	/** the scanned routes, in SvelteKit's order */
	scanned: ScannedRoute[];
	/** where the matchers are: the `params` option, else the route rules' default */
	params: string;
	/** the module that defines each matcher a route uses, by name, as the scan found it */
	matchers: Record<string, string>;
}

/**
 * What one SvelteKit major's `svelte-kit sync` writes for endpoints, and where: referenced by
 * the semantics profile, so that `sync` asks it instead of branching on a version.
 */
export interface TypesRules {
	/** the `$types.d.ts` of one route, which goes to `dir` */
	routeTypes(route: ScannedRoute, dir: string, context: SyncContext): string;
	/** the other files, by absolute path: the tsconfig a project extends, the declarations of the virtual modules */
	projectFiles(context: SyncContext): Promise<Array<[string, string]>>;
	/** where the files go, for the summary */
	places(context: SyncContext): string[];
	/** what the summary says the types are: `types from @sveltejs/kit` */
	describe(base: BaseChoice): string;
}

const typesFrom = (base: BaseChoice) => `types from ${base.types === 'kit' ? '@sveltejs/kit' : 'kit-endpoints'}`;

/**
 * SvelteKit 2's (`core/sync/write_tsconfig.js`, `write_ambient.js`, `write_types`): everything
 * in `outDir`: `tsconfig.json`, `ambient.d.ts` with the `$env/*` modules, and the route types.
 */
export const kit2TypesRules: TypesRules = {
	routeTypes: (route, dir, context) => routeTypes(route, dir, context.matchers, context.base),
	async projectFiles({ cwd, out, routes, lib, env, base }) {
		const names = readEnvNames(envSettings(env, cwd));
		return [
			[path.join(out, 'tsconfig.json'), JSON.stringify(tsconfig({ cwd, outDir: out, routes, lib }), null, '\t') + '\n'],
			[path.join(out, 'ambient.d.ts'), ambientTypes(names, base)]
		];
	},
	places: ({ out }) => [out],
	describe: typesFrom
};
