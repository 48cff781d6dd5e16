import fs from 'node:fs';
import path from 'node:path';
import { RouteTreeError } from '../errors.js';
import { relative } from '../paths.js';
import { parseRouteId } from './parse.js';
import { sortRoutes } from './sort.js';
import type { RouteParam, RouteTreeOptions, ScannedRoute } from './types.js';

/** Extensions a `+server`/`+page` module may have. */
const MODULE_EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs'];

const COMPONENT_NAME = /^\+(?:(page(?:@(.*))?)|(layout(?:@(.*))?)|(error))$/;
const MODULE_NAME =
	/^\+(?:(server)|(page(?:(@[a-zA-Z0-9_-]*))?(\.server)?)|(layout(?:(@[a-zA-Z0-9_-]*))?(\.server)?))$/;

interface Node {
	/** absolute path of the page or layout component, or of a module standing in for it */
	file?: string;
	component?: string;
	universal?: string;
	server?: string;
	/** the `x` of `+page@x.svelte` */
	parentId?: string;
}

interface Dir {
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

export interface ScanResult {
	/** routes with an endpoint or a page, in priority order */
	routes: ScannedRoute[];
	/** matcher name → absolute path of its module */
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

	const paramsDir = path.resolve(options.params ?? path.join(root, '..', 'params'));
	const matchers = listMatchers(paramsDir, problems);
	const dirs = walkRoutes(root, options.extensions ?? ['.svelte'], problems, options.warn ?? console.warn);

	// an invalid directory is not walked, so only an otherwise flawless tree can be empty
	const [rootDir] = dirs;
	const empty = dirs.length === 1 && rootDir && !rootDir.leaf && !rootDir.layout && !rootDir.error && !rootDir.endpoint;
	if (empty && !problems.length) {
		problems.push(
			`No routes found in ${relative(root)}. If you are using a custom src/routes directory, make sure it is specified in your Svelte config file`
		);
	}

