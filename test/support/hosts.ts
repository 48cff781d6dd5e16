// Every host the middleware runs under, behind one interface, so that each end-to-end case is
// written once and run against all of them (as h3's `describeMatrix`):
//
//   describeHosts('cookies', (host) => {
//     let t: TestApp;
//     before(async () => (t = await host.createApp()));
//     it('...', async () => { const res = await call(request(t.app).get('/cookies/set')); ... });
//   });
//
// Each app is the same stack in the host's own terms: `before` hooks, the endpoints middleware
// (mounted below `mount` if given), `after` hooks, then a host "page renderer" for requests the
// middleware passes on with a route id (`x-host-page: <route id>`), a host 404 (`x-host: 404`)
// and an error handler (`x-host-error: 1`, status 500). It listens on an ephemeral port until
// its describe block ends. Not a spec file.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import connect from 'connect';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import express4Untyped from 'express4';
import Koa from 'koa';
import koa2Untyped from 'koa2';
import koaMount from 'koa-mount';
import polka from 'polka';
import { endpoints as nodeEndpoints, type EndpointsMiddleware, type EndpointsOptions, type HandleServerError } from '../../src/index.js';
import { endpoints as koaEndpoints, type KoaEndpointsMiddleware } from '../../src/koa.js';
import { ROUTES, listen, type HandleErrorInput, type Listening } from './helpers.js';

/** the npm aliases of the previous majors, typed as the current ones */
export type ExpressLib = typeof express;
export type KoaLib = typeof Koa;
const express4 = express4Untyped as ExpressLib;
const Koa2 = koa2Untyped as KoaLib;

export type HostName = 'express' | 'express4' | 'koa' | 'koa2' | 'connect' | 'polka' | 'node';
export const HOST_NAMES: readonly HostName[] = ['express', 'express4', 'koa', 'koa2', 'connect', 'polka', 'node'];
export const EXPRESS_HOSTS: readonly HostName[] = ['express', 'express4'];
export const KOA_HOSTS: readonly HostName[] = ['koa', 'koa2'];
/** hosts that run the `(req, res, next)` middleware without Express */
export const PLAIN_HOSTS: readonly HostName[] = ['connect', 'polka', 'node'];

/** What a host-agnostic hook sees of a request. */
export interface HookContext {
	req: IncomingMessage;
	res: ServerResponse;
	/** the host's locals, which the middleware hands to handlers: `res.locals` (made if missing), or `ctx.state` */
	locals: Record<string, unknown>;
	method: string;
	/** the path the client asked for, whatever the mount */
	path: string;
}

/** An answer a hook gives in the host's own way (which ends the request there). */
export interface HostReply {
	status?: number;
	type?: 'text' | 'html' | 'json';
	body: string;
}

/** A middleware written once for every host: return a reply to answer, nothing to go on. */
export type Hook = (ctx: HookContext) => HostReply | undefined | void | Promise<HostReply | undefined | void>;

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface AppSetup {
	/** routes directory; default: the main fixture app */
	routes?: string;
	options?: EndpointsOptions;
	/** mount path for the middleware; default: the app root */
	mount?: string;
	/** hooks before the middleware (locals, headers, routes the host serves first...) */
	before?: Hook[];
	/** hooks after the middleware, before the host's page/404 handlers */
	after?: Hook[];
	/**
	 * `record` (default): handleError is recorded and returns nothing, so bodies are SvelteKit's
	 * defaults and nothing is logged. `expose`: like the basics test app, the body message is
	 * `<error.message> (<status> <message>)`. `default`: kit-endpoints' own (logs).
	 */
	handleError?: 'record' | 'expose' | 'default' | HandleServerError;
	/** wait for `.ready`; default true */
	ready?: boolean;
	/** false: no page/404/error handlers, nor hooks; the host's own defaults answer what is left */
	hostHandlers?: boolean;
	/** what the host's error handler answers; default 500 `host error handler` */
	errorReply?: { status: number; body: string };
	/** Express hosts only: host-specific middleware, and how the middleware is mounted */
	express?: {
		before?(app: Express): void;
		use?(app: Express, middleware: EndpointsMiddleware): void;
		after?(app: Express): void;
	};
	/** Koa hosts only: host-specific middleware, and how the middleware is mounted */
	koa?: {
		before?(app: Koa): void;
		use?(app: Koa, middleware: KoaEndpointsMiddleware): void;
		after?(app: Koa): void;
	};
}

