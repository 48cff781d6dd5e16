// Shared helpers for the Express end-to-end suite. Not a spec file (mocha runs `*.test.ts` only).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Test } from 'supertest';
import { endpoints, type EndpointsMiddleware, type EndpointsOptions, type HandleServerError } from '../../src/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** the main fixture app: routes, params and error.html */
export const APP = path.join(FIXTURES, 'app');
export const ROUTES = path.join(APP, 'routes');

/** `test/fixtures/<name>/routes` */
export function routesOf(name: string): string {
	return path.join(FIXTURES, name, 'routes');
}

export type HandleErrorInput = Parameters<HandleServerError>[0];

export interface TestApp {
	app: Express;
	middleware: EndpointsMiddleware;
	/** every handleError call, in order */
	errors: HandleErrorInput[];
	/** every error that reached Express's error handler */
	expressErrors: unknown[];
}

export interface AppSetup {
	/** routes directory; default: the main fixture app */
	routes?: string;
	options?: EndpointsOptions;
	/** mount path for the middleware; default: the app root */
	mount?: string;
	/** called with the app before the middleware is mounted (parsers, locals, headers...) */
	before?: (app: Express) => void;
	/** called with the app after the middleware, before the host's page/404 handlers */
	after?: (app: Express) => void;
	/**
	 * `record` (default): handleError is recorded and returns nothing, so bodies are SvelteKit's
	 * defaults and nothing is logged. `expose`: like the basics test app, the body message is
	 * `<error.message> (<status> <message>)`. `default`: kit-endpoints' own (logs).
	 */
	handleError?: 'record' | 'expose' | 'default' | HandleServerError;
	/** wait for `.ready`; default true */
	ready?: boolean;
}

/**
 * A real Express 5 app: `before` middleware, then `endpoints(...)`, then a host "page renderer"
 * for requests the middleware passes on with a route id (`x-host-page: <route id>`), then a
 * host 404 (`x-host: 404`), then an error handler (`x-express-error: 1`, status 500).
 */
export async function createApp(setup: AppSetup = {}): Promise<TestApp> {
	const errors: HandleErrorInput[] = [];
	const expressErrors: unknown[] = [];
	const app = express();
	setup.before?.(app);

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

	const middleware = endpoints(setup.routes ?? ROUTES, {
		...setup.options,
		...(handleError ? { handleError } : {})
	});
	if (setup.mount) app.use(setup.mount, middleware);
	else app.use(middleware);
	setup.after?.(app);
	app.use(hostPage);
	app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
		expressErrors.push(error);
		res.status(500).set('x-express-error', '1').type('text').send('express error handler');
	});
	if (setup.ready !== false) await middleware.ready;
	return { app, middleware, errors, expressErrors };
}

/** What the host app does with requests kit-endpoints passes on. */
export function hostPage(req: Request, res: Response): void {
	const routeId = res.locals.routeId as unknown;
	if (typeof routeId === 'string') {
		res.set('x-host-page', routeId).type('html').send(`<h1>host page for ${routeId}</h1>`);
	} else {
		res.status(404).set('x-host', '404').type('text').send(`host 404 ${req.method} ${req.originalUrl}`);
	}
}

export interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	text: string;
}

/** Runs a supertest request and keeps the body as raw bytes, whatever its content-type. */
export async function call(test: Test): Promise<Reply> {
	const res = await test.buffer(true).parse(((incoming: http.IncomingMessage, done: (error: Error | null, body: Buffer) => void) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => done(null, Buffer.concat(chunks)));
	}) as never);
	const body = Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0);
	return { status: res.status, headers: res.headers as http.IncomingHttpHeaders, body, text: body.toString('utf8') };
}

/** The reply body parsed as JSON. */
export function jsonOf(reply: Reply): unknown {
	return JSON.parse(reply.text);
}

/** `set-cookie` lines of a reply (always an array). */
export function setCookies(reply: { headers: http.IncomingHttpHeaders }): string[] {
	const value = reply.headers['set-cookie'];
	return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export interface Listening {
	server: http.Server;
	port: number;
	/** `http://127.0.0.1:<port>` */
	origin: string;
	close(): Promise<void>;
}

/** A real server on an ephemeral port (all interfaces, so `localhost` works too). */
export async function listen(app: http.RequestListener): Promise<Listening> {
	const server = http.createServer(app);
	await new Promise<void>((resolve) => server.listen(0, resolve));
	const { port } = server.address() as AddressInfo;
	return {
		server,
		port,
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export interface RawOptions {
	method?: string;
	headers?: http.OutgoingHttpHeaders;
	/** the whole body at once */
	body?: string | Buffer;
	/** the body in several writes (chunked unless a content-length header is given) */
	chunks?: (string | Buffer)[];
	/** called once the request is on its way, e.g. to destroy it */
	onRequest?: (req: http.ClientRequest) => void;
	/** called when the response head arrives */
	onResponse?: (res: http.IncomingMessage) => void;
}

/**
 * A node:http request. Resolves when the response ends; rejects with the client's error when the
 * connection fails before (`socket hang up`) or during the response (`aborted`).
 */
export function rawRequest(url: string, options: RawOptions = {}): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: options.method ?? 'GET', headers: { connection: 'close', ...options.headers }, agent: false });
		req.on('error', reject);
		req.on('response', (res) => {
			options.onResponse?.(res);
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('aborted', () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
			res.on('end', () => {
				const body = Buffer.concat(chunks);
				resolve({ status: res.statusCode!, headers: res.headers, body, text: body.toString('utf8') });
			});
		});
		options.onRequest?.(req);
		if (options.chunks) {
			for (const chunk of options.chunks) req.write(chunk);
			req.end();
		} else {
			req.end(options.body);
		}
	});
}

/**
 * Writes `text` as is on a new TCP connection and returns what the server answers: everything
 * up to the end of the first response (by content-length), or until the server closes.
 */
export function rawExchange(port: number, text: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let received = Buffer.alloc(0);
		const finish = () => {
			socket.destroy();
			resolve(received.toString('latin1'));
		};
		socket.on('error', (error) => (received.length ? finish() : reject(error)));
		socket.on('data', (chunk: Buffer) => {
			received = Buffer.concat([received, chunk]);
			const head = received.indexOf('\r\n\r\n');
			if (head === -1) return;
			const length = /\r\ncontent-length:\s*(\d+)/i.exec(received.subarray(0, head).toString('latin1'));
			if (length && received.length >= head + 4 + Number(length[1])) finish();
		});
		socket.on('close', finish);
		socket.write(text);
	});
}

/** Replaces console.error/warn/log while `fn` runs; returns what was printed. */
export async function captureConsole<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
	const lines: string[] = [];
	const saved = { error: console.error, warn: console.warn, log: console.log };
	const record = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? String(a.stack) : String(a))).join(' '));
	console.error = record;
	console.warn = record;
	console.log = record;
	try {
		const result = await fn();
		return { result, output: lines.join('\n') };
	} finally {
		Object.assign(console, saved);
	}
}

/** A promise with its resolve function, for callbacks handed to route handlers via locals. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

/** Headers of a reply minus those that legitimately differ between two responses. */
export function comparableHeaders(headers: http.IncomingHttpHeaders): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...headers };
	delete copy.date;
	delete copy['transfer-encoding'];
	return copy;
}
