// One benchmark server, chosen by name: `tsx bench/servers/server.ts <name>`, forked by
// bench/run.ts. Listens on 127.0.0.1, port 0, and reports { type: 'ready', port } over IPC;
// answers { type: 'mem' } with its RSS and peak RSS. Exits when the parent goes away.
//
// Every server answers the same requests:
//   GET  /text        'Hello, World!' as text/plain
//   GET  /users/:id   { id, name } as JSON
//   POST /echo        the JSON body, parsed and sent back
//   GET  /stream      64 MiB in 64 KiB chunks (the same bytes each time), with backpressure
//   GET  /legacy      a plain host route (Express and Koa only), behind the middleware when there is one
// (`kit-node` is SvelteKit with adapter-node, serving the same route files from its own build.)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { Hono, type Context } from 'hono';
import { serve } from '@hono/node-server';
import { endpoints } from 'kit-endpoints';
import { endpoints as koaEndpoints } from 'kit-endpoints/koa';

export const SERVER_NAMES = [
	'raw',
	'express',
	'express-mw',
	'express-light',
	'koa',
	'koa-mw',
	'koa-light',
	'node-mw',
	'node-light',
	'hono',
	'hono-bare',
	'kit-node'
] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

const ROUTES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'routes');
// bench/kit-node.ts builds the SvelteKit app there (bench/run.ts and bench/cost.ts call it first)
const KIT_NODE_HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.kit-node', 'build', 'handler.js');
const TEXT = 'Hello, World!';
const LEGACY = 'Served by a plain host route.';
// the bytes of bench/routes/stream/+server.js: 1024 x 64 KiB, one buffer reused
const CHUNK = Buffer.alloc(64 * 1024, 120);
const CHUNKS = 1024;

const user = (id: string) => ({ id, name: `User ${id}` });

/** Writes the 64 MiB body by hand, waiting for 'drain' whenever the socket's buffer is full. */
function writeStream(res: http.ServerResponse): void {
	res.writeHead(200, { 'content-type': 'application/octet-stream' });
	let sent = 0;
	const more = () => {
		while (sent < CHUNKS) {
			sent += 1;
			if (!res.write(CHUNK)) return void res.once('drain', more);
		}
		res.end();
	};
	res.on('close', () => (sent = CHUNKS));
	more();
}

/** The same bytes as a Readable, for Koa (which pipes ctx.body, so pipe() does the backpressure). */
function streamBody(): Readable {
	let sent = 0;
	return new Readable({
		read() {
			this.push(sent < CHUNKS ? CHUNK : null);
			sent += 1;
		}
	});
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** The floor: a bare node:http handler doing the same work by hand. */
function raw(): http.Server {
	return http.createServer((req, res) => {
		const url = req.url ?? '/';
		if (req.method === 'GET' && url === '/text') {
			res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'content-length': TEXT.length });
			res.end(TEXT);
		} else if (req.method === 'GET' && url.startsWith('/users/')) {
			const body = JSON.stringify(user(decodeURIComponent(url.slice(7))));
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
			res.end(body);
		} else if (req.method === 'POST' && url === '/echo') {
			readBody(req).then(
				(text) => {
					const body = JSON.stringify(JSON.parse(text));
					res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
					res.end(body);
				},
				() => res.destroy()
			);
		} else if (req.method === 'GET' && url === '/stream') {
			writeStream(res);
		} else {
			res.statusCode = 404;
			res.end();
		}
	});
}

/** Plain Express routes; express.json() for the body; res.send/res.json as an Express app would. */
function plainExpress(app: express.Express): void {
	app.get('/text', (_req, res) => void res.type('text/plain').send(TEXT));
	app.get('/users/:id', (req, res) => void res.json(user(req.params.id)));
	app.post('/echo', express.json(), (req, res) => void res.json(req.body));
	app.get('/stream', (_req, res) => writeStream(res));
}

/** The middleware's servers: `-mw` with the globals as Node has them, `-light` with `lightGlobals`. */
type Mode = 'plain' | 'mw' | 'light';

function expressServer(mode: Mode): { server: http.Server; ready: Promise<void> } {
	const app = express();
	let ready = Promise.resolve();
	if (mode !== 'plain') {
		const mw = endpoints(ROUTES, { lightGlobals: mode === 'light' });
		ready = mw.ready;
		app.use(mw);
	} else {
		plainExpress(app);
	}
	app.get('/legacy', (_req, res) => void res.type('text/plain').send(LEGACY));
	return { server: http.createServer(app), ready };
}

