/**
 * Error response bodies (rules §5.2, §5.3): JSON for API clients, and for browsers an HTML page
 * built from an `error.html`-style template with SvelteKit's two placeholders.
 */
import { json, text } from './kit/index.js';

const STATUS_PLACEHOLDER = '%sveltekit.status%';
const MESSAGE_PLACEHOLDER = '%sveltekit.error.message%';

/**
 * The page used when the app has no `src/error.html`. It fills the same slots as SvelteKit's
 * built-in page (the message as `<title>` and `<h1>`, the status in `.status`) with a design of
 * its own, and follows the reader's light or dark colour scheme.
 */
export const DEFAULT_ERROR_TEMPLATE = `<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<title>%sveltekit.error.message%</title>
		<style>
			:root {
				--ink: #1f2328;
				--muted: #656d76;
				--paper: #ffffff;
				--accent: #d1242f;
			}
			@media (prefers-color-scheme: dark) {
				:root {
					--ink: #e6edf3;
					--muted: #8d96a0;
					--paper: #0d1117;
					--accent: #ff7b72;
				}
			}
			body {
				margin: 0;
				min-height: 100vh;
				display: grid;
				place-items: center;
				background: var(--paper);
				color: var(--ink);
				font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
			}
			main {
				padding: 2rem;
				text-align: center;
			}
			.status {
				display: block;
				color: var(--accent);
				font-size: 4rem;
				font-weight: 700;
				letter-spacing: 0.05em;
			}
			h1 {
				margin: 0.5rem 0 0;
				color: var(--muted);
				font-size: 1.25rem;
				font-weight: 400;
			}
		</style>
	</head>
	<body>
		<main>
			<span class="status">%sveltekit.status%</span>
			<h1>%sveltekit.error.message%</h1>
		</main>
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
 * staticErrorPage(DEFAULT_ERROR_TEMPLATE, 404, 'Not found: /missing');
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
 * renderError(418, { message: 'teapot' }, 'json', DEFAULT_ERROR_TEMPLATE);
 * // 418, {"message":"teapot"}
 * ```
 */
export function renderError(status: number, body: Record<string, unknown>, format: 'json' | 'html', template: string): Response {
	if (format === 'json') return json(body, { status });
	return staticErrorPage(template, status, body.message as string);
}
