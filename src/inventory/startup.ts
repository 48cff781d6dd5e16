/**
 * In development, the shadowing report printed once: at the first request, since that is when
 * the middleware first meets its app (Express's `req.app`, Koa's `ctx.app`); a middleware cannot
 * see where it was mounted any earlier.
 */
import { formatShadowReport } from './format.js';
import { AppLoadError } from '../errors.js';
import { visibleShadowReport } from './shadow.js';

/** A function to call with the host app at the first request; undefined outside development. */
export function reportOnce(middleware: object, dev: boolean): ((app: unknown) => void) | undefined {
	if (!dev) return undefined;
	return (app) => {
		visibleShadowReport(app, middleware).then(
			(report) => {
				// nothing to compare with: a host the report cannot read, or an app with no routes of its own
				if (!report || report.moved.length + report.shadowed.length + report.notMoved.length === 0) return;
				console.log(formatShadowReport(report));
			},
			(error: unknown) => {
				// a broken tree is reported through every request already
				if (!(error instanceof AppLoadError)) console.warn(`kit-endpoints: no shadowing report: ${(error as Error).message}`);
			}
		);
	};
}
