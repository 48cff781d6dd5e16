import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTypeScript, VERSION_PARAM } from '../app/register.js';
import { relative } from '../paths.js';
import type { RouteRules } from './rules.js';
import type { EndpointModule, ParamMatcher, Route, ScannedRoute } from './types.js';

const TRAILING_SLASH = new Set(['never', 'always', 'ignore']);
const TYPESCRIPT = /\.[cm]?ts$/;

/** Imports every endpoint module once, validating its exports as SvelteKit's build does. */
export async function loadEndpoints(scanned: ScannedRoute[], load: Importer, problems: string[], rules: RouteRules): Promise<Route[]> {
	return Promise.all(
		scanned.map(async (route): Promise<Route> => {
			if (!route.endpoint) return { ...route, module: null, methods: [] };
			const module = await load(route.endpoint);
			if (!module) return { ...route, module: null, methods: [] };
			checkEndpointModule(route, module, problems, rules);
			const methods = rules.methods.filter((method) => typeof module[method] === 'function');
			return { ...route, module, methods };
		})
	);
}

export async function loadMatchers(
	files: Record<string, string>,
	load: Importer,
	problems: string[],
	rules: RouteRules
): Promise<Record<string, ParamMatcher>> {
	const matchers: Record<string, ParamMatcher> = Object.create(null);
	await Promise.all(
		Object.entries(files).map(async ([name, file]) => {
			const module = await load(file);
			if (!module) return;
			const matcher = rules.matchers.fromModule(module, name);
			if (typeof matcher === 'string') problems.push(`${relative(file)}: ${matcher}`);
			else matchers[name] = matcher;
		})
	);
	return matchers;
}

/** Imports one of the app's modules; undefined when it failed, which is then listed in `problems`. */
export type Importer = (file: string) => Promise<EndpointModule | undefined>;

/**
 * An Importer that records a failure as a problem, and its error as a cause of the
 * RouteTreeError. With a `version`, modules are imported afresh under that version, which the
 * module hooks pass on to everything of the app's they import (dev reloading).
 */
export function createImporter(problems: string[], causes: unknown[], version = 0): Importer {
	return async (file) => {
		try {
			if (TYPESCRIPT.test(file)) await ensureTypeScript();
			const url = pathToFileURL(file);
			if (version) url.searchParams.set(VERSION_PARAM, String(version));
			const namespace = (await import(url.href)) as EndpointModule;
			return commonJsExports(namespace) ?? namespace;
		} catch (error) {
			causes.push(error);
			problems.push(`${relative(file)}: ${importFailure(file, error)}`);
			return undefined;
		}
	};
}

/** Why a module failed to import, with the fix when it is a TypeScript one. */
function importFailure(file: string, error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	// the file itself, or a module it imports, is TypeScript that nothing can load
	if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && (TYPESCRIPT.test(file) || /\.[cm]?ts"/.test(String((error as Error).message)))) {
		return (
			`Node ${process.versions.node} cannot import TypeScript by itself, and no TypeScript loader is installed. ` +
			'Install tsx (`npm install --save-dev tsx`; kit-endpoints registers it), use Node 22.18 or later, ' +
			'or point kit-endpoints at compiled .js files'
		);
	}
	if (code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' || code === 'ERR_INVALID_TYPESCRIPT_SYNTAX') {
		return (
			`${describe(error)}. Node's type stripping runs only erasable TypeScript (no enums, namespaces or ` +
			'parameter properties): rewrite that syntax, or start Node with a TypeScript loader (`node --import tsx`)'
		);
	}
	return `failed to import: ${describe(error)}`;
}

/**
 * A CommonJS module arrives as `{ default: module.exports, ...names Node detected }`; its
 * exports are those of `module.exports`.
 */
function commonJsExports(namespace: EndpointModule): EndpointModule | undefined {
	const exported = namespace.default;
	if (!exported || typeof exported !== 'object') return undefined;
	const cjs = exported as EndpointModule;
	const names = Object.keys(namespace).filter((key) => key !== 'default' && key !== 'module.exports');
	if ('module.exports' in namespace || names.every((key) => namespace[key] === cjs[key])) return cjs;
	return undefined;
}

function checkEndpointModule(route: ScannedRoute, module: EndpointModule, problems: string[], rules: RouteRules): void {
	const file = route.endpoint!;
	const where = relative(file);

	for (const key of Object.keys(module)) {
		if (key[0] === '_' || rules.serverExports.includes(key)) continue;
		const hint =
			elsewhere(key, path.extname(file), rules) ??
			`valid exports are ${rules.serverExports.join(', ')}, or anything with a '_' prefix`;
		problems.push(`Invalid export '${key}' in ${where} (${hint})`);
	}

	for (const key of [...rules.methods, 'fallback']) {
		if (module[key] !== undefined && typeof module[key] !== 'function') {
			problems.push(`${where}: the \`${key}\` export must be a function`);
		}
	}

	const trailingSlash = module.trailingSlash;
	if (trailingSlash !== undefined && !TRAILING_SLASH.has(trailingSlash as string)) {
		problems.push(`${where}: trailingSlash must be 'never', 'always' or 'ignore' (saw ${JSON.stringify(trailingSlash)})`);
	}

	if (module.prerender) {
		if (module.POST || module.PATCH || module.PUT || module.DELETE) {
			problems.push(`Cannot prerender a +server file with POST, PATCH, PUT, or DELETE (${route.id}) (at ${where})`);
		}
		if (route.pages.length) {
			problems.push(
				`Cannot prerender a route (${route.id}) with both a \`+page.svelte\` and a \`${path.basename(file)}\` (at ${where})`
			);
		}
	}
}

/** SvelteKit's hint when an export belongs in another kind of route file. */
function elsewhere(key: string, ext: string, rules: RouteRules): string | undefined {
	const files = Object.entries(rules.routeFileExports)
		.filter(([, exports]) => exports.includes(key))
		.map(([file]) => file + ext);
	if (!files.length) return undefined;
	const last = files.pop();
	return `'${key}' is a valid export in ${files.join(', ')}${files.length ? ' or ' : ''}${last}`;
}

function describe(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
