/**
 * What the migration tools read from a kit-endpoints middleware: its loaded route tree and the
 * options that decide what it answers. Kept behind a registered symbol, so that a report run by
 * one copy of the package (the CLI) recognises middleware made by another (the app's).
 */
import type { LoadedApp } from '../core/core.js';
import type { RouteTree } from '../routes/index.js';
import type { Fallthrough } from '../types.js';
import { describeRoutes, type RouteInfo } from './routes.js';

export const INSPECT = Symbol.for('kit-endpoints.inspect');

export interface Inspection {
	ready: Promise<void>;
	/** the tree as last loaded; throws before the first load completes */
	tree(): RouteTree;
	hostPage(routeId: string): boolean;
	fallthrough: Fallthrough;
	dev: boolean;
}

interface Source {
	ready: Promise<void>;
	loaded(): LoadedApp | undefined;
}

/**
 * Gives a middleware its `routes` getter and its inspection. Before the first load there is no
 * tree to list: reading `routes` then throws rather than answer with an empty list, which would
 * read as "no routes".
 */
export function attachInventory<T extends object>(
	middleware: T,
	app: Source,
	options: { hostPage(routeId: string): boolean; fallthrough: Fallthrough; dev: boolean }
): T & { readonly routes: RouteInfo[] } {
	const tree = (): RouteTree => {
		const loaded = app.loaded();
		if (!loaded) throw new Error('kit-endpoints: the routes are known once the app has loaded: await middleware.ready first');
		return loaded.tree;
	};
	const inspection: Inspection = {
		ready: app.ready,
		tree,
		hostPage: options.hostPage,
		fallthrough: options.fallthrough,
		dev: options.dev
	};
	Object.defineProperty(middleware, INSPECT, { value: inspection });
	// not enumerable: copying the middleware's properties must not read it before the load
	Object.defineProperty(middleware, 'routes', { get: () => describeRoutes(tree().routes, options.hostPage) });
	return middleware as T & { readonly routes: RouteInfo[] };
}

/** The inspection of a kit-endpoints middleware, or undefined for any other value. */
export function inspectionOf(value: unknown): Inspection | undefined {
	if (typeof value !== 'function') return undefined;
	return (value as unknown as Record<symbol, Inspection | undefined>)[INSPECT];
}
