// What route files get for `import … from '$app/server'`.
import { enableRequestStore } from './runtime.js';

// Only apps that can call getRequestEvent() make requests pay for the request store.
enableRequestStore();

export { getRequestEvent } from './runtime.js';

type Unsupported = (...args: unknown[]) => never;

function unsupported(name: string, why: string): Unsupported {
	return function () {
		throw new Error(`\`${name}\` from $app/server is not supported by kit-endpoints: ${why}`);
	};
}

const REMOTE = 'remote functions need the SvelteKit client and build';

/** SvelteKit reads assets from its build manifest, which a kit-endpoints app does not have. */
export const read = unsupported('read', 'it reads assets from a SvelteKit build; use node:fs instead');
export const query = Object.assign(unsupported('query', REMOTE), { batch: unsupported('query.batch', REMOTE) });
export const command = unsupported('command', REMOTE);
export const form = unsupported('form', REMOTE);
export const prerender = unsupported('prerender', REMOTE);
export const requested = unsupported('requested', REMOTE);
