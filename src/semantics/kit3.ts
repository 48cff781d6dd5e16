import { kit3ImportRules } from '../app/imports.js';
import { kit3CookieRules } from '../cookies/index.js';
import { handlerFor } from '../core/endpoint.js';
import { kit3ErrorRules } from '../core/error-rules.js';
import { diagnosticText } from '../kit/diagnostic.js';
import { externalRedirectRefusal } from '../kit/external.js';
import { kit3RouteRules } from '../routes/rules.js';
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

	// the route tree: a params module, value-returning matchers, QUERY (create_manifest_data, routing.js)
	routes: kit3RouteRules,
	// runtime/server/respond.js: a matcher that throws is answered through handleError
	answersRoutingErrors: true,

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

	// errors: every body carries its status (runtime/server/errors.js); error()'s third argument,
	// or the rest of a (deprecated) object body, goes around status and message (exports/index.js)
	errorBody: (status, message) => ({ status, message }),
	httpErrorBody(status, body, thrown) {
		if (thrown?.complete) return body;
		const { message, ...rest } = body;
		return { ...rest, ...(thrown?.properties as object | undefined), status, message: message ?? `Error: ${status}` };
	},
	errors: kit3ErrorRules,
	redirectRefusal: (location, options, origin) => externalRedirectRefusal(location, options, origin()),
	kitRequestStore: true,

	// runtime/server/respond.js: relative, so that a prefix the server does not see survives
	trailingSlashLocation: (url, pathname) => relativeLocation(url.pathname, pathname) + url.search,

	frameworkError(message) {
		const error = new Error(message);
		error.name = 'SvelteKit error';
		return error;
	},
	messages: {
		...kit2.messages,
		invalidResponse: (pathname) =>
			diagnosticText(
				'endpoint_invalid_response',
				`Invalid response from route \`${pathname}\`: handler should return a \`Response\` object`
			),
		headerAlreadySet: (name) => diagnosticText('header_already_set', `\`${name}\` header is already set`),
		setHeadersCookie: diagnosticText('set_headers_cookie', kit2.messages.setHeadersCookie),
		setHeadersAfterResponse: diagnosticText('set_headers_after_response', kit2.messages.setHeadersAfterResponse),
		cookiesSetAfterResponse: diagnosticText('cookies_set_after_response', kit2.messages.cookiesSetAfterResponse)
	},

	// imports and types: the virtual modules of 3.2.0 (core/env.js, exports/vite) and its sync output
	imports: kit3ImportRules,
	types: kit3TypesRules
};

/** `./<last segment>/` to add the slash, `../<last segment>` to take it away. */
function relativeLocation(from: string, to: string): string {
	const segment = to.replace(/\/$/, '').split('/').at(-1);
	// the `./` also keeps a colon in the segment from reading as a scheme
	return from.endsWith('/') ? `../${segment}` : `./${segment}/`;
}

/** respond.js's `endpoint_can_handle`, asked of GET, HEAD and POST only; other methods stay. */
function canHandle(module: EndpointModule, method: string): boolean {
	if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return true;
	return handlerFor(module, method) !== undefined;
}
