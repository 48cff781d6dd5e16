// Shared helpers for the hardening suite: apps over the hardening fixture tree, a raw-socket
// HTTP client that keeps every byte, and a strict HTTP/1.1 response parser. Not a spec file.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import Koa from 'koa';
import { endpoints, type EndpointsOptions, type HandleServerError } from '../../src/index.js';
import { endpoints as koaEndpoints } from '../../src/koa.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/hardening/', import.meta.url));
export const ROUTES = path.join(FIXTURES, 'routes');
export const BROKEN_ROUTES = path.join(FIXTURES, 'broken-import', 'routes');

/** Route ids that are designed to fail: the only ones allowed to answer 5xx. */
export const FAILING_ROUTES = new Set(['/fail/[case]', '/crlf/[case]']);

export type HandleErrorInput = Parameters<HandleServerError>[0];

export interface Server {
	port: number;
	origin: string;
	server: http.Server;
	/** every handleError call */
	errors: HandleErrorInput[];
	/** every error that reached the host's error handler (Express) or `app.on('error')` (Koa) */
	hostErrors: unknown[];
	/** callbacks handed to routes through res.locals / ctx.state */
	locals: Record<string, unknown>;
	close(): Promise<void>;
}

export interface ServerSetup {
	routes?: string;
	options?: EndpointsOptions;
	/** node:http's maxHeaderSize; default Node's 16 KiB */
	maxHeaderSize?: number;
	/** handleError: record calls (default) or the package's own (logs) */
	handleError?: 'record' | 'default' | HandleServerError;
	/** believe X-Forwarded-* (Express `trust proxy`, Koa `app.proxy`) */
	trustProxy?: boolean;
}

function handleErrorFor(setup: ServerSetup, errors: HandleErrorInput[]): HandleServerError | undefined {
	const mode = setup.handleError ?? 'record';
	if (mode === 'default') return undefined;
	if (mode === 'record') return (input) => void errors.push(input);
	return (input) => {
		errors.push(input);
		return mode(input);
	};
}

/** Tags every response with the route that produced it, so a test can tell which 5xx are meant. */
function tagRoute(res: http.ServerResponse, routeId: () => unknown): void {
	const writeHead = res.writeHead;
	res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
		const id = routeId();
		if (typeof id === 'string' && !this.headersSent) this.setHeader('x-route', encodeURIComponent(id));
		return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
	} as typeof res.writeHead;
}

async function serve(handler: http.RequestListener, setup: ServerSetup): Promise<Omit<Server, 'errors' | 'hostErrors' | 'locals'>> {
	const server = http.createServer({ maxHeaderSize: setup.maxHeaderSize }, handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		port,
		origin: `http://127.0.0.1:${port}`,
		server,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/**
 * Express 5: a route tagger, `endpoints(...)`, a host page for requests passed on with a route id
 * (`x-host-page`), a host 404 (`x-host: 404`) and an error handler (500, `x-host-error: 1`).
 */
export async function startExpress(setup: ServerSetup = {}): Promise<Server> {
	const errors: HandleErrorInput[] = [];
	const hostErrors: unknown[] = [];
	const locals: Record<string, unknown> = {};
	const app = express();
	if (setup.trustProxy) app.set('trust proxy', true);
	app.use((_req, res, next) => {
		Object.assign(res.locals, locals);
		tagRoute(res, () => res.locals.routeId);
		next();
	});
	const handleError = handleErrorFor(setup, errors);
	const middleware = endpoints(setup.routes ?? ROUTES, { ...setup.options, ...(handleError ? { handleError } : {}) });
	app.use(middleware);
	app.use((_req: Request, res: Response) => {
		const routeId = res.locals.routeId as unknown;
		if (typeof routeId === 'string') res.set('x-host-page', encodeURIComponent(routeId)).type('html').send('<h1>host page</h1>');
		else res.status(404).set('x-host', '404').type('text').send('host 404');
	});
	app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
		hostErrors.push(error);
		res.status(500).set('x-host-error', '1').type('text').send('host error handler');
	});
	await middleware.ready;
	return { ...(await serve(app, setup)), errors, hostErrors, locals };
}

