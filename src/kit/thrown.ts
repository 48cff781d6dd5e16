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
export function isHeaderValue(value: string): boolean {
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