	for (const dir of dirs) {
		for (const param of dir.params) {
			if (param.matcher && !matchers[param.matcher]) {
				problems.push(
					`No matcher found for parameter '${param.matcher}' in route ${dir.id} (at ${relative(dir.dir)}; looked in ${relative(paramsDir)})`
				);
			}
		}
	}
	checkNamedLayouts(dirs, problems);
	checkConflicts(dirs, problems);

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

function walkRoutes(
	root: string,
	componentExtensions: string[],
	problems: string[],
	warn: (message: string) => void
): Dir[] {
	const dirs: Dir[] = [];
	const validExtensions = [...componentExtensions, ...MODULE_EXTENSIONS];
	const routesBase = relative(root);

	const walk = (dirPath: string, id: string, segment: string, parent: Dir | null, seen: Set<string>) => {
		const invalid = checkRouteId(id, segment);
		if (invalid) {
			// the children share the faulty segment: one report is enough
			problems.push(`${invalid} (at ${relative(dirPath)})`);
			return;
		}

		let parsed: ReturnType<typeof parseRouteId>;
		try {
			parsed = parseRouteId(id);
		} catch (error) {
			problems.push(`${(error as Error).message} (at ${relative(dirPath)})`);
			return;
		}

		const route: Dir = { id, segment, dir: dirPath, parent, ...parsed, endpoint: null, leaf: null, layout: null, error: false };
		// parents before children, as SvelteKit lists them: conflicts name the earlier route first
		dirs.push(route);

		const entries: { name: string; full: string; isDir: boolean }[] = [];
		for (const name of fs.readdirSync(dirPath).sort()) {
			const full = path.join(dirPath, name);
			try {
				// stat, not lstat: SvelteKit follows symlinks
				entries.push({ name, full, isDir: fs.statSync(full).isDirectory() });
			} catch (error) {
				problems.push(`Cannot read ${relative(full)}: ${(error as Error).message}`);
			}
		}

		for (const entry of entries) {
			if (!entry.isDir) addFile(route, entry.name, entry.full);
		}

		for (const entry of entries) {
			if (!entry.isDir) continue;
			const real = fs.realpathSync(entry.full);
			if (seen.has(real)) {
				problems.push(`Symbolic link loop at ${relative(entry.full)}`);
				continue;
			}
			walk(entry.full, path.posix.join(id, entry.name), entry.name, route, new Set(seen).add(real));
		}
	};

	const addFile = (route: Dir, name: string, full: string) => {
		const ext = validExtensions.find((e) => name.endsWith(e));
		if (!ext) return;

		const stem = name.slice(0, -ext.length);
		if (!name.startsWith('+')) {
			if (COMPONENT_NAME.test(`+${stem}`) || MODULE_NAME.test(`+${stem}`)) {
				warn(`Missing route file prefix. Did you mean +${name}? at ${relative(full)}`);
			}
			return;
		}

		if (name.endsWith('.d.ts')) {
			let base = name.slice(0, -'.d.ts'.length);
			const inner = validExtensions.find((e) => base.endsWith(e));
			if (inner) base = base.slice(0, -inner.length);
			if (COMPONENT_NAME.test(base) || MODULE_NAME.test(base)) return;
		}

		const duplicate = (type: string, existing: string) =>
			problems.push(
				`Multiple ${type} files found in ${routesBase}${route.id} : ${path.basename(existing)} and ${name}`
			);

		if (componentExtensions.includes(ext)) {
			const match = COMPONENT_NAME.exec(stem);
			if (!match) {
				problems.push(`Files prefixed with + are reserved (saw ${relative(full)})`);
			} else if (match[5]) {
				route.error = true;
			} else {
				const key = match[1] ? 'leaf' : 'layout';
				const node = (route[key] ??= {});
				if (node.component) return void duplicate(`${key === 'leaf' ? 'page' : 'layout'} component`, node.component);
				node.component = full;
				node.parentId = match[2] ?? match[4];
			}
			return;
		}

		const match = MODULE_NAME.exec(stem);
		if (!match) {
			problems.push(`Files prefixed with + are reserved (saw ${relative(full)})`);
			return;
		}
		const namedLayout = match[3] || match[6];
		if (namedLayout) {
			problems.push(
				`Only Svelte files can reference named layouts. Remove '${namedLayout}' from ${name} (at ${relative(full)})`
			);
			return;
		}

		if (match[1]) {
			if (route.endpoint) return void duplicate('endpoint', route.endpoint);
			route.endpoint = full;
			return;
		}
		const kind = match[4] || match[7] ? 'server' : 'universal';
		const key = match[2] ? 'leaf' : 'layout';
		const node = (route[key] ??= {});
		const existing = node[kind];
		if (existing) return void duplicate(`${kind} ${key === 'leaf' ? 'page' : 'layout'} module`, existing);
		node[kind] = full;
	};

	walk(root, '/', '', null, new Set([fs.realpathSync(root)]));
	return dirs;
}

/** The first thing wrong with a route id, in SvelteKit's words, or undefined. */
function checkRouteId(id: string, segment: string): string | undefined {
	let invalid: string | undefined;
	const unescaped = id.replace(/\[([ux])\+([^\]]+)\]/gi, (match, type: string, code: string) => {
		invalid ??= checkEscape(id, match, type, code);
		// an escape is static text: `[x][x+3c][y]` has separated params
		return '_';
	});
	if (invalid) return invalid;