export interface TestApp {
	host: Host;
	/** the app's server, listening on an ephemeral port (all interfaces): hand it to supertest */
	app: http.Server;
	port: number;
	/** `http://127.0.0.1:<port>` */
	origin: string;
	middleware: { ready: Promise<void> };
	/** every handleError call, in order */
	errors: HandleErrorInput[];
	/** every error that reached the host's error handler */
	hostErrors: unknown[];
	/** closes the server now (it is closed at the end of the describe block anyway) */
	close(): Promise<void>;
}

export interface Host {
	name: HostName;
	/** `Express 5`, `Koa 2`, `node:http`... */
	label: string;
	family: 'express' | 'koa' | 'plain';
	/** x-powered-by on every answer: Express's own, or set by the first middleware of the others */
	poweredBy: string;
	/** the body of the host's own 404 (an app with `hostHandlers: false`) */
	notFound(method: string, path: string): RegExp;
	createApp(setup?: AppSetup): Promise<TestApp>;
}

interface BuildEnv {
	options: EndpointsOptions;
	hostErrors: unknown[];
	errorReply: { status: number; body: string };
}
interface Built {
	listener: http.RequestListener;
	ready: Promise<void>;
}
interface HostSpec extends Omit<Host, 'createApp'> {
	build(setup: AppSetup, env: BuildEnv): Built;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const cannot = (method: string, path: string) => new RegExp(`Cannot ${escape(method)} ${escape(path)}`);
const notFoundText = () => /^Not Found$/;

const SPECS: Record<HostName, HostSpec> = {
	express: {
		name: 'express',
		label: 'Express 5',
		family: 'express',
		poweredBy: 'Express',
		notFound: cannot,
		build: buildExpress(express)
	},
	express4: {
		name: 'express4',
		label: 'Express 4',
		family: 'express',
		poweredBy: 'Express',
		notFound: cannot,
		build: buildExpress(express4)
	},
	koa: { name: 'koa', label: 'Koa 3', family: 'koa', poweredBy: 'Koa', notFound: notFoundText, build: buildKoa(Koa) },
	koa2: { name: 'koa2', label: 'Koa 2', family: 'koa', poweredBy: 'Koa', notFound: notFoundText, build: buildKoa(Koa2) },
	connect: { name: 'connect', label: 'Connect', family: 'plain', poweredBy: 'Connect', notFound: cannot, build: buildConnect },
	polka: { name: 'polka', label: 'Polka', family: 'plain', poweredBy: 'Polka', notFound: notFoundText, build: buildPolka },
	node: { name: 'node', label: 'node:http', family: 'plain', poweredBy: 'node:http', notFound: () => /^$/, build: buildNode }
};

/**
 * Runs `fn` once per host (every host unless `names` says which), each in a describe block of
 * its own titled `<host>: <title>`. The apps a host makes are closed when its block ends.
 */
export function describeHosts(title: string, fn: (host: Host) => void, names: readonly HostName[] = HOST_NAMES): void {
	for (const name of names) {
		const spec = SPECS[name];
		describe(`${spec.label}: ${title}`, () => {
			const opened: Listening[] = [];
			const host: Host = { ...spec, createApp: (setup = {}) => createApp(host, spec, setup, opened) };
			fn(host);
			after(async () => {
				await Promise.all(opened.splice(0).map((server) => (server.server.listening ? server.close() : undefined)));
			});
		});
	}
}

/** `describeHosts` over Express 5 and 4, with the host's own `express` function. */
export function describeExpress(title: string, fn: (host: Host, express: ExpressLib) => void): void {
	describeHosts(title, (host) => fn(host, host.name === 'express4' ? express4 : express), EXPRESS_HOSTS);
}

/** `describeHosts` over Koa 3 and 2, with the host's own `Koa` class. */
export function describeKoa(title: string, fn: (host: Host, Koa: KoaLib) => void): void {
	describeHosts(title, (host) => fn(host, host.name === 'koa2' ? Koa2 : Koa), KOA_HOSTS);
}

async function createApp(host: Host, spec: HostSpec, setup: AppSetup, opened: Listening[]): Promise<TestApp> {
	const errors: HandleErrorInput[] = [];
	const hostErrors: unknown[] = [];

	let handleError: HandleServerError | undefined;
	const mode = setup.handleError ?? 'record';
	if (mode === 'record') {
		handleError = (input) => void errors.push(input);
	} else if (mode === 'expose') {
		handleError = (input) => {
			errors.push(input);
			const message = (input.error as { message?: unknown } | null)?.message;
			return { message: `${String(message)} (${input.status} ${input.message})` };
		};
	} else if (typeof mode === 'function') {
		handleError = (input) => {
			errors.push(input);
			return mode(input);
		};
	}

	const built = spec.build(setup, {
		options: { ...setup.options, ...(handleError ? { handleError } : {}) },
		hostErrors,
		errorReply: setup.errorReply ?? { status: 500, body: 'host error handler' }
	});
	const listening = await listen(built.listener);
	// outlive the client's keep-alive sockets, so that a reused socket is never closed under a request
	listening.server.keepAliveTimeout = 30_000;
	opened.push(listening);
	if (setup.ready !== false) await built.ready;
	let closing: Promise<void> | undefined;
	return {
		host,
		app: listening.server,
		port: listening.port,
		origin: listening.origin,
		middleware: { ready: built.ready },
		errors,
		hostErrors,
		close: () => (closing ??= listening.close())
	};
}

// ---------------------------------------------------------------------------------------------
// (req, res, next) hosts

const CONTENT_TYPES = { text: 'text/plain; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8' };

function sendNode(res: ServerResponse, reply: HostReply): void {
	res.statusCode = reply.status ?? 200;
	res.setHeader('content-type', CONTENT_TYPES[reply.type ?? 'text']);
	res.setHeader('content-length', Buffer.byteLength(reply.body));
	res.end(reply.body);
}

type NodeHost = { originalUrl?: string; locals?: Record<string, unknown> };

function pathOf(url: string): string {
	const query = url.indexOf('?');
	return query === -1 ? url : url.slice(0, query);
}

function nodeHook(hook: Hook): NodeMiddleware {
	return (req, res, next) => {
		const context: HookContext = {
			req,
			res,
			locals: ((res as NodeHost).locals ??= {}),
			method: req.method ?? 'GET',
			path: pathOf((req as NodeHost).originalUrl ?? req.url ?? '/')
		};
		Promise.resolve()
			.then(() => hook(context))
			.then((reply) => (reply ? sendNode(res, reply) : next()), next);
	};
}

function poweredBy(name: string): NodeMiddleware {
	return (_req, res, next) => {
		res.setHeader('x-powered-by', name);
		next();
	};
}

/** The host's page renderer and 404, for requests kit-endpoints passes on. */
function nodeHostPage(req: IncomingMessage, res: ServerResponse): void {
	const routeId = (res as NodeHost).locals?.routeId;
	if (typeof routeId === 'string') {
		res.setHeader('x-host-page', routeId);
		sendNode(res, { type: 'html', body: `<h1>host page for ${routeId}</h1>` });
	} else {
		res.setHeader('x-host', '404');
		sendNode(res, { status: 404, type: 'text', body: `host 404 ${req.method} ${(req as NodeHost).originalUrl ?? req.url}` });
	}
}

function nodeErrorHandler(env: BuildEnv) {
	return (error: unknown, _req: IncomingMessage, res: ServerResponse, _next?: unknown): void => {
		env.hostErrors.push(error);
		res.setHeader('x-host-error', '1');
		sendNode(res, { status: env.errorReply.status, type: 'text', body: env.errorReply.body });
	};
}

/** Runs `(req, res, next)` middleware in order, as Connect does; `done` gets what is left. */
function runChain(fns: NodeMiddleware[], req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void): void {
	let index = 0;
	const next = (error?: unknown) => {
		if (error !== undefined && error !== null) return done(error);
		const fn = fns[index++];
		if (!fn) return done();
		try {
			fn(req, res, next);
		} catch (thrown) {
			done(thrown);
		}
	};
	next();
}

function buildExpress(lib: typeof express) {
	return (setup: AppSetup, env: BuildEnv): Built => {
		const app = lib();
		setup.express?.before?.(app);
		for (const hook of setup.before ?? []) app.use(nodeHook(hook));
		const middleware = nodeEndpoints(setup.routes ?? ROUTES, env.options);
		if (setup.express?.use) setup.express.use(app, middleware);
		else if (setup.mount) app.use(setup.mount, middleware);
		else app.use(middleware);
		setup.express?.after?.(app);
		for (const hook of setup.after ?? []) app.use(nodeHook(hook));
		if (setup.hostHandlers !== false) {
			app.use(expressHostPage);
			app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
				env.hostErrors.push(error);
				res.status(env.errorReply.status).set('x-host-error', '1').type('text').send(env.errorReply.body);
			});
		}
		return { listener: app, ready: middleware.ready };
	};
}

