// The hardening app in a process of its own, for the leak check and `scripts/soak.ts`. Start it
// with `node --expose-gc --import tsx test/hardening/child-server.ts` and an IPC channel; it
// answers `{ type: 'sample' }` with its handle, request and memory figures after garbage
// collection. KIT_ENDPOINTS_IMPL=dist serves the built package instead of the sources.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type * as Package from '../../src/index.js';

export interface Sample {
	type: 'sample';
	handles: number;
	requests: number;
	heapUsed: number;
	rss: number;
	connections: number;
	/** the routes' own bookkeeping: live SSE timers and byte streams */
	timers: number;
	streams: number;
	handleErrors: number;
	hostErrors: number;
	/** console.error/warn calls (bodies failing after their headers) */
	logged: number;
}

export type ChildMessage = { type: 'ready'; port: number } | Sample;

const ROUTES = fileURLToPath(new URL('../fixtures/hardening/routes/', import.meta.url));
const impl = process.env.KIT_ENDPOINTS_IMPL === 'dist' ? '../../dist/index.js' : '../../src/index.js';
const { endpoints } = (await import(new URL(impl, import.meta.url).href)) as typeof Package;

// stdio streams are created on first use: create them now, so they count in the first sample
void process.stdout;
void process.stderr;

const counts = { handleErrors: 0, hostErrors: 0, logged: 0 };
console.error = () => void (counts.logged += 1);
console.warn = () => void (counts.logged += 1);

const app = express();
const middleware = endpoints(path.resolve(ROUTES), { handleError: () => void (counts.handleErrors += 1) });
app.use(middleware);
app.use((_req: Request, res: Response) => void res.status(404).send('host 404'));
app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
	counts.hostErrors += 1;
	res.status(500).set('x-host-error', '1').send('host error handler');
});
await middleware.ready;

const server = http.createServer(app);
server.listen(0, '127.0.0.1', () => {
	process.send!({ type: 'ready', port: (server.address() as AddressInfo).port } satisfies ChildMessage);
});

const gc = (globalThis as { gc?: () => void }).gc;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const connections = () => new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n ?? 0)));
const internals = process as unknown as { _getActiveHandles(): unknown[]; _getActiveRequests(): unknown[] };
const state = () =>
	(globalThis as Record<symbol, { timers: number; streams: number } | undefined>)[Symbol.for('kit-endpoints.hardening')] ?? {
		timers: 0,
		streams: 0
	};

async function sample(): Promise<Sample> {
	// let closing connections finish closing, then collect
	for (let i = 0; i < 200 && (await connections()) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
	for (let i = 0; i < 4; i += 1) {
		gc?.();
		await tick();
	}
	const memory = process.memoryUsage();
	return {
		type: 'sample',
		handles: internals._getActiveHandles().length,
		requests: internals._getActiveRequests().length,
		heapUsed: memory.heapUsed,
		rss: memory.rss,
		connections: await connections(),
		timers: state().timers,
		streams: state().streams,
		...counts
	};
}

process.on('message', (message: { type?: string }) => {
	if (message?.type === 'sample') void sample().then((figures) => process.send!(figures));
	if (message?.type === 'close') {
		server.closeAllConnections();
		server.close(() => process.exit(0));
	}
});
process.on('disconnect', () => process.exit(0));