/** Koa 3 with the Koa middleware, a host 404 after it, and Koa's error event recorded. */
export async function startKoa(setup: ServerSetup = {}): Promise<Server> {
	const errors: HandleErrorInput[] = [];
	const hostErrors: unknown[] = [];
	const locals: Record<string, unknown> = {};
	const app = new Koa();
	app.silent = true;
	app.proxy = setup.trustProxy ?? false;
	app.on('error', (error: unknown) => void hostErrors.push(error));
	app.use(async (ctx, next) => {
		Object.assign(ctx.state, locals);
		tagRoute(ctx.res, () => (ctx.state as Record<string, unknown>).routeId);
		await next();
	});
	const handleError = handleErrorFor(setup, errors);
	const middleware = koaEndpoints(setup.routes ?? ROUTES, { ...setup.options, ...(handleError ? { handleError } : {}) });
	app.use(middleware);
	app.use((ctx) => {
		ctx.status = 404;
		ctx.set('x-host', '404');
		ctx.body = 'host 404';
	});
	await middleware.ready;
	return { ...(await serve(app.callback(), setup)), errors, hostErrors, locals };
}

// ---------------------------------------------------------------------------------------------
// A raw HTTP client

export interface Exchange {
	/** every byte the server sent */
	bytes: Buffer;
	/** the server closed the connection (rather than the client after `settle` ms) */
	closedByServer: boolean;
	/** a socket error (ECONNRESET...), if any */
	error?: string;
}

export interface ExchangeOptions {
	/** fail with "no answer" if the server has neither answered nor closed within this (ms) */
	timeout?: number;
	/** once this many complete responses arrived, close and resolve */
	responses?: number;
	/** methods of the requests, in order, for framing (HEAD responses have no body) */
	methods?: string[];
	/** half-close (FIN) after writing */
	end?: boolean;
	/** write the parts one at a time, this many ms apart */
	gap?: number;
}

/**
 * Writes `parts` on a new TCP connection and collects the answer until the server closes, the
 * expected number of responses is complete, or the timeout fires (which rejects: a hang).
 */
export function exchange(port: number, parts: string | Buffer | (string | Buffer)[], options: ExchangeOptions = {}): Promise<Exchange> {
	const list = Array.isArray(parts) ? parts : [parts];
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		const chunks: Buffer[] = [];
		let error: string | undefined;
		let settled = false;
		const timers: NodeJS.Timeout[] = [];
		const finish = (closedByServer: boolean) => {
			if (settled) return;
			settled = true;
			timers.forEach(clearTimeout);
			socket.destroy();
			resolve({ bytes: Buffer.concat(chunks), closedByServer, error });
		};
		timers.push(
			setTimeout(() => {
				if (settled) return;
				settled = true;
				timers.forEach(clearTimeout);
				socket.destroy();
				const got = Buffer.concat(chunks).toString('latin1');
				reject(new Error(`no complete answer within ${options.timeout ?? 3000} ms; got ${JSON.stringify(got.slice(0, 300))}`));
			}, options.timeout ?? 3000)
		);
		socket.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			if (options.responses) {
				const parsed = parseResponses(Buffer.concat(chunks), options.methods ?? [], false);
				if (parsed.responses.length >= options.responses) finish(false);
			}
		});
		socket.on('error', (e: NodeJS.ErrnoException) => void (error = e.code ?? e.message));
		socket.on('close', () => finish(true));
		socket.on('connect', () => {
			let i = 0;
			const write = () => {
				if (settled) return;
				const part = list[i++];
				if (part === undefined) {
					if (options.end) socket.end();
					return;
				}
				socket.write(part);
				if (options.gap) timers.push(setTimeout(write, options.gap));
				else write();
			};
			write();
		});
	});
}

