/**
 * The helpers endpoints import: `error`, `redirect`, `json`, `text` and the type guards. They
 * behave exactly like `@sveltejs/kit` v2's, and the guards also accept what the real
 * `@sveltejs/kit` throws.
 */
export { error, redirect, HttpError, Redirect, type KitError, type RedirectOptions, type RedirectStatus } from './thrown.js';
export { json, text } from './responses.js';
export {
	asHttpError,
	asRedirect,
	isHttpError,
	isRedirect,
	recogniseHttpError,
	recogniseRedirect,
	type HttpErrorShape,
	type RedirectShape,
	type ThrownHttpError,
	type ThrownRedirect
} from './recognise.js';
