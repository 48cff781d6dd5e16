import type { ModuleImporter } from './load.js';
import type { RouteRules } from './rules.js';

/** One `[param]` of a route id, as SvelteKit's `parse_route_id` describes it. */
export interface RouteParam {
	name: string;
	matcher: string | undefined;
	optional: boolean;
	rest: boolean;
	/** a whole-segment optional or rest param, whose absence also removes its `/` */
	chained: boolean;
}

/** What a param can hold: a string, or what a SvelteKit 3 matcher made of it. */
export type ParamValue = string | number | boolean | bigint;

/**
 * A param matcher as the route rules present it. What its answer means is up to the rules'
 * `readParams`: SvelteKit 2 accepts the param when it is truthy, SvelteKit 3 stores it in place
 * of the param unless it is undefined.
 */
export type ParamMatcher = (param: string) => unknown;

/** The exports of a `+server` module that the runtime reads. */
export interface EndpointModule {
	[name: string]: unknown;
}

/** A route as read from disk, before its module is imported. */
export interface ScannedRoute {
	/** SvelteKit's route id: `/blog/[slug]`, `/(group)/a` */
	id: string;
	pattern: RegExp;
	params: RouteParam[];
	/** absolute path of the `+server.*` file */
	endpoint: string | null;
	/** absolute paths of the `+page.*` files; non-empty means the route is also a page */
	pages: string[];
}

export interface Route extends ScannedRoute {
	/** the imported endpoint module, when the route has one */
	module: EndpointModule | null;
	/** exported HTTP method handlers, in SvelteKit's canonical order */
	methods: string[];
	/**
	 * Why the endpoint module failed to import or evaluate, when it did: the route then answers
	 * every request for its endpoint with that error, through handleError, as SvelteKit does.
	 */
	failure?: RouteFailure;
}

export interface RouteFailure {
	/** what importing the module threw */
	error: unknown;
	/** why, for the start-up log: the error, or the fix where one is known */
	message: string;
}

export interface RouteMatch {
	route: Route;
	/** params decoded once with `decodeURIComponent` (and made into a matcher's value in SvelteKit 3); absent optionals are omitted */
	params: Record<string, ParamValue>;
}

export interface RouteTreeOptions {
	/** where the param matchers are (SvelteKit 2: a directory of modules; 3: one module); default: the rules' place for them */
	params?: string;
	/** page component extensions (SvelteKit's `extensions`); default `['.svelte']` */
	extensions?: string[];
	/** routes that exist only as pages of the host app: they take part in matching, and win where SvelteKit's page would */
	pages?: Array<{ id: string; pattern: RegExp; params: RouteParam[] }>;
	/** imports modules afresh under this version (dev reloading); 0 or absent: the usual import */
	version?: number;
	/** how the route and matcher modules are imported; default Node's `import()` under `version` */
	importer?: ModuleImporter;
	/** receives warnings about the tree (files that look like route files but lack the `+`); default `console.warn` */
	warn?: (message: string) => void;
	/** what the tree may contain, as one version of SvelteKit has it; default SvelteKit 2's */
	rules?: RouteRules;
}