	if (/\]\[/.test(unescaped)) return `Invalid route ${id} — parameters must be separated`;
	if (count('[', id) !== count(']', id)) return `Invalid route ${id} — brackets are unbalanced`;
	if (segment.includes('#')) return `Route ${id} should be renamed to ${id.replace(/#/g, '[x+23]')}`;
	if (/\[\.\.\.\w+\]\/\[\[/.test(id)) {
		return `Invalid route ${id} — an [[optional]] route segment cannot follow a [...rest] route segment`;
	}
	if (/\[\[\.\.\./.test(id)) {
		return `Invalid route ${id} — a rest route segment is always optional, remove the outer square brackets`;
	}
	return undefined;
}

function checkEscape(id: string, match: string, type: string, code: string): string | undefined {
	if (match !== match.toLowerCase()) return `Character escape sequence in ${id} must be lowercase`;
	const codes = type === 'x' ? [code] : code.split('-');
	if (!codes.every((c) => /^[0-9a-f]+$/.test(c))) return `Invalid character escape sequence in ${id}`;
	if (type === 'x') {
		if (code.length !== 2) return `Hexadecimal escape sequence in ${id} must be two characters`;
		return undefined;
	}
	if (codes.some((c) => c.length < 4 || c.length > 6)) {
		return `Unicode escape sequence in ${id} must be between four and six characters`;
	}
	if (codes.some((c) => parseInt(c, 16) > 0x10ffff)) return `Invalid character escape sequence in ${id}`;
	return undefined;
}

function listMatchers(paramsDir: string, problems: string[]): Record<string, string> {
	const matchers: Record<string, string> = Object.create(null);
	if (!isDirectory(paramsDir)) return matchers;

	for (const file of fs.readdirSync(paramsDir).sort()) {
		const ext = path.extname(file);
		if (!MODULE_EXTENSIONS.includes(ext)) continue;
		const name = file.slice(0, -ext.length);
		const full = path.join(paramsDir, file);

		if (/^\w+$/.test(name)) {
			const existing = matchers[name];
			if (existing) problems.push(`Duplicate matchers: ${relative(full)} and ${relative(existing)}`);
			else matchers[name] = full;
		} else if (!name.endsWith('.test') && !name.endsWith('.spec')) {
			problems.push(
				`Matcher names can only have underscores and alphanumeric characters — "${file}" is invalid (at ${relative(full)})`
			);
		}
	}
	return matchers;
}

/** `+page@x.svelte` must name a segment above it. */
function checkNamedLayouts(dirs: Dir[], problems: string[]): void {
	for (const route of dirs) {
		if (route.leaf?.parentId === undefined) continue;
		let node: Node = route.leaf;
		let parentId: string | undefined = node.parentId;
		for (let current: Dir | null = route; current; current = current.parent) {
			if (parentId !== undefined && current.segment !== parentId) continue;
			// the root always has a layout: SvelteKit supplies a default one
			const layout = current.layout ?? (current.parent ? null : {});
			if (layout) node = layout;
			parentId = layout?.parentId;
		}
		if (parentId !== undefined) {
			problems.push(`${relative(node.component ?? route.dir)} references missing segment "${parentId}"`);
		}
	}
}

/**
 * Two routes conflict when they match the same URLs with the same kinds of params. Optional
 * params that are not last expand into the ids with and without them.
 */
function checkConflicts(dirs: Dir[], problems: string[]): void {
	const seen = new Map<string, string>();
	for (const route of dirs) {
		if (!route.leaf && !route.endpoint) continue;

		const normalized = normalizeForConflicts(route.id);
		let variants = [normalized];
		if (!/<\?.+?>$/.test(normalized) && /<\?.+?>/.test(normalized)) {
			const pieces = normalized.split(/<\?(.+?)>/g);
			variants = [pieces[0]!];
			for (let i = 1; i < pieces.length; i += 2) {
				const matcher = pieces[i]!;
				const next = pieces[i + 1]!;
				variants = variants.flatMap((variant) =>
					matcher === '*' && variant.endsWith('//') ? [variant + next] : [variant + next, `${variant}<${matcher}>${next}`]
				);
			}
		}

		for (const variant of variants) {
			const key = variant.replace(/\/{2,}/, '/').replace(/^\//, '').replace(/\/$/, '');
			const other = seen.get(key);
			if (other !== undefined) {
				problems.push(`The "${other}" and "${route.id}" routes conflict with each other`);
				break;
			}
			seen.set(key, route.id);
		}
	}
}

/** `[p]` → `<*>`, `[p=m]` → `<=m>`, `[[p]]` → `<?*>`, `[...p]` → `<...*>`; groups removed. */
function normalizeForConflicts(id: string): string {
	return id
		.replace(/(?<=^|\/)\(.+?\)(?=$|\/)/g, '')
		.replace(/\[[ux]\+([0-9a-f-]+)\]/g, (_, code: string) =>
			String.fromCodePoint(...code.split('-').map((c) => parseInt(c, 16))).replace(/\//g, '%2f')
		)
		.replace(
			/\[(?:(\[)|(\.\.\.))?.+?(=.+?)?\]\]?/g,
			(_, optional?: string, rest?: string, matcher?: string) =>
				`<${optional ? '?' : ''}${rest ?? ''}${matcher ?? '*'}>`
		);
}

function pageFiles(node: Node): string[] {
	return [node.component, node.universal, node.server].filter((file): file is string => !!file);
}

function isDirectory(dir: string): boolean {
	try {
		return fs.statSync(dir).isDirectory();
	} catch {
		return false;
	}
}

function count(char: string, text: string): number {
	return text.split(char).length - 1;
}
