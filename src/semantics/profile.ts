import type { ImportRules } from '../app/imports.js';
import type { CookieRules } from '../cookies/index.js';
import type { ErrorRules } from '../core/error-rules.js';
import type { ThrownHttpError } from '../kit/recognise.js';
import type { RedirectOptions } from '../kit/thrown.js';
import type { WriteRules } from '../node/bridge.js';
import type { RouteRules } from '../routes/rules.js';
import type { EndpointModule } from '../routes/types.js';
import type { TypesRules } from '../sync/rules.js';

/**
 * Where SvelteKit's majors disagree, the runtime asks a profile instead of branching. One
 * profile is chosen when the middleware is created; nothing else in `src/` names a major.
 */
export interface Semantics {
	/** the SvelteKit major these answers are taken from */
	readonly major: 2 | 3;

	/** the route tree: methods, exports, param names, matchers, skipped files */
	readonly routes: RouteRules;
	/**
	 * Whether an error thrown while finding the route (by a param matcher) is answered as a
	 * fatal error, a 500 through handleError (SvelteKit 3 catches it around find_route), rather
	 * than left to the server (SvelteKit 2; here the host's error handling).
	 */
	readonly answersRoutingErrors: boolean;
	/** `event.cookies`: defaults, codec, name rules */
	readonly cookies: Readonly<CookieRules>;
	/** SvelteKit's virtual imports in route files: which modules there are (`$app/*`, `$env/*`, `$lib`) and what they hold */
	readonly imports: ImportRules;
	/** what `kit-endpoints sync` writes: the files of this major's `svelte-kit sync`, and where */
	readonly types: TypesRules;

	/** The body of an error the framework itself answers (404, 413, 500...). */
	errorBody(status: number, message: string): Record<string, unknown>;
	/**
	 * The body of an `error()` thrown by a handler, whose own body may lack a message; `thrown`
	 * says what else the error carries (the third argument of kit-endpoints' own `error()`).
	 */
	httpErrorBody(
		status: number,
		body: Record<string, unknown>,
		thrown?: Omit<ThrownHttpError, 'status' | 'body'>
	): Record<string, unknown>;
	/** handleError's part in an error response, and the hook an app without one gets. */
	readonly errors: ErrorRules;
	/**
	 * The Error that refuses a redirect of kit-endpoints' own `redirect()` to `location`, as the
	 * SvelteKit's `redirect()` would have thrown it; undefined when it may go.
	 */
	redirectRefusal(location: string, options: RedirectOptions, origin: () => string | undefined): Error | undefined;
	/**
	 * Whether the app's own `@sveltejs/kit` reads the current request from its per-request store
	 * (SvelteKit 3's `redirect()` does, to tell external locations), which handlers then run in.
	 */
	readonly kitRequestStore: boolean;

	/**
	 * Does this request go to the endpoint rather than to a page on the same route? `module` is
	 * the route's endpoint, for a rule that asks whether it can handle the request.
	 */
	isEndpointRequest(method: string, accept: string | undefined, action: string | undefined, module?: EndpointModule): boolean;
	/** Methods whose answer varies on `Accept` when a page shares the route. */
	readonly varyAcceptMethods: ReadonlySet<string>;

	/** SvelteKit's cross-site form check: which requests it looks at. */
	readonly csrf: {
		readonly methods: ReadonlySet<string>;
		isForm(contentType: string | undefined): boolean;
	};

	/** Query keys SvelteKit keeps for itself: a request that uses one is refused; null for none. */
	readonly reservedQuery: {
		/** a decoded key starting with this is reserved (case-sensitive) */
		readonly prefix: string;
		message(key: string): string;
	} | null;

	/** How the writer sends a Response (content-length of HEAD answers). */
	readonly writer: WriteRules;

	/** The `location` of a trailing-slash redirect to `pathname` (already normalised). */
	trailingSlashLocation(url: URL, pathname: string): string;

	/** An Error with one of `messages`' texts, named as this SvelteKit names its own errors. */
	frameworkError(message: string): Error;
	/** SvelteKit's wording, where a client or a log can see it. */
	readonly messages: {
		methodNotAllowed(method: string): string;
		invalidResponse(pathname: string): string;
		/** `setHeaders` with a header set before (server-timing aside) */
		headerAlreadySet(name: string): string;
		/** `setHeaders` with a set-cookie header */
		readonly setHeadersCookie: string;
		readonly setHeadersAfterResponse: string;
		readonly cookiesSetAfterResponse: string;
		handleMustReturnResponse(returned: string): string;
		crossSiteForm(method: string): string;
		/** the message of an unexpected error, as the client sees it */
		readonly internalError: string;
		/** the message of an `error()` body without one */
		readonly unknownError: string;
	};
}
