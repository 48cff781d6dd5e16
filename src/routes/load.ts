import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { relative } from './scan.js';
import type { EndpointModule, ParamMatcher, Route, ScannedRoute } from './types.js';

/** The HTTP methods a `+server` file may export, in the order SvelteKit lists them in `Allow`. */
const ENDPOINT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

const SERVER_EXPORTS = new Set([
	'GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD',
	'fallback', 'prerender', 'trailingSlash', 'config', 'entries'
]);
const LAYOUT_EXPORTS = new Set(['load', 'prerender', 'csr', 'ssr', 'trailingSlash', 'config']);
const PAGE_EXPORTS = new Set([...LAYOUT_EXPORTS, 'entries']);
const PAGE_SERVER_EXPORTS = new Set([...LAYOUT_EXPORTS, 'actions', 'entries']);
const TRAILING_SLASH = new Set(['never', 'always', 'ignore']);

/** Imports every endpoint module once, validating its exports as SvelteKit's build does. */
export async function loadEndpoints(scanned: ScannedRoute[], problems: string[], causes: unknown[]): Promise<Route[]> {
	return Promise.all(
		scanned.map(async (route): Promise<Route> => {
			if (!route.endpoint) return { ...route, module: null, methods: [] };
			const module = await importModule(route.endpoint, problems, causes);
			if (!module) return { ...route, module: null, methods: [] };
			checkEndpointModule(route, module, problems);
			const methods = ENDPOINT_METHODS.filter((method) => typeof module[method] === 'function');
			return { ...route, module, methods };
		})
	);
}

export async function loadMatchers(
	files: Record<string, string>,
	problems: string[],
	causes: unknown[]
): Promise<Record<string, ParamMatcher>> {
	const matchers: Record<string, ParamMatcher> = Object.create(null);
	await Promise.all(
		Object.entries(files).map(async ([name, file]) => {
			const module = await importModule(file, problems, causes);
			if (!module) return;
			if (typeof module.match !== 'function') {
				problems.push(`${relative(file)}: a param matcher must export a \`match(param)\` function`);
				return;
			}
			matchers[name] = module.match as ParamMatcher;
		})
	);
	return matchers;
}

/** Imports a route or matcher module; a failure is a problem, and its error a cause of the RouteTreeError. */
async function importModule(file: string, problems: string[], causes: unknown[]): Promise<EndpointModule | undefined> {
	try {
		const namespace = (await import(pathToFileURL(file).href)) as EndpointModule;
		return commonJsExports(namespace) ?? namespace;
	} catch (error) {
		causes.push(error);
		const code = (error as { code?: unknown } | null)?.code;
		if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[cm]?ts$/.test(file)) {
			problems.push(
				`${relative(file)}: Node ${process.versions.node} cannot import TypeScript by itself. ` +
					'Start Node with a TypeScript loader (for example `node --import tsx`), use Node 22.18 or later, ' +
					'or point kit-endpoints at compiled .js files'
			);
		} else {
			problems.push(`${relative(file)}: failed to import: ${describe(error)}`);
		}
		return undefined;
	}
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

function checkEndpointModule(route: ScannedRoute, module: EndpointModule, problems: string[]): void {
	const file = route.endpoint!;
	const where = relative(file);

	for (const key of Object.keys(module)) {
		if (key[0] === '_' || SERVER_EXPORTS.has(key)) continue;
		const hint =
			elsewhere(key, path.extname(file)) ??
			`valid exports are ${[...SERVER_EXPORTS].join(', ')}, or anything with a '_' prefix`;
		problems.push(`Invalid export '${key}' in ${where} (${hint})`);
	}

	for (const key of [...ENDPOINT_METHODS, 'fallback']) {
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
function elsewhere(key: string, ext: string): string | undefined {
	const files: string[] = [];
	if (LAYOUT_EXPORTS.has(key)) files.push(`+layout${ext}`);
	if (PAGE_EXPORTS.has(key)) files.push(`+page${ext}`);
	if (LAYOUT_EXPORTS.has(key)) files.push(`+layout.server${ext}`);
	if (PAGE_SERVER_EXPORTS.has(key)) files.push(`+page.server${ext}`);
	if (!files.length) return undefined;
	const last = files.pop();
	return `'${key}' is a valid export in ${files.join(', ')}${files.length ? ' or ' : ''}${last}`;
}

function describe(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
