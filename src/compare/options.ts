import { pathSegments } from '../routes/parse.js';
import type { CompareOptions, CompareSide } from './types.js';

export const DEFAULT_IGNORED_HEADERS = ['date', 'etag', 'last-modified', 'x-request-id', 'x-response-time', 'server-timing'];
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export interface CompareSettings {
	legacy: CompareOptions['legacy'];
	/**
	 * The one test a request on a route that is not compared pays: whether its path may be one
	 * of a compared route's. Only a path that passes is matched to its route.
	 */
	candidate: RegExp;
	/** the compared methods of each compared route */
	routes: Map<string, Set<string>>;
	serve: CompareSide;
	sampled(): boolean;
	ignoreHeaders: Set<string>;
	body: 'exact' | 'json';
	hashAbove: number;
	timeout: number;
	onDifference: CompareOptions['onDifference'];
}

/** Validates the compare option when the middleware is created. */
export function resolveCompare(options: CompareOptions | undefined): CompareSettings | undefined {
	if (options === undefined) return undefined;
	if (typeof options !== 'object' || options === null) throw new TypeError('compare must be an object: { legacy, routes, onDifference }');
	const { legacy, onDifference, serve = 'legacy', sample = 1, body = 'json', hashAbove = 64 * 1024, timeout = 5000 } = options;
	if (typeof legacy !== 'function') throw new TypeError('compare.legacy must be the legacy handler: a middleware or a router');
	if (typeof onDifference !== 'function') throw new TypeError('compare.onDifference must be a function (event) => void');
	if (serve !== 'legacy' && serve !== 'endpoint')
		throw new TypeError(`compare.serve must be 'legacy' or 'endpoint', not ${JSON.stringify(serve)}`);
	if (typeof sample !== 'number' || !(sample >= 0 && sample <= 1)) throw new TypeError('compare.sample must be a number from 0 to 1');
	if (body !== 'exact' && body !== 'json') throw new TypeError(`compare.body must be 'exact' or 'json', not ${JSON.stringify(body)}`);
	if (typeof hashAbove !== 'number' || !(hashAbove >= 0)) throw new TypeError('compare.hashAbove must be a number of bytes');
	if (typeof timeout !== 'number' || !(timeout > 0)) throw new TypeError('compare.timeout must be a number of milliseconds');
	const ignore = options.ignoreHeaders ?? DEFAULT_IGNORED_HEADERS;
	if (!Array.isArray(ignore) || ignore.some((name) => typeof name !== 'string')) {
		throw new TypeError('compare.ignoreHeaders must be an array of header names');
	}
	const routes = comparedRoutes(options.routes);
	return {
		legacy,
		candidate: candidatePaths([...routes.keys()]),
		routes,
		serve,
		sampled: sample >= 1 ? () => true : () => Math.random() < sample,
		ignoreHeaders: new Set(ignore.map((name) => name.toLowerCase())),
		body,
		hashAbove,
		timeout,
		onDifference
	};
}

function comparedRoutes(list: CompareOptions['routes']): Map<string, Set<string>> {
	if (!Array.isArray(list) || list.length === 0) {
		throw new TypeError("compare.routes must list route ids, such as ['/api/items/[id]'], or { id, methods } objects");
	}
	const routes = new Map<string, Set<string>>();
	for (const entry of list) {
		const { id, methods = SAFE_METHODS } = typeof entry === 'string' ? { id: entry } : (entry ?? {});
		if (typeof id !== 'string' || !id.startsWith('/')) {
			throw new TypeError(`compare.routes: ${JSON.stringify(entry)} is not a route id such as '/api/items/[id]'`);
		}
		if (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string' || !/^[A-Z]+$/.test(m))) {
			throw new TypeError(`compare.routes: the methods of ${id} must be upper-case method names, such as ['GET', 'POST']`);
		}
		routes.set(id, new Set(methods));
	}
	return routes;
}

// characters that stand for themselves in a request's path, as clients send it
const LITERAL = /^[\w\-.~!$&'()*+,;=:@]*$/;

/**
 * A test passed by every path that can match one of the routes: the static start of each
 * route's URLs, up to its first param. Paths written unusually (percent-encoded letters, dot
 * segments) may fail it: those requests are served without a comparison.
 */
function candidatePaths(ids: string[]): RegExp {
	const starts = ids.map((id) => {
		let start = '';
		for (const segment of pathSegments(id)) {
			if (!LITERAL.test(segment) || segment.includes('[')) break;
			start += `/${segment}`;
		}
		return start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	});
	return new RegExp(`^(?:${starts.join('|')})`);
}
