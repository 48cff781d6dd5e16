// characters that reach the URL parser unchanged: such a path needs no parsing to be a pathname
const PLAIN_PATH = /^\/[\w\-.~!$&'()*+,;=:@%/]*$/;
// `.`, `..` and their encoded forms as whole segments, which the URL parser resolves away
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/**
 * The pathname SvelteKit routes on is that of `new URL(request.url)`: dot segments resolved,
 * backslashes turned into slashes. Most paths need none of that.
 */
export function toPathname(path: string): string {
	if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return path;
	return new URL(`http://localhost${path.startsWith('/') ? '' : '/'}${path}`).pathname;
}
