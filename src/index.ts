export { endpoints, type EndpointsMiddleware, type NextFunction } from './express.js';
export { error, redirect, json, text, isHttpError, isRedirect, HttpError, Redirect } from './kit/index.js';
export { AppLoadError, RouteTreeError } from './errors.js';
export { sequence } from './app/kit-hooks.js';
export {
	shadowReport,
	formatShadowReport,
	type ShadowReport,
	type LegacyRouteRef,
	type EndpointRef,
	type RouteInfo,
	type RouteParamInfo
} from './inventory/index.js';
export type {
	Cookies,
	CookieOptions,
	EndpointsOptions,
	Fallthrough,
	Handle,
	HandleFetch,
	HandleServerError,
	KitError,
	Locals,
	Platform,
	RequestEvent,
	RequestHandler,
	ResolveOptions,
	ServerHooks,
	ServerInit,
	TracingSpan
} from './types.js';
export type { CompareDifference, CompareEvent, CompareOptions, CompareOutcome, CompareResult, ComparedRoute } from './types.js';
