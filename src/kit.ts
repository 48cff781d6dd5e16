/**
 * The helpers endpoints import: `error`, `redirect`, `json`, `text` and the type guards. They
 * behave exactly like `@sveltejs/kit` v2's (spec §4), so a `+server.js` file can switch its
 * import between the two packages. The recognisers also accept errors and redirects thrown by
 * the real `@sveltejs/kit`, whichever copy of it the endpoint imported (§4.5).
 */

import { rememberBody } from './bodies.js';

/** The body of an error (SvelteKit's `App.Error`). Extra keys are allowed. */
export interface KitError {
	message: string;
	[key: string]: unknown;
}

/** The statuses `redirect()` accepts. */
export type RedirectStatus = 300 | 301 | 302 | 303 | 304 | 305 | 306 | 307 | 308;

/**
 * What `error()` throws. Deliberately not an `Error` subclass, like SvelteKit's: it has no
 * stack, and code that catches `Error`s to report crashes leaves it alone.
 */
export class HttpError {
	readonly status: number;
	readonly body: KitError;

	constructor(status: number, body?: KitError | string | Record<string, unknown>) {
		this.status = status;
		this.body = errorBody(status, body);
	}

	toString(): string {
		return JSON.stringify(this.body);
	}
}

/** What `redirect()` throws. Like SvelteKit's, it refuses a location no header can carry. */
export class Redirect {
	readonly status: RedirectStatus;
	readonly location: string;

	constructor(status: RedirectStatus, location: string) {
		if (!isHeaderValue(location)) {
			throw new Error(
				`Invalid redirect location ${JSON.stringify(location)}: ` +
					'this string contains characters that cannot be used in HTTP headers'
			);
		}
		this.status = status;
		this.location = location;
	}
}

/** SvelteKit's rule: a string becomes the message, any truthy value is the body, else a default. */
function errorBody(status: number, body: unknown): KitError {
	if (typeof body === 'string') return { message: body };
	if (body) return body as KitError;
	return { message: `Error: ${status}` };
}

/**
 * SvelteKit checks a location by building a `Headers` with it, so the same characters are
 * refused here: CR, LF and NUL inside the value, and anything above U+00FF.
 */
function isHeaderValue(value: string): boolean {
	try {
		new Headers({ location: value });
		return true;
	} catch {
		return false;
	}
}

/**
 * Throws an HTTP error: the endpoint stops and the client gets `status` with `body`, without
 * the `handleError` hook being called. A string body becomes `{ message }`.
 *
 * Since it always throws, `error(...)`, `throw error(...)` and `return error(...)` all work.
 *
 * @example
 * ```ts
 * export function GET({ params }) {
 * 	if (!posts.has(params.slug)) error(404, 'Post not found');
 * 	return json(posts.get(params.slug));
 * }
 * ```
 * @throws {HttpError} always, for a status between 400 and 599
 * @throws {Error} when the status is not between 400 and 599
 */
export function error(status: number, body?: KitError | string | Record<string, unknown>): never {
	// `isNaN` rather than `Number.isNaN`: SvelteKit coerces, so `'404'` is accepted as it is there
	if (isNaN(status) || status < 400 || status > 599) {
		throw new Error(`HTTP error status codes must be between 400 and 599 — ${status} is invalid`);
	}
	throw new HttpError(status, body);
}

/**
 * Throws a redirect: the client gets `status` with a `location` header and no body. Cookies and
 * headers the endpoint set before are kept.
 *
 * @example
 * ```ts
 * export function POST() {
 * 	redirect(303, '/thanks');
 * }
 * ```
 * @throws {Redirect} always, for a status between 300 and 308
 * @throws {Error} when the status is not between 300 and 308, or the location contains
 * characters that cannot be used in an HTTP header
 */
export function redirect(status: RedirectStatus, location: string | URL): never {
	if (isNaN(status) || status < 300 || status > 308) {
		throw new Error('Invalid status code');
	}
	throw new Redirect(status, location.toString());
}

const encoder = new TextEncoder();

/**
 * A JSON response. `content-type: application/json` and `content-length` are added unless
 * `init.headers` already has them; `json(undefined)` has an empty body.
 *
 * @example
 * ```ts
 * export function GET() {
 * 	return json({ ok: true }, { status: 201, headers: { 'cache-control': 'no-store' } });
 * }
 * ```
 */
export function json(data: unknown, init?: ResponseInit): Response {
	// JSON.stringify gives undefined for undefined, functions and symbols: an empty body
	const body = encoder.encode(JSON.stringify(data));
	const headers = new Headers(init?.headers);
	if (!headers.has('content-length')) {
		headers.set('content-length', String(body.byteLength));
	}
	if (!headers.has('content-type')) {
		headers.set('content-type', 'application/json');
	}
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
	const headers = new Headers(init?.headers);
	if (headers.has('content-length')) {
		return new Response(body, { ...init, headers });
	}
	const bytes = encoder.encode(body);
	headers.set('content-length', String(bytes.byteLength));
	return rememberBody(new Response(bytes, { ...init, headers }), bytes);
}

/**
 * Whether `e` was thrown by `error()`, from this package or from `@sveltejs/kit`. With a
 * `status`, also whether it has that status (`0` or none means any).
 *
 * @example
 * ```ts
 * try {
 * 	await load();
 * } catch (e) {
 * 	if (isHttpError(e, 404)) return json(null);
 * 	throw e;
 * }
 * ```
 */