function koaServer(mode: Mode): { server: http.Server; ready: Promise<void> } {
	const app = new Koa();
	const router = new Router();
	let ready = Promise.resolve();
	if (mode !== 'plain') {
		const mw = koaEndpoints(ROUTES, { lightGlobals: mode === 'light' });
		ready = mw.ready;
		app.use(mw);
	} else {
		router.get('/text', (ctx) => {
			ctx.type = 'text/plain';
			ctx.body = TEXT;
		});
		router.get('/users/:id', (ctx) => {
			ctx.body = user(ctx.params.id ?? '');
		});
		router.post('/echo', bodyParser(), (ctx) => {
			ctx.body = ctx.request.body;
		});
		router.get('/stream', (ctx) => {
			ctx.type = 'application/octet-stream';
			ctx.body = streamBody();
		});
	}
	router.get('/legacy', (ctx) => {
		ctx.type = 'text/plain';
		ctx.body = LEGACY;
	});
	app.use(router.routes());
	app.use(router.allowedMethods());
	return { server: http.createServer(app.callback()), ready };
}

/** The middleware as a bare node:http handler, with a 404 for what it does not take. */
function nodeServer(lightGlobals: boolean): { server: http.Server; ready: Promise<void> } {
	const mw = endpoints(ROUTES, { lightGlobals });
	const server = http.createServer((req, res) =>
		mw(req, res, () => {
			res.statusCode = 404;
			res.end();
		})
	);
	return { server, ready: mw.ready };
}

type Handler = (event: unknown) => Response | Promise<Response>;

/**
 * Hono serving the same +server.js handler functions. The event adapter is minimal: enough for
 * these four routes (request, params, url, route), not a full SvelteKit RequestEvent. By default
 * @hono/node-server replaces the global Request and Response with its light ones; `hono-bare`
 * leaves them alone (`overrideGlobalObjects: false`), its light request object still in use.
 */
async function honoServer(overrideGlobalObjects: boolean): Promise<http.Server> {
	const load = async (id: string): Promise<Record<string, Handler>> =>
		(await import(pathToFileURL(path.join(ROUTES, id, '+server.js')).href)) as Record<string, Handler>;
	const event = (c: Context, id: string) => ({
		request: c.req.raw,
		params: c.req.param(),
		url: new URL(c.req.url),
		route: { id },
		locals: {},
		setHeaders: () => {},
		getClientAddress: () => '127.0.0.1',
		isDataRequest: false,
		isSubRequest: false
	});
	const app = new Hono();
	const text = await load('text');
	const users = await load('users/[id]');
	const echo = await load('echo');
	const stream = await load('stream');
	app.get('/text', (c) => text.GET!(event(c, '/text')));
	app.get('/users/:id', (c) => users.GET!(event(c, '/users/[id]')));
	app.post('/echo', (c) => echo.POST!(event(c, '/echo')));
	app.get('/stream', (c) => stream.GET!(event(c, '/stream')));
	return new Promise((resolve) => {
		const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects }, () =>
			resolve(server as http.Server)
		);
	});
}

/**
 * SvelteKit itself: the same route files built with adapter-node, whose `handler` (what its own
 * `build/index.js` hands to polka) answers on a node:http server. ORIGIN is set as adapter-node's
 * documentation asks, so the handler builds each request's URL from it rather than the headers;
 * it is read when handler.js loads, hence the port first.
 */
async function kitNodeServer(): Promise<http.Server> {
	if (!fs.existsSync(KIT_NODE_HANDLER)) {
		throw new Error(`${KIT_NODE_HANDLER} is missing: build it with \`tsx bench/kit-node.ts\` (bench/run.ts and bench/cost.ts do)`);
	}
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	process.env.ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const { handler } = (await import(pathToFileURL(KIT_NODE_HANDLER).href)) as { handler: http.RequestListener };
	server.on('request', handler);
	return server;
}

export async function start(name: ServerName): Promise<http.Server> {
	if (name === 'hono' || name === 'hono-bare') return honoServer(name === 'hono');
	if (name === 'kit-node') return kitNodeServer();
	const [host, mode = 'plain'] = name.split('-') as [string, Mode | undefined];
	const { server, ready } =
		host === 'raw'
			? { server: raw(), ready: Promise.resolve() }
			: host === 'express'
				? expressServer(mode)
				: host === 'koa'
					? koaServer(mode)
					: nodeServer(mode === 'light');
	await ready;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server;
}

export type FromChild = { type: 'ready'; port: number } | { type: 'mem'; id: number; rss: number; maxRSS: number };
export type ToChild = { type: 'mem'; id: number };

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
	const name = process.argv[2] as ServerName;
	if (!SERVER_NAMES.includes(name)) {
		console.error(`usage: server.ts <${SERVER_NAMES.join('|')}>`);
		process.exit(2);
	}
	const send = (message: FromChild) => (process.send ? process.send(message) : console.log(JSON.stringify(message)));
	const server = await start(name);
	process.on('message', (message: ToChild) => {
		if (message.type === 'mem') {
			// maxRSS is in KiB on Linux and macOS
			send({ type: 'mem', id: message.id, rss: process.memoryUsage().rss, maxRSS: process.resourceUsage().maxRSS * 1024 });
		}
	});
	process.on('disconnect', () => process.exit(0));
	send({ type: 'ready', port: (server.address() as AddressInfo).port });
}
