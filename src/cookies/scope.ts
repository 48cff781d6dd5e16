// Which requests a cookie applies to, from its Domain and Path attributes.

/** Does `hostname` fall under a cookie's Domain attribute? A missing domain matches everything. */
export function domainMatches(hostname: string, constraint?: string): boolean {
	if (!constraint) return true;
	const domain = constraint.startsWith('.') ? constraint.slice(1) : constraint;
	return hostname === domain || hostname.endsWith('.' + domain);
}

/** Does `path` fall under a cookie's Path attribute? Matching is per whole segment. */
export function pathMatches(path: string, constraint?: string): boolean {
	if (!constraint) return true;
	const prefix = constraint.endsWith('/') ? constraint.slice(0, -1) : constraint;
	return path === prefix || path.startsWith(prefix + '/');
}

// Any non-special scheme lets URL do the relative-path arithmetic without touching a real host.
const RESOLVE_BASE = new URL('kit-endpoints-internal://');

/** Resolves a cookie path like a relative URL against the request pathname (`../x`, `.`, `''`). */
export function resolvePath(base: string, path: string): string {
	// `//host/x` would otherwise be read as a network-path reference
	if (path.startsWith('//')) return path;
	const resolved = new URL(path, new URL(base, RESOLVE_BASE));
	return resolved.protocol === RESOLVE_BASE.protocol ? resolved.pathname + resolved.search + resolved.hash : resolved.href;
}
