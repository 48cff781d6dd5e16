import { kit3ImportRules } from '../app/imports.js';
import { kit3CookieRules } from '../cookies/index.js';
import { kit2RouteRules } from '../routes/rules.js';
import type { EndpointModule } from '../routes/types.js';
import { kit3TypesRules } from '../sync/kit3.js';
import { kit2 } from './kit2.js';
import type { Semantics } from './profile.js';

/**
 * SvelteKit 3.x, as read in the 3.2.0 source (`@sveltejs/kit@3` ships its `src/`) and observed
 * on a 3.2.0 server with adapter-node 6. Where an answer is still SvelteKit 2's, the two majors
 * agree on it.
 */
export const kit3: Semantics = {
	...kit2,
	major: 3,
	// TEMPORARY (kit3-requests): QUERY until kit3RouteRules (src/routes/rules.ts) lands; drop this commit then
	routes: {
		...kit2RouteRules,
		methods: [...kit2RouteRules.methods, 'QUERY'],
		serverExports: [...kit2RouteRules.serverExports, 'QUERY']
	},

	// requests and responses: runtime/server/respond.js, csrf.js, instance.js
	isEndpointRequest(method, accept, action, module) {
		// constants.js: QUERY is an endpoint-only method, as PUT is
		if (method === 'QUERY') return true;
		if (!kit2.isEndpointRequest(method, accept, action)) return false;
		// respond.js: the page takes the GET, HEAD and POST its endpoint cannot handle
		return module === undefined || canHandle(module, method);
	},
	varyAcceptMethods: new Set(['GET', 'HEAD']),
	csrf: {
		methods: kit2.csrf.methods,
		// csrf.js: no content-type at all, or an empty one, is a form too
		isForm: (type) => !type || kit2.csrf.isForm(type)
	},
	reservedQuery: {
		prefix: 'x-sveltekit-',
		message: (key) => `Cannot use reserved query parameter "${key}"`
	},
	// instance.js answers HEAD with `new Response(null, response)`: no body for setResponse to measure
	writer: { headLength: 'declared' },
	cookies: kit3CookieRules,
	imports: kit3ImportRules,
	types: kit3TypesRules
};

/** respond.js's `endpoint_can_handle`, asked of GET, HEAD and POST only; other methods stay. */
function canHandle(module: EndpointModule, method: string): boolean {
	if (method === 'POST') return has(module, 'POST') || has(module, 'fallback');
	if (method !== 'GET' && method !== 'HEAD') return true;
	return has(module, 'GET') || has(module, 'fallback') || (method === 'HEAD' && has(module, 'HEAD'));
}

function has(module: EndpointModule, name: string): boolean {
	return Object.hasOwn(module, name) && typeof module[name] === 'function';
}
