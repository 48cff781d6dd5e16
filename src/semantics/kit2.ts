import { kit2ImportRules } from '../app/imports.js';
import { kit2CookieRules } from '../cookies/index.js';
import { kit2ErrorRules } from '../core/error-rules.js';
import { negotiate } from '../negotiate.js';
import { MEASURED_HEAD } from '../node/index.js';
import { kit2RouteRules } from '../routes/rules.js';
import { kit2TypesRules } from '../sync/rules.js';
import type { Semantics } from './profile.js';

// runtime/server/respond.js: the content types a browser form can send without a preflight
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata']);
// runtime/server/page/index.js: methods only an endpoint answers, so a page never sees them
const ENDPOINT_ONLY_METHODS = new Set(['PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** SvelteKit 2.x, as observed on 2.70 and read in its source. */
export const kit2: Semantics = {
	major: 2,
	routes: kit2RouteRules,
	answersRoutingErrors: false,
	cookies: kit2CookieRules,
	imports: kit2ImportRules,
	types: kit2TypesRules,

	errorBody: (_status, message) => ({ message }),
	// the third argument of error() is SvelteKit 3's: SvelteKit 2 never sees one
	httpErrorBody: (_status, body) => ({ message: 'Unknown Error', ...body }),
	errors: kit2ErrorRules,
	// SvelteKit 2's redirect() takes any location
	redirectRefusal: () => undefined,
	kitRequestStore: false,

	isEndpointRequest(method, accept, action) {
		if (ENDPOINT_ONLY_METHODS.has(method)) return true;
		// `use:enhance` marks its form-action POSTs, which belong to the page
		if (method === 'POST' && action === 'true') return false;
		// an absent header means "anything"; an empty one is kept and matches nothing
		return negotiate(accept ?? '*/*', ['*', 'text/html']) !== 'text/html';
	},
	varyAcceptMethods: new Set(['GET']),

	csrf: {
		methods: new Set(['POST', 'PUT', 'PATCH', 'DELETE']),
		// a request without a content-type is not a form to SvelteKit 2
		isForm: (type) => type !== undefined && FORM_TYPES.has(type.split(';')[0]!.trim().toLowerCase())
	},

	reservedQuery: null,

	// SvelteKit 2 computes no content-length; here HEAD gets the one GET would (README)
	writer: MEASURED_HEAD,

	// SvelteKit 2 answers with a path, made absolute only where `//` would read as a host
	trailingSlashLocation: (url, pathname) => (pathname.startsWith('//') ? url.origin + pathname : pathname) + url.search,

	frameworkError: (message) => new Error(message),
	messages: {
		methodNotAllowed: (method) => `${method} method not allowed`,
		invalidResponse: (pathname) => `Invalid response from route ${pathname}: handler should return a Response object`,
		headerAlreadySet: (name) => `"${name}" header is already set`,
		setHeadersCookie: 'Use `event.cookies.set(name, value, options)` instead of `event.setHeaders` to set cookies',
		setHeadersAfterResponse: 'Cannot use `setHeaders(...)` after the response has been generated',
		cookiesSetAfterResponse: 'Cannot use `cookies.set(...)` after the response has been generated',
		handleMustReturnResponse: (returned) => `handle must return a Response (it returned ${returned})`,
		crossSiteForm: (method) => `Cross-site ${method} form submissions are forbidden`,
		internalError: 'Internal Error',
		unknownError: 'Unknown Error'
	}
};
