/**
 * The route inventory: what `middleware.routes` and `kit-endpoints routes --json` list, one
 * entry per route in the order SvelteKit tries them.
 */
import type { Route } from '../routes/types.js';

export interface RouteInfo {
	/** SvelteKit's route id: `/api/items/[id=integer]` */
	id: string;
	/** the regular expression SvelteKit matches decoded pathnames with, as source text */
	pattern: string;
	/**
	 * The HTTP methods the `+server` file exports, in SvelteKit's order, with HEAD where GET is
	 * (SvelteKit serves HEAD with GET); empty for a route that is only a page.
	 */
	methods: string[];
	/** whether the file exports `fallback`, which answers every other method */
	fallback: boolean;
	/** the absolute path of the `+server` file; null for a route that is only a page */
	file: string | null;
	/** whether a page shares the route (a `+page` file, or the `pages` option) */
	page: boolean;
	params: RouteParamInfo[];
}

export interface RouteParamInfo {
	name: string;
	/** the name of its param matcher, or null */
	matcher: string | null;
	optional: boolean;
	rest: boolean;
}

/** The inventory of a loaded tree; `hostPage` adds the pages the host app renders. */
export function describeRoutes(routes: readonly Route[], hostPage: (routeId: string) => boolean = () => false): RouteInfo[] {
	return routes.map((route) => ({
		id: route.id,
		pattern: route.pattern.source.replace(/\\\//g, '/'),
		methods: route.module ? withHead(route.methods) : [],
		fallback: route.module !== null && typeof route.module.fallback === 'function',
		file: route.endpoint,
		page: route.pages.length > 0 || hostPage(route.id),
		params: route.params.map((param) => ({
			name: param.name,
			matcher: param.matcher ?? null,
			optional: param.optional,
			rest: param.rest
		}))
	}));
}

function withHead(methods: readonly string[]): string[] {
	return methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : [...methods];
}
