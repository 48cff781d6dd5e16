import type { ImportRules } from '../app/imports.js';
import type { CookieRules } from '../cookies/index.js';
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
	/** `event.cookies`: defaults, codec, name rules */
	readonly cookies: Readonly<CookieRules>;
	/** SvelteKit's virtual imports in route files: which modules there are (`$app/*`, `$env/*`, `$lib`) and what they hold */
	readonly imports: ImportRules;
	/** what `kit-endpoints sync` writes: the files of this major's `svelte-kit sync`, and where */
	readonly types: TypesRules;

	/** The body of an error the framework itself answers (404, 413, 500...). */
	errorBody(status: number, message: string): Record<string, unknown>;
	/** The body of an `error()` thrown by a handler, whose own body may lack a message. */
	httpErrorBody(status: number, body: Record<string, unknown>): Record<string, unknown>;

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

	/** SvelteKit's wording, where a client or a log can see it. */
	readonly messages: {
		methodNotAllowed(method: string): string;
		invalidResponse(pathname: string): string;
		handleMustReturnResponse(returned: string): string;
		crossSiteForm(method: string): string;
		/** the message of an unexpected error, as the client sees it */
		readonly internalError: string;
		/** the message of an `error()` body without one */
		readonly unknownError: string;
	};
}
