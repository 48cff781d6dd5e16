import fs from 'node:fs';
import path from 'node:path';
import { relative } from '../paths.js';
import { createFileClassifier, type FileName } from './filenames.js';
import { parseRouteId } from './parse.js';
import type { RouteRules } from './rules.js';
import type { RouteParam } from './types.js';
import { checkRouteId } from './validate.js';

/** The files of a page or a layout. */
export interface Node {
	component?: string;
	universal?: string;
	server?: string;
	/** the `x` of `+page@x.svelte` */
	parentId?: string;
}

/** A directory of the routes tree, as the route it is. */
export interface Dir {
	id: string;
	segment: string;
	dir: string;
	parent: Dir | null;
	pattern: RegExp;
	params: RouteParam[];
	endpoint: string | null;
	leaf: Node | null;
	layout: Node | null;
	error: boolean;
}

interface Walk {
	dirs: Dir[];
	rules: RouteRules;
	problems: string[];
	warn: (message: string) => void;
	classify: (name: string) => FileName;
	/** the routes directory, as messages name it */
	base: string;
}

interface Entry {
	name: string;
	full: string;
	isDir: boolean;
}

/**
 * Every directory under `root` as a route, parents before children as SvelteKit lists them:
 * conflicts name the earlier route first. Problems are added to `problems`.
 */
export function walkRoutes(
	root: string,
	componentExtensions: string[],
	rules: RouteRules,
	problems: string[],
	warn: (message: string) => void
): Dir[] {
	const classify = createFileClassifier(componentExtensions, rules);
	const walk: Walk = { dirs: [], rules, problems, warn, classify, base: relative(root) };
	visit(walk, root, '/', '', null, new Set([fs.realpathSync(root)]));
	return walk.dirs;
}

function visit(walk: Walk, dir: string, id: string, segment: string, parent: Dir | null, seen: Set<string>): void {
	const route = createDir(walk, dir, id, segment, parent);
	// the children share the faulty segment: one report is enough
	if (!route) return;
	walk.dirs.push(route);

	const entries = readEntries(walk, dir);
	for (const entry of entries) {
		if (!entry.isDir) addFile(walk, route, entry.name, entry.full);
	}
	for (const entry of entries) {
		if (!entry.isDir) continue;
		const real = fs.realpathSync(entry.full);
		if (seen.has(real)) {
			walk.problems.push(`Symbolic link loop at ${relative(entry.full)}`);
			continue;
		}
		visit(walk, entry.full, path.posix.join(id, entry.name), entry.name, route, new Set(seen).add(real));
	}
}

/** The route of a directory, or null when its id is invalid. */
function createDir(walk: Walk, dir: string, id: string, segment: string, parent: Dir | null): Dir | null {
	const invalid = checkRouteId(id, segment, walk.rules);
	if (invalid) {
		walk.problems.push(`${invalid} (at ${relative(dir)})`);
		return null;
	}
	try {
		const parsed = parseRouteId(id, walk.rules);
		return { id, segment, dir, parent, ...parsed, endpoint: null, leaf: null, layout: null, error: false };
	} catch (error) {
		walk.problems.push(`${(error as Error).message} (at ${relative(dir)})`);
		return null;
	}
}

function readEntries(walk: Walk, dir: string): Entry[] {
	const entries: Entry[] = [];
	for (const name of fs.readdirSync(dir).sort()) {
		const full = path.join(dir, name);
		try {
			// stat, not lstat: SvelteKit follows symlinks
			entries.push({ name, full, isDir: fs.statSync(full).isDirectory() });
		} catch (error) {
			walk.problems.push(`Cannot read ${relative(full)}: ${(error as Error).message}`);
		}
	}
	return entries;
}

function addFile(walk: Walk, route: Dir, name: string, full: string): void {
	const file = walk.classify(name);
	switch (file.kind) {
		case 'ignored':
			return;
		case 'unprefixed':
			walk.warn(`Missing route file prefix. Did you mean +${name}? at ${relative(full)}`);
			return;
		case 'reserved':
			walk.problems.push(walk.rules.messages.fileReserved(relative(full)));
			return;
		case 'error':
			route.error = true;
			return;
		case 'endpoint':
			if (route.endpoint) duplicate(walk, route, 'endpoint', route.endpoint, name);
			else route.endpoint = full;
			return;
	}

	if (file.part !== 'component' && file.layout !== undefined) {
		walk.problems.push(walk.rules.messages.namedLayoutInModule(`@${file.layout}`, name, relative(full)));
		return;
	}
	const node = (route[file.kind === 'page' ? 'leaf' : 'layout'] ??= {});
	const existing = node[file.part];
	if (existing) {
		const type = file.part === 'component' ? `${file.kind} component` : `${file.part} ${file.kind} module`;
		duplicate(walk, route, type, existing, name);
		return;
	}
	node[file.part] = full;
	if (file.part === 'component') node.parentId = file.layout;
}

function duplicate(walk: Walk, route: Dir, type: string, existing: string, name: string): void {
	walk.problems.push(walk.rules.messages.duplicateFiles(type, `${walk.base}${route.id}`, path.basename(existing), name));
}
