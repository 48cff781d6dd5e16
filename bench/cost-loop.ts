// One benchmark server under valgrind's callgrind, for bench/cost.ts: `tsx bench/cost-loop.ts
// <server>` starts it (bench/servers/server.ts), prints `{"port":N}` and serves until its stdin
// closes. A timer ticks so that callgrind, which reads its commands only while the program runs,
// notices callgrind_control's even when no request comes.
import { start, SERVER_NAMES, type ServerName } from './servers/server.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';

const name = process.argv[2] as ServerName;
if (!SERVER_NAMES.includes(name)) {
	console.error(`usage: cost-loop.ts <${SERVER_NAMES.join('|')}>`);
	process.exit(2);
}
const server = await start(name);
// GET /__cost: the heap in use and how many collections there have been, so that the client
// can tell what the counted requests allocated when no collection fell among them
const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
server.removeAllListeners('request');
let collections = 0;
new PerformanceObserver((list) => void (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });
server.on('request', (req: IncomingMessage, res: ServerResponse) => {
	if (req.url !== '/__cost') return void handlers.forEach((handler) => handler.call(server, req, res));
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
