import path from 'node:path';
import { listMatcherDir } from './matchers.js';
import type { EndpointModule, ParamMatcher } from './types.js';

/**
 * What one major version of SvelteKit allows in a routes tree. The reader, the parser and the
 * loader take all that differs between versions from here, so that supporting another version
 * is another object rather than branches in each of them.
 */
export interface RouteRules {
	/** the HTTP methods a `+server` module may export, in the order SvelteKit lists them in `Allow` */
	readonly methods: readonly string[];
	/** every export a `+server` module may have besides `_`-prefixed ones, in the order messages list them */
	readonly serverExports: readonly string[];
	/**
	 * The exports of the other route files, by file name in the order the hint lists them,
	 * for the hint when one of them turns up in a `+server` module.
	 */
	readonly routeFileExports: Readonly<Record<string, readonly string[]>>;
	/**
	 * A param or matcher name in a route id: the pattern for one name, unanchored as it is built
	 * into the patterns that read route ids (its flags are not), and the same in words for messages.
	 */
	readonly paramName: { readonly pattern: RegExp; readonly described: string };
	/** extensions a `+server`, `+page` or `+layout` module, or a matcher module, may have */
	readonly moduleExtensions: readonly string[];
	/**
	 * A route file's name followed by one of these names another file, which is skipped:
	 * `+server.d.ts`, also with the route file's extension kept (`+server.js.d.ts`).
	 */
	readonly skippedSuffixes: readonly string[];
	readonly matchers: {
		/** where the matchers are when the `params` option is not given */
		defaultLocation(routesDir: string): string;
		/** the matcher modules at `location`, by matcher name; a location that does not exist has none */
		find(location: string, problems: string[]): Record<string, string>;
		/** matcher `name` of its imported module as a function that accepts or refuses a value, or why there is none */
		fromModule(module: EndpointModule, name: string): ParamMatcher | string;
	};
}

const MODULE_EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs'];
const LAYOUT_EXPORTS = ['load', 'prerender', 'csr', 'ssr', 'trailingSlash', 'config'];

/** SvelteKit 2's rules, the default. */
export const kit2RouteRules: RouteRules = {
	methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'],
	serverExports: [
		'GET',
		'POST',
		'PATCH',
		'PUT',
		'DELETE',
		'OPTIONS',
		'HEAD',
		'fallback',
		'prerender',
		'trailingSlash',
		'config',
		'entries'
	],
	routeFileExports: {
		'+layout': LAYOUT_EXPORTS,
		'+page': [...LAYOUT_EXPORTS, 'entries'],
		'+layout.server': LAYOUT_EXPORTS,
		'+page.server': [...LAYOUT_EXPORTS, 'actions', 'entries']
	},
	paramName: { pattern: /\w+/, described: 'underscores and alphanumeric characters' },
	moduleExtensions: MODULE_EXTENSIONS,
	skippedSuffixes: ['.d.ts'],
	matchers: {
		defaultLocation: (routesDir) => path.join(routesDir, '..', 'params'),
		// one module per matcher, named after it
		find: (dir, problems) => listMatcherDir(dir, MODULE_EXTENSIONS, problems),
		fromModule: (module) =>
			typeof module.match === 'function' ? (module.match as ParamMatcher) : 'a param matcher must export a `match(param)` function'
	}
};
