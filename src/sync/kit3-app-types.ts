/**
 * The `$app/types` module of SvelteKit 3.2.0's `write_app_types.js`, for the routes kit-endpoints
 * reads: route ids by kind, each route's params, and the paths the app answers. Layouts are
 * not read (a `+layout` belongs to pages), so `LayoutParams` lists none.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ScannedRoute } from '../routes/types.js';
import { listAssets, paramsImport, paramsType } from './kit3.js';
import type { SyncContext } from './rules.js';

const OPTIONAL = /^\[\[[\w-]+(?:=[\w-]+)?\]\]$/;
const REST = /^\[\.\.\.[\w-]+(?:=[\w-]+)?\]$/;
// an escape (`[x+2e]`) or a param, as utils/routing.js reads a segment
const SEGMENT = /\[([ux])\+([^\]]+)\]|\[(\[)?(\.\.\.)?([\w-]+?)(?:=([\w-]+))?\]\]?/g;

export function appTypesModule(context: SyncContext, dir: string): string {
	const pages: string[] = [];
	const endpoints: string[] = [];
	const ids: string[] = [];
	const dynamic: string[] = [];
	const pathnames = new Set<string>();
	const matcher = (name: string) =>
		`import('@sveltejs/kit/params').MatcherParam<(typeof import('${paramsImport(dir, name, context)}').params)[${JSON.stringify(name)}]>`;

	for (const route of context.scanned) {
		const id = JSON.stringify(route.id);
		if (route.pages.length) pages.push(id);
		if (route.endpoint) endpoints.push(id);
		ids.push(id);
		let serialise = (pathname: string) => JSON.stringify(pathname);
		if (route.params.length) {
			dynamic.push(`${id}: ${paramsType(route.params, matcher)}`);
			serialise = (pathname) => `\`${pathname}\` & {}`;
		}
		for (const pathname of pathnamePatterns(route.id)) {
			for (const each of withTrailingSlash(pathname, route)) pathnames.add(serialise(each));
		}
	}
	const assets = listAssets(path.join(context.cwd, 'static')).map((file) => JSON.stringify(file));

	return [
		'declare module "$app/types" {',
		'\texport interface AppTypes {',
		`\t\tPageRouteId(): ${pages.join(' | ') || 'never'};`,
		`\t\tEndpointRouteId(): ${endpoints.join(' | ') || 'never'};`,
		`\t\tRouteId(): ${ids.join(' | ') || 'never'};`,
		`\t\tRouteParams(): {\n\t\t\t${dynamic.join(';\n\t\t\t')}\n\t\t};`,
		'\t\tLayoutParams(): {\n\t\t\t\n\t\t};',
		`\t\tPath(): ${[...pathnames].join(' | ') || 'never'};`,
		'\t\tResolvedPathname(): `${"/" | `/${string}/`}${ReturnType<AppTypes[\'Path\']>}`;',
		`\t\tAssetPath(): ${assets.join(' | ') || 'never'};`,
		'\t}',
		'}'
	].join('\n');
}

/**
 * The pathnames a route id matches, relative to the base path, with `${string}` for each param
 * and escapes expanded; a whole-segment optional or rest param gives one with its segment and
 * one without (`get_pathname_patterns`).
 */
function pathnamePatterns(id: string): string[] {
	let pathnames = [''];
	for (const segment of id.slice(1).split('/')) {
		// groups and the root's empty segment are not part of the path
		if (segment === '' || /^\([^)]+\)$/.test(segment)) continue;
		const omittable = OPTIONAL.test(segment) || REST.test(segment);
		const content = omittable
			? '${string}'
			: segment.replace(SEGMENT, (_, escape: string | undefined, code: string) =>
					escape ? encodePathChars(decodeEscape(code)) : '${string}'
				);
		pathnames = pathnames.flatMap((pathname) => {
			const joined = pathname === '' ? content : `${pathname}/${content}`;
			return omittable ? [joined, pathname] : [joined];
		});
	}
	return [...new Set(pathnames)];
}

function decodeEscape(code: string): string {
	return String.fromCodePoint(...code.split('-').map((point) => parseInt(point, 16)));
}

/** The characters a decoded pathname keeps encoded. */
function encodePathChars(text: string): string {
	return text.replace(/[%/?#]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A pathname with the trailing slash its route's `trailingSlash` asks for, page and endpoint
 * each: `always` adds one, `ignore` allows both, `never` (the default) none. A page's layouts
 * are not read, only its own `+page` modules.
 */
function withTrailingSlash(pathname: string, route: ScannedRoute): string[] {
	const options = new Set<string>();
	if (route.pages.length) {
		const modules = route.pages.filter((file) => /\.[cm]?[jt]s$/.test(file));
		options.add(modules.map(trailingSlashOf).find((option) => option !== 'never') ?? 'never');
	}
	if (route.endpoint) options.add(trailingSlashOf(route.endpoint));
	const result = new Set<string>();
	for (const option of options) {
		if (option !== 'always') result.add(pathname);
		if (option !== 'never') result.add(`${pathname}/`);
	}
	return [...result];
}

/**
 * The `trailingSlash` a route module exports, read without importing it, as SvelteKit's
 * static analysis reads it; `ignore` (both forms) when it cannot tell.
 */
function trailingSlashOf(file: string): string {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return 'ignore';
	}
	const literal = /\bexport\s+const\s+trailingSlash\s*(?::[^=]+)?=\s*(['"])(always|never|ignore)\1/.exec(text);
	if (literal) return literal[2]!;
	return /\btrailingSlash\b|\bexport\s*\*/.test(text) ? 'ignore' : 'never';
}
