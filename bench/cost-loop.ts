// One benchmark server under valgrind's callgrind, for bench/cost.ts: `tsx bench/cost-loop.ts
// <server>` starts it (bench/servers/server.ts), prints `{"port":N}` and serves until its stdin
// closes. A timer ticks so that callgrind, which reads its commands only while the program runs,
// notices callgrind_control's even when no request comes.
import { start, SERVER_NAMES, type ServerName } from './servers/server.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

const name = process.argv[2] as ServerName;
if (!SERVER_NAMES.includes(name)) {
	console.error(`usage: cost-loop.ts <${SERVER_NAMES.join('|')}>`);
	process.exit(2);
}
const server = await start(name);
// GET /__cost: the heap in use and how many collections there have been, so that the client
// can tell what the counted requests allocated when no collection fell among them; with
// ?collect, after a collection of the young generation, which then holds all they allocate
const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
server.removeAllListeners('request');
let collections = 0;
// the collections the requests caused, not the ones asked for here
const forced = (entry: PerformanceEntry) =>
	(((entry as PerformanceEntry & { detail?: { flags?: number } }).detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
new PerformanceObserver((list) => void (collections += list.getEntries().filter((entry) => !forced(entry)).length)).observe({
	entryTypes: ['gc']
});
server.on('request', (req: IncomingMessage, res: ServerResponse) => {
	if (!req.url?.startsWith('/__cost')) return void handlers.forEach((handler) => handler.call(server, req, res));
	// a young collection only: a full one also drops compiled code, which the requests then pay to remake
	if (req.url === '/__cost?collect') (globalThis as { gc?: (options: object) => void }).gc?.({ type: 'minor', execution: 'sync' });
	res.setHeader('content-type', 'application/json');
	res.end(JSON.stringify({ heap: process.memoryUsage().heapUsed, collections }));
});
const tick = setInterval(() => {}, 50);
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
	clearInterval(tick);
	server.close();
	process.exit(0);
});
