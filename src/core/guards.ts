/**
 * What SvelteKit checks before a request reaches a route's code: paths it keeps for itself,
 * cross-site form posts, reserved query keys and the route's trailing-slash rule.
 */
import { text } from '../kit/index.js';
import type { Semantics } from '../semantics/profile.js';
import { redirectResponse, refusal } from './error-response.js';
import type { Incoming } from './incoming.js';
import { toPathname } from './pathname.js';

/** Where the URL comes from: built on first use, and it may throw a 400. */
interface UrlSource {
	url(): URL;
}

export interface CsrfOptions {
	checkOrigin: boolean;
	trustedOrigins: string[];
}

/** SvelteKit serves its own data and asset requests on these; never an endpoint. */
export function isReserved(pathname: string): boolean {
	return (
		pathname.endsWith('/__data.json') ||
		pathname.endsWith('.html__data.json') ||
		pathname.endsWith('/__route.js') ||
		pathname.startsWith('/_app')
	);
}

/** The 403 for a form posted from another origin; undefined when the request may go on. */
export function crossSiteRefusal(incoming: Incoming, source: UrlSource, csrf: CsrfOptions, semantics: Semantics): Response | undefined {
	if (!csrf.checkOrigin || !semantics.csrf.methods.has(incoming.method)) return undefined;
	if (!semantics.csrf.isForm(incoming.header('content-type'))) return undefined;
	const origin = incoming.header('origin');
	if (origin === source.url().origin || (origin !== undefined && csrf.trustedOrigins.includes(origin))) return undefined;
	return refusal(403, semantics.messages.crossSiteForm(incoming.method), incoming.header('accept'));
}

/** SvelteKit 3's 400 for a query key it keeps for itself (respond.js); undefined for none. */
export function reservedQueryRefusal(incoming: Incoming, source: UrlSource, semantics: Semantics): Response | undefined {
	const reserved = semantics.reservedQuery;
	if (!reserved) return undefined;
	const query = incoming.query();
	// a key decodes to the prefix only if it spells it out or is percent-encoded
	if (!query.includes(reserved.prefix) && !query.includes('%')) return undefined;
	for (const key of source.url().searchParams.keys()) {
		if (key.startsWith(reserved.prefix)) return text(reserved.message(key), { status: 400 });
	}
	return undefined;
}

/**
 * SvelteKit's 308 to the route's trailing-slash form. The mount point itself, like SvelteKit's
 * base path, always takes a slash.
 */
export function trailingSlashRedirect(incoming: Incoming, option: unknown, source: UrlSource, semantics: Semantics): Response | undefined {
	const pathname = toPathname(incoming.originalPath);
	const normalized = withTrailingSlash(pathname, isAtBase(incoming) ? 'always' : ((option as string | undefined) ?? 'never'));
	if (normalized === pathname) return undefined;
	return redirectResponse(308, semantics.trailingSlashLocation(source.url(), normalized), { 'x-sveltekit-normalize': '1' });
}

/** A request for the base path itself, whose trailing slash is always kept, whatever the route's module says. */
export function isAtBase(incoming: Incoming): boolean {
	const pathname = toPathname(incoming.originalPath);
	return pathname === incoming.base || pathname === `${incoming.base}/`;
}

function withTrailingSlash(pathname: string, mode: string): string {
	if (pathname === '/' || mode === 'ignore') return pathname;
	if (mode === 'never') return pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
	return pathname.endsWith('/') ? pathname : `${pathname}/`;
}
