/**
 * Telling errors and redirects thrown by `error()` and `redirect()` from anything else, whether
 * they come from this package or from any copy of the real `@sveltejs/kit` the endpoint imported.
 */
import { ERROR_PROPERTIES, HttpError, REDIRECT_OPTIONS, Redirect, isHeaderValue, type RedirectOptions } from './thrown.js';

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
	const found = recogniseHttpError(e);
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
	return recogniseRedirect(e) !== undefined;
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

/** What the runtime reads of a thrown HTTP error: also what SvelteKit 2's body leaves out. */
export interface ThrownHttpError extends HttpErrorShape {
	/** the third argument of this package's `error(status, message, properties)`, if any */
	properties?: unknown;
	/**
	 * Whether the body is whole already, `{ ...properties, status, message }`, as
	 * `@sveltejs/kit` 3's `error()` makes it; this package's never is.
	 */
	complete?: boolean;
}

/** What the runtime reads of a thrown redirect. */
export interface ThrownRedirect extends RedirectShape {
	/**
	 * The options of this package's `redirect()`, whose location SvelteKit 3 would have checked
	 * when it was thrown; absent for `@sveltejs/kit`'s, which checks its own.
	 */
	options?: RedirectOptions;
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
	const found = recogniseHttpError(e);
	return found && { status: found.status, body: found.body };
}

/** {@link asHttpError} for the runtime, with what the error carries besides its body. */
export function recogniseHttpError(e: unknown): ThrownHttpError | undefined {
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
	const found = recogniseRedirect(e);
	return found && { status: found.status, location: found.location };
}

/** {@link asRedirect} for the runtime, with the options of this package's `redirect()`. */
export function recogniseRedirect(e: unknown): ThrownRedirect | undefined {
	try {
		return readRedirect(e);
	} catch {
		return undefined;
	}
}

function readHttpError(e: unknown): ThrownHttpError | undefined {
	if (e instanceof HttpError) {
		return { status: e.status, body: objectBody(e.body), properties: e[ERROR_PROPERTIES] };
	}
	if (!isForeignCandidate(e)) return undefined;

	// each property is read once: a getter or proxy could answer differently the second time
	const { status, body } = e as { status: unknown; body: unknown };
	if (isNamed(e, 'HttpError')) {
		if (!inRange(status, 400, 599)) return undefined;
		// another copy of this package keeps the properties under the same registered symbol
		if (ERROR_PROPERTIES in e) return { status, body: objectBody(body), properties: (e as HttpError)[ERROR_PROPERTIES] };
		return foreignHttpError(status, body);
	}
	if (Number.isInteger(status) && inRange(status, 400, 599) && isObject(body)) {
		return foreignHttpError(status, body);
	}
	return undefined;
}

function foreignHttpError(status: number, body: unknown): ThrownHttpError {
	const copy = objectBody(body);
	return { status, body: copy, complete: copy.status === status && 'message' in copy };
}

function readRedirect(e: unknown): ThrownRedirect | undefined {
	if (e instanceof Redirect) {
		return { status: e.status, location: e.location, options: e[REDIRECT_OPTIONS] };
	}
	if (!isForeignCandidate(e)) return undefined;

	const { status, location } = e as { status: unknown; location: unknown };
	if (typeof location !== 'string' || !isHeaderValue(location)) return undefined;
	if (isNamed(e, 'Redirect')) {
		const options = (e as { [REDIRECT_OPTIONS]?: RedirectOptions })[REDIRECT_OPTIONS];
		return inRange(status, 300, 308) ? { status, location, options } : undefined;
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
	return isObject(e) && !(e instanceof Error) && Object.prototype.toString.call(e) !== '[object Error]';
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