// ---------------------------------------------------------------------------------------------
// A strict HTTP/1.x response parser

export interface ParsedResponse {
	status: number;
	reason: string;
	/** header lines in order, names lower-cased */
	headers: [string, string][];
	body: Buffer;
	/** framing: the body ran to its declared end (or to the connection close, when undeclared) */
	complete: boolean;
}

export interface Parsed {
	responses: ParsedResponse[];
	/** why the bytes are not a sequence of valid responses, if they are not */
	invalid?: string;
	/** bytes after the last complete response */
	rest: Buffer;
}

const STATUS_LINE = /^HTTP\/1\.[01] ([1-5]\d\d) ([\t\x20-\x7e\x80-\xff]*)$/;
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*([\t\x20-\x7e\x80-\xff]*?)[ \t]*$/;

export function header(response: ParsedResponse, name: string): string | undefined {
	return response.headers.find(([n]) => n === name)?.[1];
}

/**
 * Parses consecutive responses. `closed`: the connection has ended, so a body without a length
 * runs to the end of the bytes. A response cut short is returned with `complete: false`.
 */
export function parseResponses(bytes: Buffer, methods: string[], closed = true): Parsed {
	const responses: ParsedResponse[] = [];
	let offset = 0;
	while (offset < bytes.length) {
		const end = bytes.indexOf('\r\n\r\n', offset);
		if (end === -1) {
			return closed
				? {
						responses,
						invalid: `incomplete head: ${JSON.stringify(bytes.subarray(offset, offset + 200).toString('latin1'))}`,
						rest: bytes.subarray(offset)
					}
				: { responses, rest: bytes.subarray(offset) };
		}
		const lines = bytes.subarray(offset, end).toString('latin1').split('\r\n');
		const status = STATUS_LINE.exec(lines[0]!);
		if (!status) return { responses, invalid: `bad status line ${JSON.stringify(lines[0])}`, rest: bytes.subarray(offset) };
		const headers: [string, string][] = [];
		for (const line of lines.slice(1)) {
			const match = HEADER_LINE.exec(line);
			if (!match) return { responses, invalid: `bad header line ${JSON.stringify(line)}`, rest: bytes.subarray(offset) };
			headers.push([match[1]!.toLowerCase(), match[2]!]);
		}
		const code = Number(status[1]);
		const response: ParsedResponse = { status: code, reason: status[2]!, headers, body: Buffer.alloc(0), complete: true };
		let at = end + 4;
		const method = methods[responses.length] ?? 'GET';
		const lengths = headers.filter(([n]) => n === 'content-length').map(([, v]) => v);
		const chunked = /(?:^|,)\s*chunked\s*$/i.test(header(response, 'transfer-encoding') ?? '');
		if (new Set(lengths).size > 1) return { responses, invalid: `conflicting content-length ${lengths.join(' / ')}`, rest: bytes };
		if (lengths.length && !/^\d+$/.test(lengths[0]!)) return { responses, invalid: `bad content-length ${lengths[0]}`, rest: bytes };
		if (lengths.length && chunked) return { responses, invalid: 'both content-length and chunked', rest: bytes };

		if (method === 'HEAD' || code < 200 || code === 204 || code === 304) {
			// no body
		} else if (chunked) {
			const body: Buffer[] = [];
			for (;;) {
				const lineEnd = bytes.indexOf('\r\n', at);
				if (lineEnd === -1) {
					response.complete = false;
					at = bytes.length;
					break;
				}
				const size = /^([0-9a-fA-F]+)(?:;[^\r\n]*)?$/.exec(bytes.subarray(at, lineEnd).toString('latin1'));
				if (!size) return { responses, invalid: `bad chunk size line at ${at}`, rest: bytes };
				const n = parseInt(size[1]!, 16);
				if (n === 0) {
					const trailerEnd = bytes.indexOf('\r\n\r\n', lineEnd);
					const plainEnd = bytes.subarray(lineEnd + 2, lineEnd + 4).toString('latin1') === '\r\n';
					if (plainEnd) at = lineEnd + 4;
					else if (trailerEnd !== -1) at = trailerEnd + 4;
					else {
						response.complete = false;
						at = bytes.length;
					}
					break;
				}
				if (bytes.length < lineEnd + 2 + n + 2) {
					body.push(bytes.subarray(lineEnd + 2, Math.min(bytes.length, lineEnd + 2 + n)));
					response.complete = false;
					at = bytes.length;
					break;
				}
				body.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + n));
				if (bytes.subarray(lineEnd + 2 + n, lineEnd + 4 + n).toString('latin1') !== '\r\n') {
					return { responses, invalid: 'chunk not followed by CRLF', rest: bytes };
				}
				at = lineEnd + 4 + n;
			}
			response.body = Buffer.concat(body);
		} else if (lengths.length) {
			const n = Number(lengths[0]);
			response.body = bytes.subarray(at, Math.min(bytes.length, at + n));
			if (bytes.length < at + n) response.complete = false;
			at = Math.min(bytes.length, at + n);
		} else {
			// delimited by the close of the connection
			if (!closed) return { responses, rest: bytes.subarray(offset) };
			response.body = bytes.subarray(at);
			at = bytes.length;
		}
		if (!response.complete && !closed) return { responses, rest: bytes.subarray(offset) };
		responses.push(response);
		offset = at;
	}
	return { responses, rest: bytes.subarray(offset) };
}

