export { RouteTreeError } from './errors.js';
