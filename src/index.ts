export { endpoints, type EndpointsMiddleware, type NextFunction } from './express.js';
export { error, redirect, json, text, isHttpError, isRedirect, HttpError, Redirect } from './kit.js';
export { RouteTreeError } from './errors.js';
export type {
	Cookies,
	CookieOptions,
	EndpointsOptions,
	HandleServerError,
	KitError,
	Locals,
	RequestEvent,
	RequestHandler,
	TracingSpan
} from './types.js';
