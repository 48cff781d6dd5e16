import type { EventEmitter } from 'node:events';
import { withoutQuery } from '../adapters.js';
import type { KoaContext } from '../koa.js';
import { warnOfUnknownRoutes, type CompareHost } from './express.js';
import type { CompareSettings } from './options.js';
import type { Replica } from './replica.js';
import { compareRequest, type Settled, type SideRun } from './run.js';

type Next = () => Promise<unknown>;
type Handler = (ctx: KoaContext, next: Next) => Promise<unknown>;

/** The parts of Koa's Application a replica context is made with. */
interface KoaApp {
	createContext(req: Replica['req'], res: Replica['res']): KoaContext;
	/** Koa 2 and 3: runs a middleware on a context, then writes `ctx.body` as Koa does */
	handleRequest(ctx: KoaContext, middleware: (ctx: KoaContext) => Promise<unknown>): Promise<unknown>;
}

// what createContext sets on a context and its request, bound to the replica: the rest (the
// original URL before koa-mount, what middleware set) is copied
const CONTEXT_OWN = new Set<string | symbol>(['app', 'req', 'res', 'request', 'response', 'state']);
const REQUEST_OWN = new Set<string | symbol>(['app', 'req', 'res', 'ctx', 'response']);

/** The Koa endpoints middleware with compare mode around it: see compareExpress. */
export function compareKoa(
	endpoint: Handler,
	settings: CompareSettings,
	host: CompareHost & { targetOf(ctx: KoaContext): string }
): (ctx: KoaContext, next: Next) => Promise<void> {
	const legacy = settings.legacy as Handler;
	const [served, other] = settings.serve === 'legacy' ? [legacy, endpoint] : [endpoint, legacy];
	warnOfUnknownRoutes(settings, host);

	const routed = (ctx: KoaContext, next: Next, id: string | null): Promise<unknown> => {
		const methods = id === null ? undefined : settings.routes.get(id);
		if (!methods) return endpoint(ctx, next);
		if (!methods.has(ctx.method) || !settings.sampled()) return served(ctx, next);
		return compareRequest({
			settings,
			routeId: id!,
			req: ctx.req,
			res: ctx.res,
			url: ctx.originalUrl,
			bodySizeLimit: host.bodySizeLimit,
			serve: () => run(served, ctx, next),
			shadow: (replica) => {
				const copy = replicaContext(ctx, replica);
				return () => shadowRun(other, copy);
			}
		});
	};

	return (ctx, next) => {
		const target = host.targetOf(ctx);
		if (!settings.candidate.test(target)) return endpoint(ctx, next) as Promise<void>;
		const id = host.routeOf(withoutQuery(target));
		return (id instanceof Promise ? id.then((found) => routed(ctx, next, found)) : routed(ctx, next, id)) as Promise<void>;
	};
}

function run(handler: Handler, ctx: KoaContext, next: Next): SideRun {
	let passed = false;
	const result = Promise.resolve().then(() =>
		handler(ctx, () => {
			passed = true;
			return next();
		})
	);
	const settled = result.then(
		(): Settled => (passed ? { outcome: 'passed' } : undefined),
		(error: unknown): Settled => ({ outcome: 'failed', error })
	);
	return { run: result, settled };
}

/**
 * Runs a side on a context of its own over the replica, as Koa would run it: what it sets on
 * `ctx.body` is written by Koa. Its errors, those Koa meets while writing a streamed body
 * included, are noted as the side's failure, never handed to the app's error listeners; and it
 * has settled once its response has ended, so that a body that fails mid-way is seen.
 */
function shadowRun(handler: Handler, copy: KoaContext): SideRun {
	const app = (copy as KoaContext & { app: KoaApp }).app;
	let how: Settled;
	const fail = (error: unknown) => void (how ??= { outcome: 'failed', error });
	quietApp(copy, app, fail);
	const run = app.handleRequest(copy, async (shadow) => {
		try {
			await handler(shadow, async () => void (how = { outcome: 'passed' }));
		} catch (error) {
			fail(error);
		}
	});
	return { run, settled: run.then(() => how ?? responseEnded(copy.res).then(() => how)) };
}

/** The context's app, whose 'error' events go to `fail` rather than to the app's listeners. */
function quietApp(copy: KoaContext, app: KoaApp, fail: (error: unknown) => void): void {
	const quiet = Object.create(app, {
		emit: {
			value: (event: string | symbol, ...args: unknown[]) =>
				event === 'error' ? (fail(args[0]), true) : (app as unknown as EventEmitter).emit(event, ...args)
		}
	}) as KoaContext['app'] & KoaApp;
	copy.app = quiet;
}

/** Resolves once `res` has finished or closed, and Koa has had the tick it takes to report how. */
function responseEnded(res: Replica['res']): Promise<void> {
	return new Promise((resolve) => {
		const after = () => setImmediate(resolve);
		if (res.writableFinished || res.destroyed) after();
		else res.once('finish', after).once('close', after);
	});
}

/** A context over the replica, with what middleware set on the client's so far. */
function replicaContext(ctx: KoaContext, replica: Replica): KoaContext {
	const copy = (ctx as KoaContext & { app: KoaApp }).app.createContext(replica.req, replica.res);
	copyOwn(ctx, copy, CONTEXT_OWN);
	copyOwn(ctx.request, copy.request, REQUEST_OWN);
	copy.state = { ...ctx.state };
	return copy;
}

function copyOwn(from: object, to: object, skip: Set<string | symbol>): void {
	for (const key of Reflect.ownKeys(from)) {
		if (!skip.has(key)) Reflect.defineProperty(to, key, Reflect.getOwnPropertyDescriptor(from, key)!);
	}
}
