import type { IncomingMessage, ServerResponse } from 'node:http';
import { withoutQuery } from '../adapters.js';
import type { CompareSettings } from './options.js';
import { compareRequest, type Settled, type SideRun } from './run.js';

type Next = (error?: unknown) => void;
type Handler = (req: IncomingMessage, res: ServerResponse, next: Next) => unknown;

/** What compare mode needs from the middleware it wraps. */
export interface CompareHost {
	/** the id of the route a path below the mount point matches, null for none */
	routeOf(path: string): string | null | Promise<string | null>;
	bodySizeLimit: number;
}

/**
 * The endpoints middleware with compare mode around it. A request on a route not compared
 * pays one regular expression test; on a compared route the served side answers, and the
 * other runs too when the method is compared and the request sampled.
 */
export function compareExpress(endpoint: Handler, settings: CompareSettings, host: CompareHost): Handler {
	const legacy = settings.legacy as Handler;
	const [served, other] = settings.serve === 'legacy' ? [legacy, endpoint] : [endpoint, legacy];

	const routed = (req: IncomingMessage, res: ServerResponse, next: Next, id: string | null) => {
		const methods = id === null ? undefined : settings.routes.get(id);
		if (!methods) return endpoint(req, res, next);
		if (!methods.has(req.method!) || !settings.sampled()) return served(req, res, next);
		void compareRequest({
			settings,
			routeId: id!,
			req,
			res,
			url: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/',
			bodySizeLimit: host.bodySizeLimit,
			serve: () => run(served, req, res, next),
			shadow: (replica) => () => run(other, replica.req, replica.res, () => {})
		});
	};

	return (req, res, next) => {
		// the query cannot complete a route's beginning: the target is tested as it is
		if (!settings.candidate.test(req.url!)) return endpoint(req, res, next);
		const id = host.routeOf(withoutQuery(req.url!));
		if (id instanceof Promise) id.then((found) => routed(req, res, next, found), next);
		else routed(req, res, next, id);
	};
}

/** Runs an Express handler, noting whether it passed the request on or failed. */
function run(handler: Handler, req: IncomingMessage, res: ServerResponse, next: Next): SideRun {
	let settle!: (settled: Settled) => void;
	const settled = new Promise<Settled>((resolve) => (settle = resolve));
	res.once('finish', () => settle(undefined));
	const onNext: Next = (error) => {
		// 'route' and 'router' leave a route or a router: passing on, as Express has it
		settle(error === undefined || error === 'route' || error === 'router' ? { outcome: 'passed' } : { outcome: 'failed', error });
		next(error);
	};
	try {
		const result = handler(req, res, onNext);
		// a rejected promise is an error passed on, as Express 5 takes it
		if (result instanceof Promise) result.catch(onNext);
	} catch (error) {
		onNext(error);
	}
	return { run: Promise.resolve(), settled };
}
