// One benchmark server under valgrind's callgrind, for bench/cost.ts: `tsx bench/cost-loop.ts
// <server>` starts it (bench/servers/server.ts), prints `{"port":N}` and serves until its stdin
// closes. A timer ticks so that callgrind, which reads its commands only while the program runs,
// notices callgrind_control's even when no request comes.
import { start, SERVER_NAMES, type ServerName } from './servers/server.js';
import type { AddressInfo } from 'node:net';

const name = process.argv[2] as ServerName;
if (!SERVER_NAMES.includes(name)) {
	console.error(`usage: cost-loop.ts <${SERVER_NAMES.join('|')}>`);
	process.exit(2);
}
const server = await start(name);
// under valgrind, and while callgrind_control waits, a keep-alive connection idles for seconds
server.keepAliveTimeout = 0;
server.headersTimeout = 0;
server.requestTimeout = 0;
const tick = setInterval(() => {}, 50);
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
	clearInterval(tick);
	server.close();
	process.exit(0);
});
