/**
 * Compare mode: the `+server` file and the legacy handler it replaces both answer chosen
 * requests; one answer goes to the client, the other is only compared with it.
 */

/** Which side's answer the client gets. */
export type CompareSide = 'legacy' | 'endpoint';

/** A compared route: its id, and the methods compared on it when not only GET, HEAD and OPTIONS. */
export interface ComparedRoute {
	/** the route id, as `middleware.routes` and `npx kit-endpoints routes` show it: `/api/items/[id]` */
	id: string;
	/**
	 * The methods run on both sides. Default `['GET', 'HEAD', 'OPTIONS']`. Any other method runs
	 * its side effects twice (two inserts for one POST): list it only for handlers that can take it.
	 */
	methods?: string[];
}

export interface CompareOptions {
	/**
	 * What answered these routes before: an Express middleware or router `(req, res, next)`, or
	 * with `kit-endpoints/koa` a Koa middleware `(ctx, next)` such as `router.routes()`.
	 */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an Express or a Koa middleware
	legacy: (...args: any[]) => unknown;
	/** The routes compared: route ids, or `{ id, methods }` to compare more methods than GET, HEAD and OPTIONS. */
	routes: Array<string | ComparedRoute>;
	/** Which answer the client gets on these routes, whether compared or not; default `'legacy'`. */
	serve?: CompareSide;
	/** The share of requests compared, from 0 to 1; default 1 (all). */
	sample?: number;
	/**
	 * Response headers left out of the comparison, replacing the default
	 * `['date', 'etag', 'last-modified', 'x-request-id', 'x-response-time', 'server-timing']`.
	 */
	ignoreHeaders?: string[];
	/** `'json'` (default): JSON bodies compared as values, key order and spacing aside; others byte for byte. `'exact'`: every body byte for byte. */
	body?: 'exact' | 'json';
	/** Bodies larger than this, in bytes, are compared and reported by their SHA-256; default 64K. */
	hashAbove?: number;
	/** How long a comparison waits for both answers, in ms, before comparing what has come (streams); default 5000. */
	timeout?: number;
	/** Receives each comparison that found a difference. */
	onDifference(event: CompareEvent): void;
}

/**
 * How a side ended: `answered`, its response finished; `unfinished`, still sending when the
 * comparison was made (`timeout`); `passed`, it called `next()`; `failed`, it threw or called
 * `next(error)`.
 */
export type CompareOutcome = 'answered' | 'unfinished' | 'passed' | 'failed';

/** What one side answered. */
export interface CompareResult {
	outcome: CompareOutcome;
	/** the status sent; 0 when no status line went out */
	status: number;
	/** the response headers, by lower-case name; `set-cookie` is an array */
	headers: Record<string, string | string[]>;
	/** the body as UTF-8 text, up to `hashAbove` bytes; undefined above it */
	body: string | undefined;
	/** bytes of body sent */
	size: number;
	/** SHA-256 of the body, hex */
	sha256: string;
	/** what a `failed` side threw */
	error?: unknown;
}

/** One difference. `legacy` and `endpoint` hold each side's value. */
export interface CompareDifference {
	kind: 'outcome' | 'status' | 'header' | 'body';
	/** the header's name, for `kind: 'header'` */
	name?: string;
	legacy: unknown;
	endpoint: unknown;
}

export interface CompareEvent {
	routeId: string;
	method: string;
	/** the URL as the client sent it, path and query */
	url: string;
	/** the side whose answer the client got */
	served: CompareSide;
	differences: CompareDifference[];
	legacy: CompareResult;
	endpoint: CompareResult;
}
