export { shadowReport, type ShadowReport, type LegacyRouteRef, type EndpointRef } from './shadow.js';
export { formatShadowReport } from './format.js';
export type { RouteInfo, RouteParamInfo } from './routes.js';