/** One request, one response: the exchange must be exactly one valid, complete response. */
export async function send(
	port: number,
	parts: string | Buffer | (string | Buffer)[],
	options: ExchangeOptions = {}
): Promise<ParsedResponse> {
	const result = await exchange(port, parts, options);
	const parsed = parseResponses(result.bytes, options.methods ?? []);
	if (parsed.invalid) throw new Error(`invalid HTTP: ${parsed.invalid}`);
	if (parsed.responses.length !== 1) {
		throw new Error(
			`expected one response, got ${parsed.responses.length}: ${JSON.stringify(result.bytes.toString('latin1').slice(0, 300))} (${result.error ?? 'no socket error'})`
		);
	}
	return parsed.responses[0]!;
}

/** A request head (Connection: close unless given) with an optional body. */
export function requestText(method: string, target: string, headers: Record<string, string> = {}, body?: string | Buffer): Buffer {
	const all: Record<string, string> = { host: '127.0.0.1', connection: 'close', ...headers };
	if (
		body !== undefined &&
		!Object.keys(all).some((n) => n.toLowerCase() === 'content-length' || n.toLowerCase() === 'transfer-encoding')
	) {
		all['content-length'] = String(Buffer.byteLength(body));
	}
	const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
		.map(([n, v]) => `${n}: ${v}\r\n`)
		.join('')}\r\n`;
	return Buffer.concat([
		Buffer.from(head, 'latin1'),
		body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body)
	]);
}

/** Replaces console.error/warn while `fn` runs; returns its result and every line printed. */
export async function quietly<T>(fn: () => Promise<T>): Promise<{ result: T; logged: unknown[][] }> {
	const logged: unknown[][] = [];
	const saved = { error: console.error, warn: console.warn };
	console.error = (...args: unknown[]) => void logged.push(args);
	console.warn = (...args: unknown[]) => void logged.push(args);
	try {
		return { result: await fn(), logged };
	} finally {
		Object.assign(console, saved);
	}
}

export { deferred } from '../support/helpers.js';

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` is true, polling, or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 2000, what = 'condition'): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
		await sleep(5);
	}
}

/** The number of open connections of a server. */
export function connections(server: http.Server): Promise<number> {
	return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}
