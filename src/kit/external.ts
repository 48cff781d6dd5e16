/**
 * SvelteKit 3's rule for redirects to another origin (its exports/url.js): `redirect()` refuses
 * them unless the call opts in. kit-endpoints' own `redirect()` cannot know, when it is called,
 * which SvelteKit the app follows, so the rule is applied when its redirect is answered.
 */
import { diagnostic } from './diagnostic.js';
import type { RedirectOptions } from './thrown.js';

// SvelteKit resolves locations against the current origin, or this one outside a request
const NO_ORIGIN = 'https://sveltekit-redirect.invalid';
// protocols `{ external: true }` does not cover: they must be listed
const SCRIPT_PROTOCOLS = new Set(['javascript:', 'data:']);

/**
 * The Error SvelteKit 3's `redirect()` throws for `location` seen from `origin`, or undefined
 * when the redirect may go. A location is external when, resolved against the origin, its
 * protocol or host (port included) differs; relative and protocol-relative locations resolve too.
 *
 * @example
 * ```ts
 * externalRedirectRefusal('https://evil.test/', undefined, 'https://app.test'); // an Error
 * externalRedirectRefusal('https://app.test/x', undefined, 'https://app.test'); // undefined
 * ```
 */
export function externalRedirectRefusal(
	location: string,
	options: RedirectOptions | undefined,
	origin: string | undefined
): Error | undefined {
	if (sameOrigin(location, origin ?? NO_ORIGIN)) return undefined;
	const external: unknown = options?.external;
	const quoted = JSON.stringify(location);
	if (!external) {
		return diagnostic(
			'redirect_external_not_allowed',
			`Cannot redirect to external URL \`${quoted}\`. To redirect to an external URL, pass \`{ external: true }\` or an allowlist of permitted origins as the third argument to \`redirect\``
		);
	}
	if (external === true) {
		if (!SCRIPT_PROTOCOLS.has(protocolOf(location))) return undefined;
		return diagnostic(
			'redirect_external_javascript',
			`Cannot redirect to \`${quoted}\` with \`{ external: true }\`. The \`javascript:\` and \`data:\` protocols must be explicitly listed in the \`external\` allowlist`
		);
	}
	if (Array.isArray(external)) {
		if (external.some((allowed) => sameOrigin(location, allowed as string))) return undefined;
		return diagnostic(
			'redirect_external_not_in_allowlist',
			`Cannot redirect to \`${quoted}\`: URL origin is not included in the \`external\` allowlist`
		);
	}
	return diagnostic('redirect_external_option_invalid', '`redirect` `options.external` must be `true` or an array of allowed origins');
}

/** Whether `location` stays on `allowed`'s protocol and host; an exact match always does. */
function sameOrigin(location: string, allowed: string): boolean {
	if (location === allowed) return true;
	try {
		const base = new URL(allowed);
		const target = new URL(location, base);
		// protocol and host rather than `origin`, which is "null" for blob: and the like
		return target.protocol === base.protocol && target.host === base.host;
	} catch {
		return false;
	}
}

function protocolOf(location: string): string {
	try {
		return new URL(location, NO_ORIGIN).protocol;
	} catch {
		return '';
	}
}
