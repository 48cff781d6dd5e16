// What route and hook files get for `import { sequence } from '@sveltejs/kit/hooks'`, and what
// kit-endpoints exports as `sequence`. Kit's own reads its internal request store, which does
// not exist outside SvelteKit.
import { runWithEvent } from './runtime.js';
import type { Handle, RequestEvent } from '../types.js';

/**
 * Chains `handle` hooks: each one's `resolve` calls the next, the last one's calls the real
 * `resolve`. `resolve`'s options shape pages only, so endpoints have nothing to combine.
 */
export function sequence(...handlers: Handle[]): Handle {
	if (handlers.length === 0) return ({ event, resolve }) => resolve(event);

	return ({ event, resolve }) => {
		const step = async (index: number, event: RequestEvent): Promise<Response> => {
			const handle = handlers[index]!;
			// getRequestEvent() in a handler returns the event that handler was given
			return runWithEvent(event, () =>
				handle({
					event,
					resolve: (next) => (index + 1 < handlers.length ? step(index + 1, next) : resolve(next))
				})
			);
		};
		return step(0, event);
	};
}
