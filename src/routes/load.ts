import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NEEDS_VITE } from '../app/loader-vite.js';
import { ensureTypeScript, VERSION_PARAM } from '../app/register.js';
import { relative } from '../paths.js';
import { esmInCommonJs } from './commonjs.js';
import type { RouteRules } from './rules.js';
import type { EndpointModule, ParamMatcher, Route, ScannedRoute } from './types.js';

const TRAILING_SLASH = new Set(['never', 'always', 'ignore']);
const TYPESCRIPT = /\.[cm]?ts$/;

/**
 * Imports every endpoint module once, validating its exports as SvelteKit's build does. A module
 * that fails to import or evaluate fails only its own route (its `failure`), as SvelteKit, which
 * imports a route's module when a request first needs it, fails only the requests for that route.
 */
export async function loadEndpoints(
	scanned: ScannedRoute[],
	importModule: ModuleImporter,
	problems: string[],
	rules: RouteRules
): Promise<Route[]> {
	return Promise.all(
		scanned.map(async (route): Promise<Route> => {
			if (!route.endpoint) return { ...route, module: null, methods: [] };
			let module: EndpointModule;
			try {
				module = await importModule(route.endpoint);
			} catch (error) {
				return { ...route, module: null, methods: [], failure: { error, message: importFailure(route.endpoint, error) } };
			}
			checkEndpointModule(route, module, problems, rules);
			const methods = rules.methods.filter((method) => typeof module[method] === 'function');
			return { ...route, module, methods };
		})
	);
}

/** Imports each matcher module once, however many matchers it defines. */
export async function loadMatchers(
	files: Record<string, string>,
	load: Importer,
	problems: string[],
	rules: RouteRules
): Promise<Record<string, ParamMatcher>> {
	const namesByFile = new Map<string, string[]>();
	for (const [name, file] of Object.entries(files)) {
		const names = namesByFile.get(file);
		if (names) names.push(name);
		else namesByFile.set(file, [name]);
	}
	const matchers: Record<string, ParamMatcher> = Object.create(null);
	await Promise.all(
		[...namesByFile].map(async ([file, names]) => {
			const module = await load(file);
			if (module) Object.assign(matchers, rules.matchers.read(module, file, names, problems));
		})
	);
	return matchers;
}

/**
 * Imports one of the app's modules and returns its exports, or throws what importing it threw:
 * Node's `import()` through the module hooks here, Vite's module runner where the app has Vite.
 */
export type ModuleImporter = (file: string) => Promise<EndpointModule>;

/** Imports one of the app's modules; undefined when it failed, which is then listed in `problems`. */
export type Importer = (file: string) => Promise<EndpointModule | undefined>;

/**
 * Node's import of an app module. With a `version`, modules are imported afresh under that
 * version, which the module hooks pass on to everything of the app's they import (dev reloading).
 */
export function nodeImporter(version = 0): ModuleImporter {
	return async (file) => {
		if (TYPESCRIPT.test(file)) await ensureTypeScript();
		const url = pathToFileURL(file);
		if (version) url.searchParams.set(VERSION_PARAM, String(version));
		const namespace = (await import(url.href)) as EndpointModule;
		return commonJsExports(namespace) ?? namespace;
	};
}

/**
 * An Importer that records a failure as a problem, and its error as a cause of the load's
 * error: for the modules whose failure fails the whole app (hooks, matchers, `src/env`).
 */
export function createImporter(problems: string[], causes: unknown[], version = 0, importModule = nodeImporter(version)): Importer {
	return async (file) => {
		try {
			return await importModule(file);
		} catch (error) {
			causes.push(error);
			problems.push(`${relative(file)}: ${importFailure(file, error)}`);
			return undefined;
		}
	};
}

/** How `importFailure` starts when it knows no fix: the error itself says what is wrong. */
export const PLAIN_FAILURE = 'failed to import: ';

/** Why a module failed to import, with the fix when there is one. */
export function importFailure(file: string, error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	// the loader's own message names the import, the importing file and the fix
	if (code === NEEDS_VITE) return (error as Error).message;
	// the file itself, or a module it imports, is TypeScript that nothing can load
	if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && unknownExtension(file, error) === 'typescript') {
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
	return esmInCommonJs(file, error) ?? `${PLAIN_FAILURE}${describe(error)}`;
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
		const locations = elsewhere(key, path.extname(file), rules);
		problems.push(
			locations.length
				? rules.messages.invalidExportLocation(key, where, locations)
				: rules.messages.invalidExport(key, where, rules.serverExports)
		);
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
		if (rules.unprerenderable.some((key) => module[key])) {
			problems.push(`${rules.messages.prerenderMethods(route.id, rules.unprerenderable)} (at ${where})`);
		}
		if (route.pages.length) {
			problems.push(`${rules.messages.prerenderPageAndEndpoint(route.id, path.basename(file))} (at ${where})`);
		}
	}
}

/** The other route files where `key` is a valid export, for SvelteKit's hint. */
function elsewhere(key: string, ext: string, rules: RouteRules): string[] {
	return Object.entries(rules.routeFileExports)
		.filter(([, exports]) => exports.includes(key))
		.map(([file]) => file + ext);
}

/**
 * What Node could not import: TypeScript when the file it names (or, without one, the module
 * being imported) is a `.ts` file; anything else is an extension no loader here handles.
 */
function unknownExtension(file: string, error: unknown): 'typescript' | 'other' {
	const named = /Unknown file extension "[^"]*" for (.+)$/m.exec(String((error as Error).message))?.[1];
	return TYPESCRIPT.test(named ?? file) ? 'typescript' : 'other';
}

function describe(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
