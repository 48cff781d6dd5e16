import { installLightGlobals } from './node/light-globals.js';
import { createAppLoader } from './app-loader.js';
import { createCore, type Core, type LoadedApp } from './core/core.js';
import type { Incoming, Outcome } from './core/incoming.js';
import { toPathname } from './core/pathname.js';
import type { ResolvedOptions } from './options.js';

export interface AppCore extends Core {
	/** resolves when the app first loaded; rejects with its AppLoadError (a RouteTreeError when the tree is at fault) */
	ready: Promise<void>;
	/**
	 * The app as last loaded: the first load until a request in development picks up an edit.
	 * Undefined before the first load completes (or when it failed). Never starts a reload.
	 */
	loaded(): LoadedApp | undefined;
	/** the id of the route a path (below the mount point, still encoded) matches, null for none */
	routeOf(path: string): string | null | Promise<string | null>;
	/** the ids of the routes with a `+server` file, once the app first loaded */
	endpointIds(): Promise<string[]>;
}

/** A core for the app's current load: in dev, a new one after each reload. */
export function serveApp(options: ResolvedOptions): AppCore {
	if (options.lightGlobals) installLightGlobals();
	const loader = createAppLoader(options);
	let served: LoadedApp | undefined;
	let first: LoadedApp | undefined;
	let core: Core | undefined;
	// on the first load's own promise, so that it is set by the time `await ready` returns
	loader.loading().then(
		(app) => void (first = app),
		() => {}
	);

	const serve = (incoming: Incoming): Outcome | Promise<Outcome> => {
		const app = loader.current();
		if (!app) return loader.loading().then(() => serve(incoming));
		if (app !== served) {
			served = app;
			core = createCore(app, { ...options, subRequests: serve });
		}
		return core!.serve(incoming);
	};
	const routeOf = (path: string): string | null | Promise<string | null> => {
		const app = loader.current();
		if (!app) return loader.loading().then(() => routeOf(path));
		try {
			return app.tree.match(toPathname(path))?.route.id ?? null;
		} catch {
			// malformed percent-encoding, a matcher that threw: the endpoint answers it
			return null;
		}
	};
	// a route whose module failed to import still has its +server file
	const endpointIds = () =>
		loader.loading().then((app) => app.tree.routes.filter((route) => route.module || route.failure).map((route) => route.id));
	return { ready: loader.ready, serve, loaded: () => served ?? first, routeOf, endpointIds };
}