export function isHttpError(e: unknown, status?: number): e is HttpError {
	const found = asHttpError(e);
	return found !== undefined && (!status || found.status === status);
}

/**
 * Whether `e` was thrown by `redirect()`, from this package or from `@sveltejs/kit`.
 *
 * @example
 * ```ts
 * try {
 * 	await next();
 * } catch (e) {
 * 	if (isRedirect(e)) console.log('redirecting to', e.location);
 * 	throw e;
 * }
 * ```
 */
export function isRedirect(e: unknown): e is Redirect {
	return asRedirect(e) !== undefined;
}

/** The parts of a thrown HTTP error the runtime needs, read once. */
export interface HttpErrorShape {
	status: number;
	body: Record<string, unknown>;
}

/** The parts of a thrown redirect the runtime needs, read once. */
export interface RedirectShape {
	status: number;
	location: string;
}

/**
 * Recognises an HTTP error thrown by this package's or any copy of `@sveltejs/kit`'s `error()`
 * and returns its status and body; `undefined` for anything else.
 *
 * A foreign object counts when it is not an `Error`, and either its class is named `HttpError`
 * (with a status from 400 to 599) or it has an integer `status` from 400 to 599 and an object
 * `body`. An `Error` with a `status` field is an unexpected error, as in SvelteKit. Hostile
 * values (throwing getters, revoked proxies) are simply not matches.
 *
 * @example
 * ```ts
 * const http = asHttpError(thrown);
 * if (http) return json({ message: 'Unknown Error', ...http.body }, { status: http.status });
 * ```
 */
export function asHttpError(e: unknown): HttpErrorShape | undefined {
	try {
		return readHttpError(e);
	} catch {
		return undefined;
	}
}

/**
 * Recognises a redirect thrown by this package's or any copy of `@sveltejs/kit`'s `redirect()`
 * and returns its status and location; `undefined` for anything else.
 *
 * A foreign object counts when it is not an `Error`, has a string `location` that can go in a
 * header, and either its class is named `Redirect` (with a status from 300 to 308) or it has an
 * integer `status` from 300 to 308 and no `body`.
 *
 * @example
 * ```ts
 * const to = asRedirect(thrown);
 * if (to) return new Response(null, { status: to.status, headers: { location: to.location } });
 * ```
 */
export function asRedirect(e: unknown): RedirectShape | undefined {
	try {
		return readRedirect(e);
	} catch {
		return undefined;
	}
}

function readHttpError(e: unknown): HttpErrorShape | undefined {
	if (e instanceof HttpError) {
		return { status: e.status, body: objectBody(e.body) };
	}
	if (!isForeignCandidate(e)) return undefined;

	// each property is read once: a getter or proxy could answer differently the second time
	const { status, body } = e as { status: unknown; body: unknown };
	if (isNamed(e, 'HttpError')) {
		return inRange(status, 400, 599) ? { status, body: objectBody(body) } : undefined;
	}
	if (Number.isInteger(status) && inRange(status, 400, 599) && isObject(body)) {
		return { status, body: objectBody(body) };
	}
	return undefined;
}

function readRedirect(e: unknown): RedirectShape | undefined {
	if (e instanceof Redirect) {
		return { status: e.status, location: e.location };
	}
	if (!isForeignCandidate(e)) return undefined;

	const { status, location } = e as { status: unknown; location: unknown };
	if (typeof location !== 'string' || !isHeaderValue(location)) return undefined;
	if (isNamed(e, 'Redirect')) {
		return inRange(status, 300, 308) ? { status, location } : undefined;
	}
	// an HttpError-like object with a 3xx status is not a redirect
	if (Number.isInteger(status) && inRange(status, 300, 308) && !('body' in e)) {
		return { status, location };
	}
	return undefined;
}

/**
 * A thrown object that might come from another copy of the helpers. `Error`s never do: SvelteKit
 * treats an `Error` with a `status` as an unexpected error. `instanceof` follows a proxy's
 * prototype; the brand check catches errors made in another realm.
 */
function isForeignCandidate(e: unknown): e is object {
	return (
		isObject(e) && !(e instanceof Error) && Object.prototype.toString.call(e) !== '[object Error]'
	);
}

function isObject(value: unknown): value is object {
	return typeof value === 'object' && value !== null;
}

/** Class names survive SvelteKit's build, so they identify its objects across package copies. */
function isNamed(e: object, name: string): boolean {
	const ctor: unknown = (e as { constructor?: unknown }).constructor;
	return typeof ctor === 'function' && ctor.name === name;
}

/** `status` is left fractional when named: SvelteKit's own check only rejects NaN and the ends. */
function inRange(status: unknown, min: number, max: number): status is number {
	return typeof status === 'number' && status >= min && status <= max;
}

/**
 * Untyped callers can give `error()` a number or boolean body. SvelteKit spreads the body into
 * the response, where such a value adds nothing, so an empty object is equivalent.
 */
/**
 * A copy of the body's own fields, read here, where a getter or proxy trap that throws makes
 * the whole object unrecognised instead of failing later while the error is being answered.
 */
function objectBody(body: unknown): Record<string, unknown> {
	return (typeof body === 'object' && body !== null) || typeof body === 'function' ? { ...body } : {};
}
