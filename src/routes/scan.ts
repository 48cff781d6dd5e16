import path from 'node:path';
import { RouteTreeError } from '../errors.js';
import { isDirectory, relative } from '../paths.js';
import { checkConflicts } from './conflicts.js';
import { checkNamedLayouts } from './layouts.js';
import { checkMatchersExist } from './matchers.js';
import { kit2RouteRules } from './rules.js';
import { sortRoutes } from './sort.js';
import type { RouteTreeOptions, ScannedRoute } from './types.js';
import { walkRoutes, type Dir, type Node } from './walk.js';

export interface ScanResult {
	/** routes with an endpoint or a page, in priority order */
	routes: ScannedRoute[];
	/** matcher name → absolute path of the module that defines it (SvelteKit 3: the params module, for the names routes use) */
	matchers: Record<string, string>;
}

/**
 * Reads a routes directory the way SvelteKit's `create_manifest_data` does, validating every
 * route id and file name. All problems are gathered and thrown together as a RouteTreeError.
 */
export function scanRoutes(routesDir: string, options: RouteTreeOptions = {}): ScanResult {
	const problems: string[] = [];
	const result = readRoutes(routesDir, options, problems);
	if (problems.length) throw new RouteTreeError(relative(path.resolve(routesDir)), problems);
	return result;
}

/** scanRoutes, adding problems to a list instead of throwing, so that loading can add its own. */
export function readRoutes(routesDir: string, options: RouteTreeOptions, problems: string[]): ScanResult {
	const root = path.resolve(routesDir);
	if (!isDirectory(root)) {
		throw new RouteTreeError(relative(root), [`routes directory ${relative(root)} does not exist`]);
	}

	const rules = options.rules ?? kit2RouteRules;
	const location = path.resolve(options.params ?? rules.matchers.defaultLocation(root));
	// which matchers there are may depend on which the routes use: walk first, list the matchers' problems first
	const walkProblems: string[] = [];
	const dirs = walkRoutes(root, options.extensions ?? ['.svelte'], rules, walkProblems, options.warn ?? console.warn);
	const matchers = rules.matchers.find(location, usedMatchers(dirs, options.pages), problems);
	problems.push(...walkProblems);

	// an invalid directory is not walked, so only an otherwise flawless tree can be empty
	if (isEmpty(dirs) && !problems.length) {
		problems.push(rules.messages.routesNotFound(relative(root)));
	}
	checkMatchersExist(dirs, matchers, location, problems, rules.messages);
	checkNamedLayouts(dirs, problems, rules.messages);
	checkConflicts(dirs, problems, rules.messages);

	const routes = dirs
		.filter((dir) => dir.endpoint || dir.leaf)
		.map((dir): ScannedRoute => ({
			id: dir.id,
			pattern: dir.pattern,
			params: dir.params,
			endpoint: dir.endpoint,
			pages: dir.leaf ? pageFiles(dir.leaf) : []
		}));
	return { routes: sortRoutes(routes), matchers };
}

/** The matchers named in the tree's route ids and in those of the host's pages. */
function usedMatchers(dirs: Dir[], pages: RouteTreeOptions['pages'] = []): Set<string> {
	const used = new Set<string>();
	for (const { params } of [...dirs, ...pages]) {
		for (const param of params) if (param.matcher) used.add(param.matcher);
	}
	return used;
}

/** Just the root directory, with no route files. */
function isEmpty(dirs: Dir[]): boolean {
	const [root] = dirs;
	return dirs.length === 1 && !!root && !root.leaf && !root.layout && !root.error && !root.endpoint;
}

function pageFiles(node: Node): string[] {
	return [node.component, node.universal, node.server].filter((file): file is string => !!file);
}
