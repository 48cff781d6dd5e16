/**
 * `export const prerender = true` in a `+server` file: SvelteKit calls its GET once at build time
 * and serves the saved answer as a file (handlers and `handle` no longer run for it). Here the
 * endpoint answers each request, as under SvelteKit's dev server; in production that is worth
 * saying once.
 */
import type { RouteTree } from './routes/index.js';

/** Warns once, at start-up, about the routes SvelteKit would have prerendered. */
export function warnPrerender(tree: RouteTree, warn: (message: string) => void = console.warn): void {
	const ids = tree.routes.filter((route) => route.module?.prerender).map((route) => route.id);
	if (!ids.length) return;
	warn(
		`kit-endpoints: ${ids.join(', ')} ${ids.length === 1 ? 'exports' : 'export'} prerender: SvelteKit would answer ` +
			'with a file rendered at build time; kit-endpoints runs the endpoint (and handle) for each request instead'
	);
}