/** What the Express app does with requests kit-endpoints passes on. */
function expressHostPage(req: Request, res: Response): void {
	const routeId = res.locals.routeId as unknown;
	if (typeof routeId === 'string') {
		res.set('x-host-page', routeId).type('html').send(`<h1>host page for ${routeId}</h1>`);
	} else {
		res.status(404).set('x-host', '404').type('text').send(`host 404 ${req.method} ${req.originalUrl}`);
	}
}

function buildConnect(setup: AppSetup, env: BuildEnv): Built {
	const app = connect();
	const middleware = nodeEndpoints(setup.routes ?? ROUTES, env.options);
	if (setup.hostHandlers === false) {
		app.use(middleware);
		return { listener: app, ready: middleware.ready };
	}
	app.use(poweredBy('Connect'));
	for (const hook of setup.before ?? []) app.use(nodeHook(hook));
	if (setup.mount) app.use(setup.mount, middleware);
	else app.use(middleware);
	for (const hook of setup.after ?? []) app.use(nodeHook(hook));
	app.use(nodeHostPage);
	app.use(nodeErrorHandler(env));
	return { listener: app, ready: middleware.ready };
}

/**
 * Polka 0.5 runs every root middleware before any mounted below a path, whatever the order of
 * `use()`: what comes after the middleware is its `onNoMatch` handler.
 */
