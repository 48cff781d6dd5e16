import path from 'node:path';
import { relative } from '../paths.js';
import { readDecodedParams, readEncodedParams, type ParamReader } from './exec.js';
import { listMatcherDir } from './matchers.js';
import { kit2RouteMessages, kit3RouteMessages, type RouteMessages } from './messages.js';
import { findParamsModule, readParamsModule } from './params-module.js';
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
	/** the exports that keep a `+server` module with `prerender` set from being prerendered */
	readonly unprerenderable: readonly string[];
	/** A param or matcher name in a route id: unanchored, as it is built into the patterns that read route ids (its flags are not). */
	readonly paramName: { readonly pattern: RegExp };
	/** extensions a `+server`, `+page` or `+layout` module, or a matcher module, may have */
	readonly moduleExtensions: readonly string[];
	/**
	 * A route file's name followed by one of these names another file, which is skipped:
	 * `+server.d.ts`, also with the route file's extension kept (`+server.js.d.ts`).
	 */
	readonly skippedSuffixes: readonly string[];
	/** a `+` file whose name contains one of these is skipped, whatever it would be otherwise: `+server.test.js` */
	readonly skippedInfixes: readonly string[];
	/**
	 * Whether a file that lacks its `+` is pointed out only when it would be a route file of its
	 * own kind (`page.svelte`, `server.js`) rather than of either kind (also `server.svelte`).
	 */
	readonly prefixHintByKind: boolean;
	readonly matchers: MatcherRules;
	/** how a route's params come out of its regex match: decoded before or after the matchers, and what they store */
	readonly readParams: ParamReader;
	/** the problems of a tree, in this version's words */
	readonly messages: RouteMessages;
}

export interface MatcherRules {
	/** where the matchers are when the `params` option is not given */
	defaultLocation(routesDir: string): string;
	/**
	 * The module that defines each matcher at `location`, by name, found without importing
	 * anything. A name the tree uses (`used`) that is left out is reported as missing.
	 */
	find(location: string, used: ReadonlySet<string>, problems: string[]): Record<string, string>;
	/** The matchers `names` of the module at `file`, once imported; what is wrong with them goes to `problems`. */
	read(module: EndpointModule, file: string, names: readonly string[], problems: string[]): Record<string, ParamMatcher>;
	/** what a param with a matcher holds, as the route table names it */
	readonly valueType: string;
}

const MODULE_EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs'];
const LAYOUT_EXPORTS = ['load', 'prerender', 'csr', 'ssr', 'trailingSlash', 'config'];
const ROUTE_FILE_EXPORTS = {
	'+layout': LAYOUT_EXPORTS,
	'+page': [...LAYOUT_EXPORTS, 'entries'],
	'+layout.server': LAYOUT_EXPORTS,
	'+page.server': [...LAYOUT_EXPORTS, 'actions', 'entries']
};
const OTHER_SERVER_EXPORTS = ['fallback', 'prerender', 'trailingSlash', 'config', 'entries'];

/** SvelteKit 2's rules. */
export const kit2RouteRules: RouteRules = {
	methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'],
	serverExports: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', ...OTHER_SERVER_EXPORTS],
	routeFileExports: ROUTE_FILE_EXPORTS,
	unprerenderable: ['POST', 'PATCH', 'PUT', 'DELETE'],
	paramName: { pattern: /\w+/ },
	moduleExtensions: MODULE_EXTENSIONS,
	skippedSuffixes: ['.d.ts'],
	skippedInfixes: [],
	prefixHintByKind: false,
	matchers: {
		defaultLocation: (routesDir) => path.join(routesDir, '..', 'params'),
		// one module per matcher, named after it
		find: (dir, _used, problems) => listMatcherDir(dir, MODULE_EXTENSIONS, problems),
		read(module, file, names, problems) {
			if (typeof module.match === 'function') return Object.fromEntries(names.map((name) => [name, module.match as ParamMatcher]));
			problems.push(`${relative(file)}: a param matcher must export a \`match(param)\` function`);
			return {};
		},
		valueType: 'string'
	},
	readParams: readEncodedParams,
	messages: kit2RouteMessages
};

/** SvelteKit 3's rules, as in 3.2.0 (constants.js, utils/routing.js, create_manifest_data, core/params.js). */
export const kit3RouteRules: RouteRules = {
	methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'QUERY'],
	serverExports: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'QUERY', ...OTHER_SERVER_EXPORTS],
	routeFileExports: ROUTE_FILE_EXPORTS,
	// BODY_DEPENDENT_METHODS, and fallback
	unprerenderable: ['POST', 'PUT', 'PATCH', 'DELETE', 'QUERY', 'fallback'],
	paramName: { pattern: /[\w-]+/ },
	moduleExtensions: MODULE_EXTENSIONS,
	skippedSuffixes: ['.d.ts'],
	// tests and stories beside route files: `+server.test.ts`, `+page.stories.svelte`
	skippedInfixes: ['.test.', '.spec.', '.stories.'],
	prefixHintByKind: true,
	matchers: {
		defaultLocation: (routesDir) => path.join(routesDir, '..', 'params'),
		find: (location, used) => findParamsModule(location, used, MODULE_EXTENSIONS),
		read: readParamsModule,
		// what the matcher returns: `ParamValue` of `@sveltejs/kit/params`
		valueType: 'ParamValue'
	},
	readParams: readDecodedParams,
	messages: kit3RouteMessages
};
