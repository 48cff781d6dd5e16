/**
 * A host app as the shadowing report sees it: where the kit-endpoints middleware sits, which
 * legacy routes there are, and who would answer a given method on a given path, in stack order.
 */
import { handlerFor } from '../core/endpoint.js';
import { isReserved } from '../core/guards.js';
import type { Route } from '../routes/types.js';
import type { Inspection } from './inspect.js';

/** A kit-endpoints middleware in the host's stack. */
export interface Site {
	inspection: Inspection;
	/** where it is mounted, as written in the app: '' at the root, '/api', '/t/:tenant' */
	base: string;
	/** string patterns for that mount point, for sample paths; empty when it is a regexp */
	basePatterns: string[];
}

/** A route of the host's own router. */
export interface LegacyRoute {
	/** the full pattern as written, mount prefixes included: `/api/users/:id` */
	path: string;
	/** the methods it declares, upper-case, without the HEAD a GET brings; `*` for every method */
	methods: string[];
	/** its full string patterns, for sample paths; empty for a regexp */
	patterns: string[];
}

export type Hit = { kind: 'kit'; site: Site; route: Route; handled: boolean } | { kind: 'legacy'; route: LegacyRoute };

export interface HostModel {
	framework: 'express' | 'koa';
	sites: Site[];
	legacy: LegacyRoute[];
	/** who would answer, in the order the host tries them (each assumed to answer, not call next) */
	dispatch(path: string, method: string): Hit[];
	/** parts of the app the walk could not see into */
	notes: string[];
}

/** A method no one names: what `fallback`, `app.all` and the like answer. */
export const OTHER_METHOD = 'X-KIT-ENDPOINTS-OTHER';

/**
 * What the middleware at `site` does with `method` on `path` (below its mount point): a hit
 * when a route's `+server` file answers, with its handler or SvelteKit's 405; nothing when the
 * request would go on to `next()`. Requests are taken as API requests: on a route a page shares,
 * those that prefer HTML go to the host's page instead.
 */
export function kitHit(site: Site, path: string, method: string): Hit | undefined {
	if (isReserved(path)) return undefined;
	let found;
	try {
		found = site.inspection.tree().match(path);
	} catch {
		return undefined;
	}
	if (!found?.route.module) return undefined;
	const handled = handlerFor(found.route.module, method) !== undefined;
	if (!handled && site.inspection.fallthrough === 'unhandled') return undefined;
	return { kind: 'kit', site, route: found.route, handled };
}

/** Joins a mount prefix and a pattern below it, as the host joins the paths. */
export function joinPath(prefix: string, pattern: string): string {
	if (prefix === '' || prefix === '/') return pattern;
	if (pattern === '/' || pattern === '') return prefix;
	return prefix.replace(/\/$/, '') + (pattern.startsWith('/') ? pattern : `/${pattern}`);
}

// `*`, `/*`, `/*splat`, `/{*splat}`, `{/*splat}`, `/(.*)`: every path
const CATCH_ALL = /^\/?(?:\*\w*|\{\/?\*\w*\}|\(\.\*\))$/;

/**
 * Whether a legacy route matches every path (`app.all('*', requireLogin)`, a 404 or SPA
 * fallback): such a route acts as middleware, and as a route it would overlap every `+server`
 * route. The report leaves it out, with a note.
 */
export function isCatchAll(patterns: string[]): boolean {
	return patterns.length > 0 && patterns.every((pattern) => CATCH_ALL.test(pattern));
}

export function catchAllNote(path: string): string {
	return `${path} matches every path: taken as middleware that passes requests on, not as a route`;
}