function buildPolka(setup: AppSetup, env: BuildEnv): Built {
	const middleware = nodeEndpoints(setup.routes ?? ROUTES, env.options);
	if (setup.hostHandlers === false) {
		const app = polka().use(middleware);
		return { listener: app.handler, ready: middleware.ready };
	}
	const onError = nodeErrorHandler(env);
	const rest = (setup.after ?? []).map(nodeHook);
	const app = polka({
		onError,
		onNoMatch: (req, res) =>
			runChain(rest, req, res, (error) => (error === undefined ? nodeHostPage(req, res) : onError(error, req, res)))
	});
	app.use(poweredBy('Polka'));
	for (const hook of setup.before ?? []) app.use(nodeHook(hook));
	if (setup.mount) app.use(setup.mount, middleware);
	else app.use(middleware);
	return { listener: app.handler, ready: middleware.ready };
}

/**
 * A bare node:http server. With `hostHandlers: false` it is exactly
 * `(req, res) => mw(req, res, () => { res.statusCode = 404; res.end(); })`; otherwise the same
 * stack as the other hosts, chained by hand, with a mount done as Connect does it (the prefix
 * cut from req.url, the whole URL left on req.originalUrl).
 */
function buildNode(setup: AppSetup, env: BuildEnv): Built {
	const middleware = nodeEndpoints(setup.routes ?? ROUTES, env.options);
	if (setup.hostHandlers === false) {
		const listener: http.RequestListener = (req, res) =>
			middleware(req, res, () => {
				res.statusCode = 404;
				res.end();
			});
		return { listener, ready: middleware.ready };
	}
	const onError = nodeErrorHandler(env);
	const fns: NodeMiddleware[] = [
		poweredBy('node:http'),
		...(setup.before ?? []).map(nodeHook),
		setup.mount ? mountNode(setup.mount, middleware) : middleware,
		...(setup.after ?? []).map(nodeHook)
	];
	const listener: http.RequestListener = (req, res) =>
		runChain(fns, req, res, (error) => (error === undefined ? nodeHostPage(req, res) : onError(error, req, res)));
	return { listener, ready: middleware.ready };
}

