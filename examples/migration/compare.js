// Compare mode for the route on its way out of legacy-todos.js: each GET /api/todos/:id runs
// both the legacy handler (whose answer the browser gets) and the new +server.js file, and
// every difference between their answers is logged.
import { legacyTodos } from './legacy-todos.js';

/** @returns {import('kit-endpoints').CompareOptions} */
export function compareOptions(log = console.log) {
	return {
		legacy: legacyTodos,
		routes: ['/api/todos/[id]'],
		// Express's res.json() says `; charset=utf-8`, SvelteKit's json() does not: no client cares
		ignoreHeaders: ['date', 'etag', 'content-type'],
		onDifference(event) {
			log(`compare: ${event.method} ${event.url} differs (${event.served} served)`);
			for (const { kind, name, legacy, endpoint } of event.differences) {
				log(`  ${name ? `${kind} ${name}` : kind}: legacy ${JSON.stringify(legacy)}, endpoint ${JSON.stringify(endpoint)}`);
			}
		}
	};
}
