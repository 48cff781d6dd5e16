/**
 * The page side of a route that has both a page and an endpoint. The host app renders the page;
 * what SvelteKit's page side answers without rendering (a method no page takes) is answered
 * here, as SvelteKit answers it (runtime/server/respond.js, `resolve`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { text } from '../kit/index.js';
import type { Route } from '../routes/types.js';
import type { Semantics } from '../semantics/profile.js';
import type { RequestEvent } from '../types.js';

/** constants.js: the methods a page renders; any other that reaches the page is refused. */
export const PAGE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

// the `Allow` of a page, by route: read from its files once per load of the app
const ALLOW = new WeakMap<Route, string>();

/** 405 with the page's `Allow`: GET, HEAD, OPTIONS, and POST when it has form actions. */
export async function refusePageMethod(_event: RequestEvent, method: string, route: Route, semantics: Semantics): Promise<Response> {
	let allow = ALLOW.get(route);
	if (allow === undefined) {
		// in SvelteKit's order for Allow (utils.js), not the order of the set it starts from
		allow = hasActions(route) ? 'GET, POST, OPTIONS, HEAD' : 'GET, OPTIONS, HEAD';
		ALLOW.set(route, allow);
	}
	return text(semantics.messages.methodNotAllowed(method), { status: 405, headers: { allow } });
}

// `export const actions`, `export { actions }`, `export { x as actions }`
const ACTIONS_EXPORT = /\bexport\s+(?:(?:const|let|var|function)\s+actions\b|\{[^}]*\bactions\s*[,}])/;

/**
 * Whether the route's `+page.server` file exports `actions`. SvelteKit imports the file to
 * know; here it belongs to the host app's page, so it is read rather than run.
 */
function hasActions(route: Route): boolean {
	const file = route.pages.find((page) => path.basename(page).startsWith('+page.server.'));
	if (!file) return false;
	try {
		return ACTIONS_EXPORT.test(readFileSync(file, 'utf8'));
	} catch {
		return false;
	}
}