function mountNode(prefix: string, middleware: NodeMiddleware): NodeMiddleware {
	return (req, res, next) => {
		const url = req.url ?? '/';
		const path = pathOf(url);
		if (path.toLowerCase() !== prefix.toLowerCase() && !path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) return next();
		(req as NodeHost).originalUrl ??= url;
		const rest = url.slice(prefix.length);
		req.url = rest.startsWith('/') ? rest : `/${rest}`;
		middleware(req, res, (error) => {
			req.url = url;
			next(error);
		});
	};
}

// ---------------------------------------------------------------------------------------------
// Koa

type KoaMiddleware = Koa.Middleware;

function koaHook(hook: Hook): KoaMiddleware {
	return async (ctx, next) => {
		const reply = await hook({
			req: ctx.req,
			res: ctx.res,
			locals: ctx.state as Record<string, unknown>,
			method: ctx.method,
			path: ctx.path
		});
		if (!reply) return next();
		ctx.status = reply.status ?? 200;
		ctx.type = reply.type ?? 'text';
		ctx.body = reply.body;
	};
}

function buildKoa(lib: typeof Koa) {
	return (setup: AppSetup, env: BuildEnv): Built => {
		const app = new lib();
		const middleware = koaEndpoints(setup.routes ?? ROUTES, env.options);
		const endpointsMiddleware = middleware as unknown as KoaMiddleware;
		if (setup.hostHandlers === false) {
			// Koa's own error handling logs what it answers with a 500: not in this suite's output
			app.silent = true;
			app.use(endpointsMiddleware);
			return { listener: app.callback(), ready: middleware.ready };
		}
		app.use(async (ctx, next) => {
			try {
				await next();
			} catch (error) {
				env.hostErrors.push(error);
				ctx.status = env.errorReply.status;
				ctx.set('x-host-error', '1');
				ctx.type = 'text';
				ctx.body = env.errorReply.body;
			}
		});
		app.use(async (ctx, next) => {
			ctx.set('x-powered-by', 'Koa');
			await next();
		});
		setup.koa?.before?.(app);
		for (const hook of setup.before ?? []) app.use(koaHook(hook));
		if (setup.koa?.use) setup.koa.use(app, middleware);
		else if (setup.mount) app.use(koaMount(setup.mount, endpointsMiddleware));
		else app.use(endpointsMiddleware);
		setup.koa?.after?.(app);
		for (const hook of setup.after ?? []) app.use(koaHook(hook));
		app.use(koaHostPage);
		return { listener: app.callback(), ready: middleware.ready };
	};
}

/** What the Koa app does with requests kit-endpoints passes on. */
const koaHostPage: KoaMiddleware = (ctx) => {
	const routeId = (ctx.state as Record<string, unknown>).routeId;
	if (typeof routeId === 'string') {
		ctx.set('x-host-page', routeId);
		ctx.type = 'html';
		ctx.body = `<h1>host page for ${routeId}</h1>`;
	} else {
		ctx.status = 404;
		ctx.set('x-host', '404');
		ctx.type = 'text';
		ctx.body = `host 404 ${ctx.method} ${ctx.originalUrl}`;
	}
};
