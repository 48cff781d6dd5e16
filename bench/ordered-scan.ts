import { decodePathname, exec, type Found } from '../src/routes/match.js';
import type { ScannedRoute } from '../src/routes/types.js';

export type Lookup = (pathname: string) => Found<ScannedRoute> | null;

/** SvelteKit's find_route: every route's regex, in priority order. */
export function orderedScan(routes: ScannedRoute[]): Lookup {
	return (pathname) => {
		const path = decodePathname(pathname);
		for (const route of routes) {
			const match = route.pattern.exec(path);
			if (!match) continue;
			const params = exec(match, route.params, {});
			if (params) return { route, params };
		}
		return null;
	};
}
