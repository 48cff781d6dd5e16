/** `json()` and `text()`, as `@sveltejs/kit` v2 has them (SvelteKit's exports/index.js). */
import { rememberBody } from '../bodies.js';

const encoder = new TextEncoder();

/**
 * A JSON response. `content-type: application/json` and `content-length` are added unless
 * `init.headers` already has them; `json(undefined)` has no body.
 *
 * @example
 * ```ts
 * export function GET() {
 * 	return json({ ok: true }, { status: 201, headers: { 'cache-control': 'no-store' } });
 * }
 * ```
 */
export function json(data: unknown, init?: ResponseInit): Response {
	// JSON.stringify gives undefined for undefined, functions and symbols: no body, length 0
	const body = JSON.stringify(data) as string | undefined;
	const length = () => String(body === undefined ? 0 : Buffer.byteLength(body));
	if (init?.headers === undefined) {
		// the same headers without building a Headers only to copy it
		const headers = { 'content-length': length(), 'content-type': 'application/json' };
		return rememberBody(new Response(body, { ...init, headers }), body);
	}
	const headers = new Headers(init.headers);
	if (!headers.has('content-length')) headers.set('content-length', length());
	if (!headers.has('content-type')) headers.set('content-type', 'application/json');
	return rememberBody(new Response(body, { ...init, headers }), body);
}

/**
 * A response with `body` as it is, and a `content-length` unless `init.headers` has one.
 *
 * As in SvelteKit, no `content-type` is added when the length is computed here (the body goes
 * out as bytes); when the caller gives the length, the platform's `text/plain;charset=UTF-8`
 * default applies.
 *
 * @example
 * ```ts
 * export function GET() {
 * 	return text('pong', { headers: { 'content-type': 'text/plain' } });
 * }
 * ```
 */
export function text(body: string, init?: ResponseInit): Response {
	if (init?.headers === undefined) {
		const bytes = encoder.encode(body);
		return rememberBody(new Response(bytes, { ...init, headers: { 'content-length': String(bytes.byteLength) } }), bytes);
	}
	const headers = new Headers(init.headers);
	if (headers.has('content-length')) {
		return new Response(body, { ...init, headers });
	}
	const bytes = encoder.encode(body);
	headers.set('content-length', String(bytes.byteLength));
	return rememberBody(new Response(bytes, { ...init, headers }), bytes);
}
