import { RequestError } from '../errors.js';
import { readEncodedParams, type ParamReader } from './exec.js';
export { exec } from './exec.js';
import { pathSegments } from './parse.js';
import type { ParamMatcher, ParamValue, RouteParam } from './types.js';

/**
 * SvelteKit's pathname decoding: everything but `%25`, so that a decoded `%` cannot form a new
 * escape. decodeURI also leaves `%2F`, `%3F`, `%23` and the other reserved characters encoded.
 */
export function decodePathname(pathname: string): string {
	try {
		return pathname.includes('%') ? pathname.split('%25').map(decodeURI).join('%25') : pathname;
	} catch {
		throw new RequestError(400, 'Malformed URI', `Failed to decode URI: ${pathname}`);
	}
}

export interface Matchable {
	id: string;
	pattern: RegExp;
	params: RouteParam[];
}

export interface Found<R> {
	route: R;
	params: Record<string, ParamValue>;
}

interface Ranked<R> {
	route: R;
	/** position in priority order */
	rank: number;
	/** all static: the trie position alone decides the match, no regex needed */
	exact: boolean;
}

interface TrieNode<R> {
	children: Map<string, TrieNode<R>>;
	/** routes whose leading static segments end at this node, in priority order */
	routes: Ranked<R>[];
}

/**
 * Builds the lookup for routes already in priority order. A route can only match a path that
 * starts with its leading static segments, so routes hang in a trie of those segments; a
 * lookup walks the path's segments down the trie and tries just the routes met on the way,
 * in priority order. The result is exactly that of SvelteKit's ordered scan, at a cost that
 * depends on the depth of the path rather than the size of the tree. `read` takes the params
 * from a route's regex match as the route rules have it.
 */
export function createMatcher<R extends Matchable>(
	sorted: R[],
	matchers: Record<string, ParamMatcher>,
	read: ParamReader = readEncodedParams
): (pathname: string) => Found<R> | null {
	const root = buildTrie(sorted);

	return (pathname) => {
		const path = decodePathname(pathname);

		const lists: Ranked<R>[][] = [];
		const ends: number[] = [];
		let node: TrieNode<R> | undefined = root;
		let start = 1;
		while (node) {
			if (node.routes.length) {
				lists.push(node.routes);
				ends.push(start - 1);
			}
			if (start > path.length) break;
			let end = path.indexOf('/', start);
			if (end === -1) end = path.length;
			node = node.children.get(path.slice(start, end));
			start = end + 1;
		}

		if (lists.length === 1) {
			for (const entry of lists[0]!) {
				const found = tryRoute(entry, path, ends[0]!, matchers, read);
				if (found) return found;
			}
			return null;
		}

		// merge the lists by priority; there are at most as many as the path has segments
		const heads = lists.map(() => 0);
		for (;;) {
			let best = -1;
			let bestRank = Infinity;
			for (let l = 0; l < lists.length; l += 1) {
				const entry = lists[l]![heads[l]!];
				if (entry !== undefined && entry.rank < bestRank) {
					best = l;
					bestRank = entry.rank;
				}
			}
			if (best === -1) return null;
			const entry = lists[best]![heads[best]!]!;
			heads[best]! += 1;
			const found = tryRoute(entry, path, ends[best]!, matchers, read);
			if (found) return found;
		}
	};
}

function buildTrie<R extends Matchable>(sorted: R[]): TrieNode<R> {
	const root: TrieNode<R> = { children: new Map(), routes: [] };
	sorted.forEach((route, rank) => {
		let node = root;
		const prefix = leadingStatic(route.id);
		const exact = route.params.length === 0 && prefix.length === pathSegments(route.id).length;
		for (const segment of prefix) {
			let child = node.children.get(segment);
			if (!child) node.children.set(segment, (child = { children: new Map(), routes: [] }));
			node = child;
		}
		node.routes.push({ route, rank, exact });
	});
	return root;
}

/** `end` is where the segments that led to the entry's trie node end in `path`. */
function tryRoute<R extends Matchable>(
	{ route, exact }: Ranked<R>,
	path: string,
	end: number,
	matchers: Record<string, ParamMatcher>,
	read: ParamReader
): Found<R> | null {
	if (exact) {
		// like the route's /^\/a\/b\/?$/: nothing left but an optional trailing slash
		const left = path.length - end;
		return left === 0 || (left === 1 && path.endsWith('/')) ? { route, params: {} } : null;
	}
	const match = route.pattern.exec(path);
	if (!match) return null;
	const params = read(match, route.params, matchers);
	return params ? { route, params } : null;
}

/**
 * The leading segments of a route that match only their own literal text in a decoded path.
 * Text with `%`, `/`, `?` or `#` is matched in encoded form, so it ends the prefix, as does
 * the first param.
 */
function leadingStatic(id: string): string[] {
	const prefix: string[] = [];
	for (const segment of pathSegments(id)) {
		if (segment.includes('[')) break;
		const text = segment.normalize();
		if (/[%/?#]/.test(text)) break;
		prefix.push(text);
	}
	return prefix;
}
