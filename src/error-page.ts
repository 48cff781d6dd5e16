/**
 * Error response bodies (rules §5.2, §5.3): JSON for API clients, and for browsers an HTML page
 * built from an `error.html`-style template with SvelteKit's two placeholders: the app's own, or
 * SvelteKit's default one.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { json, text } from './kit/index.js';

const STATUS_PLACEHOLDER = '%sveltekit.status%';
const MESSAGE_PLACEHOLDER = '%sveltekit.error.message%';

/**
 * SvelteKit's own error page (`default-error.html`, which both majors ship in their package and
 * use when the app has no `src/error.html`), read from the `@sveltejs/kit` that the route files
 * in `routes` resolve. Without one installed, a minimal page of this package's.
 */
export function defaultErrorTemplate(routes: string): string {
	try {
		const manifest = createRequire(path.join(routes, 'noop.js')).resolve('@sveltejs/kit/package.json');
		return fs.readFileSync(path.join(path.dirname(manifest), 'src', 'core', 'config', 'default-error.html'), 'utf8');
	} catch {
		return FALLBACK_ERROR_TEMPLATE;
	}
}

/** The page without `@sveltejs/kit` installed: the status and the message, nothing more. */
export const FALLBACK_ERROR_TEMPLATE = `<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<title>%sveltekit.error.message%</title>
	</head>
	<body>
		<h1>%sveltekit.status%</h1>
		<p>%sveltekit.error.message%</p>
	</body>
</html>
`;

/**
 * Escapes a message for HTML text, as SvelteKit does for error pages: `&` and `<` become
 * entities, and unpaired surrogates (valid in JS strings, not in HTML) become numeric
 * references. `>` and quotes are left alone, matching SvelteKit byte for byte.
 */
function escapeMessage(message: string): string {
	// with the `u` flag, \p{Cs} matches a surrogate only when it is not half of a pair
	return message.replace(/[&<]|\p{Cs}/gu, (char) => {
		if (char === '&') return '&amp;';
		if (char === '<') return '&lt;';
		return `&#${char.charCodeAt(0)};`;
	});
}

/**
 * Fills an error template: every `%sveltekit.status%` becomes the status and every
 * `%sveltekit.error.message%` the HTML-escaped message.
 *
 * Values are inserted once and never scanned again, so a message that contains a placeholder
 * (or `$&`) shows up literally, as in SvelteKit, whose template compiles to string
 * concatenation.
 *
 * @example
 * ```ts
 * renderErrorPage('<h1>%sveltekit.status%: %sveltekit.error.message%</h1>', 404, 'a < b');
 * // '<h1>404: a &lt; b</h1>'
 * ```
 */
export function renderErrorPage(template: string, status: number, message: string): string {
	const escaped = escapeMessage(message);
	// status first, then the message inside each remaining piece: SvelteKit's order, which
	// decides the odd template where two placeholders share a `%`
	return template
		.split(STATUS_PLACEHOLDER)
		.map((piece) => piece.split(MESSAGE_PLACEHOLDER).join(escaped))
		.join(String(status));
}

/**
 * The HTML error page as a response, whatever the client accepts: what SvelteKit sends for
 * errors it answers with `error.html` only (e.g. a failing request that carries
 * `x-sveltekit-error`).
 *
 * @example
 * ```ts
 * staticErrorPage(FALLBACK_ERROR_TEMPLATE, 404, 'Not found: /missing');
 * ```
 * @throws {TypeError} when `message` is not a string; see {@link renderError}
 */
export function staticErrorPage(template: string, status: number, message: string): Response {
	if (typeof message !== 'string') {
		// SvelteKit fails while escaping here too, and the request then fails as a whole
		throw new TypeError(`The error message must be a string to render error.html, got ${typeof message}`);
	}
	return text(renderErrorPage(template, status, message), {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8' }
	});
}

/**
 * A complete error response for `body` (an `App.Error`): JSON with `content-type:
 * application/json`, or the HTML page with `content-type: text/html; charset=utf-8`, both with
 * `content-length`. The caller picks the format (rules §5.2: JSON when the client prefers
 * `application/json` over `text/html`, or for data requests).
 *
 * The HTML page needs `body.message` to be a string. A `handleError` hook can return a body
 * without one; SvelteKit then fails to render the page, and so does this (with a TypeError).
 *
 * @example
 * ```ts
 * renderError(418, { message: 'teapot' }, 'json', FALLBACK_ERROR_TEMPLATE);
 * // 418, {"message":"teapot"}
 * ```
 */
export function renderError(status: number, body: Record<string, unknown>, format: 'json' | 'html', template: string): Response {
	if (format === 'json') return json(body, { status });
	return staticErrorPage(template, status, body.message as string);
}
