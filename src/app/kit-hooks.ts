// What route and hook files get for `import { sequence } from '@sveltejs/kit/hooks'`. Kit's own
// `sequence` reads its internal request store, which does not exist outside SvelteKit.
import { runWithEvent } from './runtime.js';
import type { Handle, RequestEvent, ResolveOptions } from '../types.js';

/**
 * Chains `handle` hooks: each one's `resolve` calls the next, the last one's calls the real
 * `resolve`. Page options combine as in SvelteKit: `transformPageChunk`s run from the last
 * handler to the first, and for `preload` and `filterSerializedResponseHeaders` the first
 * handler that gives one wins.
 */
export function sequence(...handlers: Handle[]): Handle {
	if (handlers.length === 0) return ({ event, resolve }) => resolve(event);

	return ({ event, resolve }) => {
		const step = async (index: number, event: RequestEvent, outer: ResolveOptions | undefined): Promise<Response> => {
			const handle = handlers[index]!;
			// getRequestEvent() in a handler returns the event that handler was given
			return runWithEvent(event, () =>
				handle({
					event,
					resolve: (next, options) => {
						const merged = mergeOptions(outer, options);
						return index + 1 < handlers.length ? step(index + 1, next, merged) : resolve(next, merged);
					}
				})
			);
		};
		return step(0, event, undefined);
	};
}

/** `outer` holds what the earlier handlers passed to `resolve`, `inner` what this one did. */
function mergeOptions(outer: ResolveOptions | undefined, inner: ResolveOptions | undefined): ResolveOptions {
	const merged: ResolveOptions = {};
	const first = inner?.transformPageChunk;
	const then = outer?.transformPageChunk;
	if (first || then) {
		merged.transformPageChunk = async ({ html, done }) => {
			if (first) html = (await first({ html, done })) ?? '';
			if (then) html = (await then({ html, done })) ?? '';
			return html;
		};
	}
	const filter = outer?.filterSerializedResponseHeaders ?? inner?.filterSerializedResponseHeaders;
	if (filter) merged.filterSerializedResponseHeaders = filter;
	const preload = outer?.preload ?? inner?.preload;
	if (preload) merged.preload = preload;
	return merged;
}
