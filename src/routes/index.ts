import path from 'node:path';
import { RouteTreeError } from '../errors.js';
import { relative } from '../paths.js';
import { createImporter, loadEndpoints, loadMatchers, nodeImporter } from './load.js';
import { createMatcher } from './match.js';
import { kit2RouteRules } from './rules.js';
import { readRoutes } from './scan.js';
import { sortRoutes } from './sort.js';
import type { ParamMatcher, Route, RouteMatch, RouteTreeOptions } from './types.js';

export interface RouteTree {
	/** every route with an endpoint or a page, in priority order */
	routes: Route[];
	matchers: Record<string, ParamMatcher>;
	/**
	 * The route SvelteKit would pick for a raw (percent-encoded) pathname, or null.
	 * Throws a 400 RequestError for malformed percent-encoding.
	 */
	match(pathname: string): RouteMatch | null;
}

/**
 * Reads, validates and imports a routes directory once. Rejects with a RouteTreeError that
 * lists every problem of the tree (names, conflicts, exports, matchers): a broken tree never
 * serves half of its routes. An endpoint module that fails to import is the problem of its own
 * route only, which carries it as its `failure`.
 */
export async function loadRouteTree(dir: string, options: RouteTreeOptions = {}): Promise<RouteTree> {
	const problems: string[] = [];
	const causes: unknown[] = [];
	const rules = options.rules ?? kit2RouteRules;
	const scanned = readRoutes(dir, { ...options, rules }, problems);
	const importModule = options.importer ?? nodeImporter(options.version);
	const [matchers, loaded] = await Promise.all([
		// every request's routing needs the matchers: SvelteKit cannot serve without them either
		loadMatchers(scanned.matchers, createImporter(problems, causes, options.version, importModule), problems, rules),
		loadEndpoints(scanned.routes, importModule, problems, rules)
	]);

	const known = new Set(loaded.map((route) => route.id));
	const hostPages: Route[] = (options.pages ?? [])
		.filter((page) => !known.has(page.id))
		.map((page) => ({ ...page, endpoint: null, pages: [], module: null, methods: [] }));
	for (const page of hostPages) {
		for (const param of page.params) {
			if (param.matcher && !scanned.matchers[param.matcher]) {
				problems.push(rules.messages.matcherMissing(param.matcher, `page route ${page.id}`, 'from the pages option'));
			}
		}
	}

	if (problems.length) {
		// a tree that cannot serve lists its failed routes too: one start-up shows all there is to fix
		for (const route of loaded) {
			if (!route.failure) continue;
			problems.push(`${relative(route.endpoint!)}: ${route.failure.message}`);
			causes.push(route.failure.error);
		}
		// the errors modules threw on import, with their stacks
		const cause = causes.length > 1 ? new AggregateError(causes, 'modules failed to import') : causes[0];
		throw new RouteTreeError(relative(path.resolve(dir)), problems, cause === undefined ? undefined : { cause });
	}
	const routes = hostPages.length ? sortRoutes([...loaded, ...hostPages]) : loaded;
	return { routes, matchers, match: createMatcher(routes, matchers, rules.readParams) };
}

export { kit2RouteRules, kit3RouteRules, type RouteRules } from './rules.js';
export type { ParamMatcher, ParamValue, Route, RouteMatch, RouteParam, RouteTreeOptions } from './types.js';
