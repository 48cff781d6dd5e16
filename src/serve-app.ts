import { createAppLoader } from './app-loader.js';
import { createCore, type Core, type LoadedApp } from './core/core.js';
import type { Incoming, Outcome } from './core/incoming.js';
import type { ResolvedOptions } from './options.js';

export interface AppCore extends Core {
	/** resolves when the app first loaded; rejects with its AppLoadError (a RouteTreeError when the tree is at fault) */
	ready: Promise<void>;
	/**
	 * The app as last loaded: the first load until a request in development picks up an edit.
	 * Undefined before the first load completes (or when it failed). Never starts a reload.
	 */
	loaded(): LoadedApp | undefined;
}

/** A core for the app's current load: in dev, a new one after each reload. */
export function serveApp(options: ResolvedOptions): AppCore {
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
	return { ready: loader.ready, serve, loaded: () => served ?? first };
}
