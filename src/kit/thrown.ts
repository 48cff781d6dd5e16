/**
 * `error()` and `redirect()`, and what they throw, as `@sveltejs/kit` v2 has them (SvelteKit's
 * exports/index.js and runtime/control.js), so that a `+server.js` file can switch its import
 * between the two packages.
 */

/** The body of an error (SvelteKit's `App.Error`). Extra keys are allowed. */
export interface KitError {
	message: string;
	[key: string]: unknown;
}

/** The statuses `redirect()` accepts. */
export type RedirectStatus = 300 | 301 | 302 | 303 | 304 | 305 | 306 | 307 | 308;

/** `redirect()`'s third argument, which only SvelteKit 3 reads (`kit: 3`). */
export interface RedirectOptions {
	/** `true` allows any other origin but `javascript:` and `data:`; a list allows those origins */
	external?: boolean | string[];
}

/**
 * Where an `HttpError` keeps `error()`'s third argument, and a `Redirect` its options. Symbols
 * from the registry, so that another copy of this package (its `src` and its `dist`) reads them
 * too; they stay out of the body, which is SvelteKit 2's whatever the mode.
 */
export const ERROR_PROPERTIES: unique symbol = Symbol.for('kit-endpoints.error-properties');
export const REDIRECT_OPTIONS: unique symbol = Symbol.for('kit-endpoints.redirect-options');

/**
 * What `error()` throws. Deliberately not an `Error` subclass, like SvelteKit's: it has no
 * stack, and code that catches `Error`s to report crashes leaves it alone.
 */
export class HttpError {
	readonly status: number;
	readonly body: KitError;
	/** the third argument of `error(status, message, properties)`, which SvelteKit 2 ignores */
	declare readonly [ERROR_PROPERTIES]?: unknown;

	constructor(status: number, body?: KitError | string | Record<string, unknown>, properties?: unknown) {
		this.status = status;
		this.body = errorBody(status, body);
		// SvelteKit 3 takes the properties of an object body instead of the third argument; the
		// symbol is there either way, and tells this package's errors from @sveltejs/kit's
		const own = typeof body === 'string' || !body ? properties : undefined;
		Object.defineProperty(this, ERROR_PROPERTIES, { value: own });
	}

	toString(): string {
		return JSON.stringify(this.body);
	}
}

/** What `redirect()` throws. Like SvelteKit's, it refuses a location no header can carry. */
export class Redirect {
	readonly status: RedirectStatus;
	readonly location: string;
	/** `redirect()`'s options, for SvelteKit 3's check of external locations */
	declare readonly [REDIRECT_OPTIONS]?: RedirectOptions;

	constructor(status: RedirectStatus, location: string, options?: RedirectOptions) {
		if (!isHeaderValue(location)) {
			throw new Error(
				`Invalid redirect location ${JSON.stringify(location)}: ` +
					'this string contains characters that cannot be used in HTTP headers'
			);
		}
		this.status = status;
		this.location = location;
		Object.defineProperty(this, REDIRECT_OPTIONS, { value: options ?? {} });
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
export function isHeaderValue(value: string): boolean {
	try {
		new Headers({ location: value });
		return true;
	} catch {
		return false;
	}
}

/**
 * Throws an HTTP error: the endpoint stops and the client gets `status` with `body`. A string
 * body becomes `{ message }`. Under SvelteKit 2 (`kit: 2`) the `handleError` hook is not called
 * and a third argument is ignored; under SvelteKit 3 the body is `{ ...properties, status,
 * message }` and goes through `handleError`.
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
export function error(status: number, message?: string, properties?: Record<string, unknown>): never;
export function error(status: number, body?: KitError | string | Record<string, unknown>): never;
export function error(status: number, body?: KitError | string | Record<string, unknown>, properties?: Record<string, unknown>): never {
	// `isNaN` rather than `Number.isNaN`: SvelteKit coerces, so `'404'` is accepted as it is there
	if (isNaN(status) || status < 400 || status > 599) {
		throw new Error(`HTTP error status codes must be between 400 and 599 — ${status} is invalid`);
	}
	throw new HttpError(status, body, properties);
}

/**
 * Throws a redirect: the client gets `status` with a `location` header and no body. Cookies and
 * headers the endpoint set before are kept.
 *
 * Under SvelteKit 3 (`kit: 3`) a location on another origin (or protocol-relative) is refused
 * with a 500 unless `options.external` is `true` or lists its origin; `javascript:` and `data:`
 * must be listed. SvelteKit 2 ignores the options.
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
export function redirect(status: RedirectStatus, location: string | URL, options?: RedirectOptions): never {
	if (isNaN(status) || status < 300 || status > 308) {
		throw new Error('Invalid status code');
	}
	throw new Redirect(status, location.toString(), options);
}
