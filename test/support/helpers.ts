// Shared helpers for the end-to-end suite over every host (see hosts.ts). Not a spec file
// (mocha runs `*.test.ts` only).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'supertest';
import type { HandleServerError } from '../../src/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** the main fixture app: routes, params and error.html */
export const APP = path.join(FIXTURES, 'app');
export const ROUTES = path.join(APP, 'routes');

/** `test/fixtures/<name>/routes` */
export function routesOf(name: string): string {
	return path.join(FIXTURES, name, 'routes');
}

/**
 * The routes folder of a private copy of the app around `routes` (its parent folder), for a
 * describe block that serves the app with settings (dev, kit) the rest of the suite does not:
 * Node keeps one instance of each module, so one folder served with other settings would keep
 * those it was first imported with (and kit-endpoints warns that it does). The copy sits beside
 * the original, so that its imports find the same files and node_modules; it is made before the
 * block's tests and removed after them.
 */
export function privateCopy(routes: string, label: string): string {
	const root = path.dirname(routes);
	const copy = path.join(path.dirname(root), `.tmp-${path.basename(root)}-${label}-${process.pid}`);
	before(() => {
		fs.rmSync(copy, { recursive: true, force: true });
		fs.cpSync(root, copy, { recursive: true });
	});
	after(() => fs.rmSync(copy, { recursive: true, force: true }));
	return path.join(copy, path.basename(routes));
}

export type HandleErrorInput = Parameters<HandleServerError>[0];

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
		const req = http.request(url, {
			method: options.method ?? 'GET',
			headers: { connection: 'close', ...options.headers },
			agent: false
		});
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
