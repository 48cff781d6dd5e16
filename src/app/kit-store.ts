/**
 * The per-request store of the app's own `@sveltejs/kit`. SvelteKit 3's `redirect()` reads the
 * current request from it (`get_origin()` in its exports/internal/server) to tell an external
 * location from a same-origin one; outside SvelteKit nothing fills it, and every absolute URL
 * would look external. Handlers run inside it when the profile asks for it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestEvent } from '../types.js';

/** Runs `fn` with `event` as the current request of the app's `@sveltejs/kit`. */
export type KitRequestStore = <T>(event: RequestEvent, fn: () => T) => T;

interface InternalServer {
	with_request_store?: (store: { event: RequestEvent; state: object } | null, fn: () => unknown) => unknown;
}

// what SvelteKit keeps beside the event (its RequestState) concerns pages and remote functions
const STATE = Object.freeze({});

/**
 * The store of the `@sveltejs/kit` the route files resolve (from `routes`, as they resolve it),
 * imported once; undefined when there is none or it has no store to offer.
 */
export async function loadKitRequestStore(routes: string): Promise<KitRequestStore | undefined> {
	let internal: InternalServer;
	try {
		const url = internalServerUrl(routes);
		if (!url) return undefined;
		internal = (await import(url)) as InternalServer;
	} catch {
		return undefined;
	}
	const run = internal.with_request_store;
	if (typeof run !== 'function') return undefined;
	// the module makes its AsyncLocalStorage in a promise of its own: let it settle first
	await new Promise((resolve) => setImmediate(resolve));
	return <T>(event: RequestEvent, fn: () => T) => run({ event, state: STATE }, fn) as T;
}

/**
 * The file behind `@sveltejs/kit/internal/server` for an ES module in `routes`. Its export is
 * import-only, which `require.resolve` cannot follow, so it is read from the package's exports.
 */
function internalServerUrl(routes: string): string | undefined {
	const require = createRequire(path.join(routes, 'noop.js'));
	const manifest = require.resolve('@sveltejs/kit/package.json');
	const { exports } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> };
	const file = importTarget(exports?.['./internal/server']);
	return file === undefined ? undefined : pathToFileURL(path.join(path.dirname(manifest), file)).href;
}

/** The file an export gives an `import` from Node, through its nested conditions. */
function importTarget(target: unknown): string | undefined {
	if (typeof target === 'string') return target;
	if (typeof target !== 'object' || target === null) return undefined;
	const conditions = target as Record<string, unknown>;
	for (const condition of ['node', 'import', 'default']) {
		if (condition in conditions) return importTarget(conditions[condition]);
	}
	return undefined;
}
