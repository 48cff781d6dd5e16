// Side-by-side HTTP benchmark on loopback: the middleware in Express, in Koa and as a bare
// node:http handler, against plain Express and Koa routes, a raw node:http handler (the floor),
// Hono serving the same +server.js handlers, and SvelteKit itself serving them through
// adapter-node (built once by bench/kit-node.ts). Each server runs in its own child process
// (bench/servers/server.ts); the load generator (autocannon, and a node:http client for the
// streamed case) runs here. Rounds are interleaved, so drift on a noisy machine hits every
// server alike; the table shows medians and min–max over rounds, and the targets are ratios of
// medians from the same run. Absolute numbers depend on the machine; ratios are what count.
//
// The servers run on Node 24 first, then 20 and 26 (--node picks others; bench/nodes.ts installs
// a missing one from the npm registry), each Node's table and targets in turn; then callgrind's
// instructions per request on Node 24 (bench/cost.ts; --no-cost skips it), the figure to trust
// on a busy machine.
//
//   npm run build && tsx bench/run.ts [--rounds N] [--duration S] [--quick] [--node 24,20,26] [--no-cost]
import { fork, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { measureCosts, printCostTable, type CostRow } from './cost.js';
import { ensureKitNode } from './kit-node.js';
import { BENCH_MAJORS, nodeBinary, nodeVersion } from './nodes.js';
import { SERVER_NAMES, type FromChild, type ServerName, type ToChild } from './servers/server.js';

const SERVERS = SERVER_NAMES;
type Server = ServerName;

const LABEL: Record<Server, string> = {
	raw: 'raw node:http',
	express: 'Express route',
	'express-mw': 'Express + mw',
	'express-light': 'Express + mw, light',
	koa: 'Koa route',
	'koa-mw': 'Koa + mw',
	'koa-light': 'Koa + mw, light',
	'node-mw': 'node:http + mw',
	'node-light': 'node:http + mw, light',
	hono: 'Hono',
	'hono-bare': 'Hono, globals kept',
	'kit-node': 'SvelteKit adapter-node'
};

// ---- options ----------------------------------------------------------------------------

function parseArgs(argv: string[]) {
	const quick = argv.includes('--quick');
	const value = (flag: string): number | undefined => {
		const i = argv.indexOf(flag);
		if (i === -1) return undefined;
		const n = Number(argv[i + 1]);
		if (!(n > 0)) throw new Error(`${flag} needs a positive number`);
		return n;
	};
	// the defaults keep a full run under 4 minutes on 2 cores
	return {
		rounds: Math.round(value('--rounds') ?? (quick ? 1 : 5)),
		duration: value('--duration') ?? (quick ? 0.5 : 1),
		warmup: quick ? 0.3 : 1,
		downloads: quick ? 1 : 3,
		slowSeconds: quick ? 2 : 5
	};
}
const opts = parseArgs(process.argv.slice(2));

// ---- one run per Node, each in its own process; then the instruction counts ----------------

const onNode = process.argv.indexOf('--on');
if (onNode === -1) {
	const argv = process.argv.slice(2);
	const at = argv.indexOf('--node');
	const majors = at === -1 ? [...BENCH_MAJORS] : argv[at + 1]!.split(',').map(Number);
	// once, before any server starts: the runs on each Node and the cost loop share the build
	await ensureKitNode();
	for (const major of majors) {
		const node = nodeBinary(major);
		console.log(`\n=== servers on Node ${nodeVersion(node)}\n`);
		const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...argv, '--on', node], { stdio: 'inherit' });
		const code = await new Promise<number | null>((resolve) => child.once('exit', (exit) => resolve(exit)));
		if (code !== 0) process.exit(code ?? 1);
	}
	if (!argv.includes('--no-cost')) {
		console.log('\n=== instructions per request (valgrind --tool=callgrind), Node 24\n');
		const rows = await measureCosts([
			'--node',
			'24',
			'--n',
			opts.rounds < 3 ? '100' : '300',
			'--warmup',
			opts.rounds < 3 ? '500' : '2000'
		]);
		console.log('');
		printCostTable(rows);
		printCostRatios(rows);
	}
	// route-table scaling: generated trees of 10 to 10,000 routes
	console.log('\nroute lookup (bench/routes.ts)');
	await import('./routes.js');
	process.exit(0);
}
const NODE = process.argv[onNode + 1]!;

function printCostRatios(rows: CostRow[]): void {
	const cost = (server: string, which: string) => rows.find((r) => r.server === server && r.case === which)?.perRequest ?? NaN;
	const pairs: [string, string, string][] = [
		['node:http + mw / Hono, globals kept', 'node-mw', 'hono-bare'],
		['node:http + mw / Hono', 'node-mw', 'hono'],
		['node:http + mw / SvelteKit adapter-node', 'node-mw', 'kit-node'],
		['Express + mw / Express route', 'express-mw', 'express'],
		['Koa + mw / Koa route', 'koa-mw', 'koa'],
		['lightGlobals: node:http + mw / Hono', 'node-light', 'hono'],
		['lightGlobals: node:http + mw / SvelteKit adapter-node', 'node-light', 'kit-node'],
		['lightGlobals: Express + mw / Express', 'express-light', 'express'],
		['lightGlobals: Koa + mw / Koa', 'koa-light', 'koa']
	];
	console.log('\nthroughput a cost allows, as a ratio (peer instructions / ours; 1.00 = as fast):');
	const width = Math.max(...pairs.map(([what]) => what.length));
	for (const [what, ours, peer] of pairs) {
		console.log(
			`  ${what.padEnd(width)} GET /text ${(cost(peer, 'text') / cost(ours, 'text')).toFixed(2)}   POST /echo ${(cost(peer, 'echo') / cost(ours, 'echo')).toFixed(2)}`
		);
	}
}

// ---- children ---------------------------------------------------------------------------

interface Child {
	name: Server;
	proc: ChildProcess;
	port: number;
	mem(): Promise<{ rss: number; maxRSS: number }>;
}

const children: ChildProcess[] = [];
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'servers', 'server.ts');

function spawnServer(name: Server): Promise<Child> {
	const proc = fork(SCRIPT, [name], {
		execPath: NODE,
		execArgv: ['--import', import.meta.resolve('tsx')],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	children.push(proc);
	let nextId = 0;
	const waiting = new Map<number, (m: { rss: number; maxRSS: number }) => void>();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
		proc.once('exit', (code) => reject(new Error(`${name} exited with code ${code} (is dist/ built? run npm run build)`)));
		proc.on('message', (m: FromChild) => {
			if (m.type === 'mem') {
				waiting.get(m.id)?.(m);
				waiting.delete(m.id);
			} else if (m.type === 'ready') {
				clearTimeout(timer);
				resolve({
					name,
					proc,
					port: m.port,
					mem: () =>
						new Promise((done) => {
							const id = nextId++;
							waiting.set(id, done);
							proc.send({ type: 'mem', id } satisfies ToChild);
						})
				});
			}
		});
	});
}

function killChildren(): void {
	for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill();
}
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		killChildren();
		process.exit(130);
	});
}

// ---- cases ------------------------------------------------------------------------------

interface LoadCase {
	key: string;
	title: string;
	path: string;
	method?: 'POST';
	body?: string;
	headers?: Record<string, string>;
	servers: readonly Server[];
	expect: (body: string) => boolean;
}

// 100 bytes of JSON
const ECHO_BODY = JSON.stringify({ id: 12345, name: 'Ada Lovelace', email: 'ada@example.com', tags: ['a', 'b', 'c'], ok: true, n: 1234 });
if (Buffer.byteLength(ECHO_BODY) !== 100) throw new Error(`echo body is ${Buffer.byteLength(ECHO_BODY)} bytes, not 100`);

const LOAD_CASES: LoadCase[] = [
	{ key: 'text', title: 'GET /text', path: '/text', servers: SERVERS, expect: (b) => b === 'Hello, World!' },
	{
		key: 'param',
		title: 'GET /users/:id',
		path: '/users/42',
		servers: SERVERS,
		expect: (b) => b === '{"id":"42","name":"User 42"}'
	},
	{
		key: 'echo',
		title: 'POST /echo 100 B',
		path: '/echo',
		method: 'POST',
		body: ECHO_BODY,
		headers: { 'content-type': 'application/json' },
		servers: SERVERS,
		expect: (b) => b === ECHO_BODY
	},
	{
		key: 'legacy',
		title: 'fall-through /legacy',
		path: '/legacy',
		servers: ['express', 'express-mw', 'express-light', 'koa', 'koa-mw', 'koa-light'],
		expect: (b) => b.startsWith('Served by a plain host route')
	}
];
const STREAM_BYTES = 64 * 1024 * 1024;

/** req/s of 2xx responses; refuses a run with errors or other statuses. */
async function load(child: Child, c: LoadCase, duration: number): Promise<number> {
	const result = await autocannon({
		url: `http://127.0.0.1:${child.port}${c.path}`,
		connections: 50,
		duration,
		method: c.method ?? 'GET',
		body: c.body,
		headers: c.headers,
		// autocannon stops only on a sample tick (1 s by default): tick often, so durations hold
		sampleInt: 100
	});
	if (result.errors || result.non2xx || result.timeouts) {
		throw new Error(`${child.name} ${c.title}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
	}
	return result['2xx'] / result.duration;
}

function request(port: number, c: Pick<LoadCase, 'path' | 'method' | 'body' | 'headers'>): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, path: c.path, method: c.method ?? 'GET', headers: c.headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (d: Buffer) => chunks.push(d));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.end(c.body);
	});
}

/** MB/s (10^6 bytes) over `count` back-to-back downloads of /stream, read and discarded. */
async function download(child: Child, count: number): Promise<number> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	let bytes = 0;
	const start = process.hrtime.bigint();
	for (let i = 0; i < count; i += 1) {
		await new Promise<void>((resolve, reject) => {
			http.get({ host: '127.0.0.1', port: child.port, path: '/stream', agent }, (res) => {
				let got = 0;
				res.on('data', (d: Buffer) => (got += d.length));
				res.on('end', () => {
					if (got !== STREAM_BYTES) reject(new Error(`${child.name} /stream sent ${got} bytes`));
					bytes += got;
					resolve();
				});
				res.on('error', reject);
			}).on('error', reject);
		});
	}
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	agent.destroy();
	return bytes / 1e6 / seconds;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A slow reader of /stream: 64 KiB, then a 50 ms pause, for `seconds`. Returns the server's RSS
 * at idle just before, and the highest RSS sampled (every 100 ms) while it reads.
 */
async function slowRead(child: Child, seconds: number): Promise<{ idle: number; peak: number; read: number }> {
	await sleep(500);
	const idle = (await child.mem()).rss;
	let peak = idle;
	let read = 0;
	let reading = true;
	const sampler = (async () => {
		while (reading) {
			peak = Math.max(peak, (await child.mem()).rss);
			await sleep(100);
		}
	})();
	await new Promise<void>((resolve, reject) => {
		const req = http.get({ host: '127.0.0.1', port: child.port, path: '/stream', agent: false }, (res) => {
			let sincePause = 0;
			res.on('data', (d: Buffer) => {
				read += d.length;
				sincePause += d.length;
				if (sincePause >= 64 * 1024) {
					sincePause = 0;
					res.pause();
					setTimeout(() => res.resume(), 50);
				}
			});
			res.on('error', () => {});
		});
		req.on('error', reject);
		setTimeout(() => {
			req.destroy();
			resolve();
		}, seconds * 1000);
	});
	reading = false;
	await sampler;
	return { idle, peak, read };
}

// ---- statistics and printing ------------------------------------------------------------

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kilo = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const cell = (xs: number[] | undefined, fmt: (n: number) => string) =>
	!xs?.length ? '—' : xs.length === 1 ? fmt(xs[0]!) : `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;

// ---- run --------------------------------------------------------------------------------

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
console.log(
	`kit-endpoints HTTP benchmark: ${opts.rounds} round(s) of ${opts.duration}s per server and case, 50 connections, ` +
		`${opts.downloads} x 64 MiB download(s) per server and round; servers on node ${nodeVersion(NODE)}, client on ${process.version}`
);

const list = await Promise.all(SERVERS.map(spawnServer));
const servers = Object.fromEntries(list.map((c) => [c.name, c])) as Record<Server, Child>;
console.log(`[${elapsed()}] servers up: ${list.map((c) => `${c.name}:${c.port}`).join(' ')}`);

// every server must give the same answers before its speed means anything
for (const c of LOAD_CASES) {
	for (const name of c.servers) {
		const res = await request(servers[name].port, c);
		if (res.status !== 200 || !c.expect(res.body)) throw new Error(`${name} ${c.title}: ${res.status} ${res.body.slice(0, 200)}`);
	}
}

for (const name of SERVERS) {
	for (const c of LOAD_CASES) if (c.servers.includes(name)) await load(servers[name], c, opts.warmup);
	await download(servers[name], 1);
}
console.log(`[${elapsed()}] warmed up`);

const results = new Map<string, number[]>(); // `${case}/${server}` -> one value per round
const record = (key: string, name: Server, value: number) => {
	const k = `${key}/${name}`;
	results.set(k, [...(results.get(k) ?? []), value]);
};
const rotate = <T>(xs: readonly T[], by: number) => xs.map((_, i) => xs[(i + by) % xs.length]!);

for (let round = 0; round < opts.rounds; round += 1) {
	for (const c of LOAD_CASES) {
		for (const name of rotate(c.servers, round)) record(c.key, name, await load(servers[name], c, opts.duration));
	}
	for (const name of rotate(SERVERS, round)) record('stream', name, await download(servers[name], opts.downloads));
	console.log(`[${elapsed()}] round ${round + 1}/${opts.rounds} done`);
}

const slow: Partial<Record<Server, { idle: number; peak: number; read: number }>> = {};
for (const name of ['express-mw', 'raw'] as const) slow[name] = await slowRead(servers[name], opts.slowSeconds);
const mem = Object.fromEntries(await Promise.all(list.map(async (c) => [c.name, await c.mem()] as const))) as Record<
	Server,
	{ rss: number; maxRSS: number }
>;
console.log(`[${elapsed()}] done\n`);

const columns: { title: string; key: string; fmt: (n: number) => string }[] = [
	...LOAD_CASES.map((c) => ({ title: `${c.title} req/s`, key: c.key, fmt: kilo })),
	{ title: 'GET /stream 64 MiB MB/s', key: 'stream', fmt: (n: number) => n.toFixed(0) }
];
const rows = SERVERS.map((name) => [
	LABEL[name],
	...columns.map((col) => cell(results.get(`${col.key}/${name}`), col.fmt)),
	mib(mem[name].maxRSS)
]);
const header = ['server', ...columns.map((c) => c.title), 'peak RSS'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
console.log(`median (min–max) over ${opts.rounds} round(s)`);
console.log(line(header));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));

console.log('\nslow reader of /stream (64 KiB, then 50 ms pause), server RSS:');
for (const [name, s] of Object.entries(slow)) {
	console.log(
		`  ${LABEL[name as Server].padEnd(15)} idle ${mib(s.idle)}, peak while reading ${mib(s.peak)} (+${mib(s.peak - s.idle)}), ` +
			`client read ${mib(s.read)} in ${opts.slowSeconds}s`
	);
}

const m = (key: string, name: Server) => median(results.get(`${key}/${name}`) ?? [NaN]);
const targets: { what: string; value: number; ok: boolean; shown: string; goal: string }[] = [];
const ratio = (what: string, value: number, min: number) =>
	targets.push({ what, value, ok: value >= min, shown: value.toFixed(2), goal: `≥ ${min.toFixed(2)}` });
const cost = (what: string, value: number, max: number) =>
	targets.push({ what, value, ok: value <= max, shown: `${(value * 100).toFixed(1)}%`, goal: `≤ ${(max * 100).toFixed(0)}%` });
const MiB = 1024 * 1024;

// issue 14's targets for the default mode (globals untouched)
ratio('Express + mw / Express route, GET /text', m('text', 'express-mw') / m('text', 'express'), 0.65);
ratio('Express + mw / Express route, POST /echo', m('echo', 'express-mw') / m('echo', 'express'), 0.65);
ratio('Koa + mw / Koa route, GET /text', m('text', 'koa-mw') / m('text', 'koa'), 0.5);
ratio('Koa + mw / Koa route, POST /echo', m('echo', 'koa-mw') / m('echo', 'koa'), 0.5);
cost('fall-through cost, Express: 1 − with mw / without', 1 - m('legacy', 'express-mw') / m('legacy', 'express'), 0.03);
cost('fall-through cost, Koa: 1 − with mw / without', 1 - m('legacy', 'koa-mw') / m('legacy', 'koa'), 0.03);
ratio('node:http + mw / raw node:http, GET /text', m('text', 'node-mw') / m('text', 'raw'), 0.8);
ratio('node:http + mw / raw node:http, POST /echo', m('echo', 'node-mw') / m('echo', 'raw'), 0.8);
ratio('node:http + mw / Hono, GET /text', m('text', 'node-mw') / m('text', 'hono'), 1.0);
ratio('node:http + mw / Hono, POST /echo', m('echo', 'node-mw') / m('echo', 'hono'), 1.0);
ratio('node:http + mw / Hono (globals kept), GET /text', m('text', 'node-mw') / m('text', 'hono-bare'), 1.0);
ratio('node:http + mw / Hono (globals kept), POST /echo', m('echo', 'node-mw') / m('echo', 'hono-bare'), 1.0);
ratio('node:http + mw / SvelteKit adapter-node, GET /text', m('text', 'node-mw') / m('text', 'kit-node'), 3.0);
ratio('node:http + mw / SvelteKit adapter-node, POST /echo', m('echo', 'node-mw') / m('echo', 'kit-node'), 3.0);
// and for the lightGlobals option
for (const [what, key] of [
	['GET /text', 'text'],
	['POST /echo', 'echo']
] as const) {
	ratio(`lightGlobals: node:http + mw / Hono, ${what}`, m(key, 'node-light') / m(key, 'hono'), 1.0);
	ratio(`lightGlobals: node:http + mw / SvelteKit adapter-node, ${what}`, m(key, 'node-light') / m(key, 'kit-node'), 3.0);
	ratio(`lightGlobals: Express + mw / Express route, ${what}`, m(key, 'express-light') / m(key, 'express'), 0.9);
	ratio(`lightGlobals: Koa + mw / Koa route, ${what}`, m(key, 'koa-light') / m(key, 'koa'), 0.85);
}
ratio('stream: node:http + mw / raw node:http', m('stream', 'node-mw') / m('stream', 'raw'), 0.9);
for (const [name, s] of Object.entries(slow)) {
	const grew = s.peak - s.idle;
	targets.push({
		what: `slow reader: RSS growth, ${LABEL[name as Server]}`,
		value: grew,
		ok: grew <= 5 * MiB,
		shown: mib(grew),
		goal: '≤ 5 MiB'
	});
}

console.log(`\ntargets (ratios of medians from this run${opts.rounds < 3 ? '; too few rounds to trust' : ''}):`);
const wWhat = Math.max(...targets.map((t) => t.what.length));
for (const t of targets) console.log(`  ${t.ok ? '✔' : '✘'} ${t.what.padEnd(wWhat)}  ${t.shown.padStart(8)}  (target ${t.goal})`);
console.log('\nfor reference, not targets:');
console.log(
	`  stream: Express + mw / raw ${(m('stream', 'express-mw') / m('stream', 'raw')).toFixed(2)}, Koa + mw / raw ${(m('stream', 'koa-mw') / m('stream', 'raw')).toFixed(2)}, Hono / raw ${(m('stream', 'hono') / m('stream', 'raw')).toFixed(2)}, SvelteKit adapter-node / raw ${(m('stream', 'kit-node') / m('stream', 'raw')).toFixed(2)}`
);
console.log(
	`  GET /users/:id: Express + mw / Express ${(m('param', 'express-mw') / m('param', 'express')).toFixed(2)}, Koa + mw / Koa ${(m('param', 'koa-mw') / m('param', 'koa')).toFixed(2)}, node:http + mw / raw ${(m('param', 'node-mw') / m('param', 'raw')).toFixed(2)}`
);
console.log(`  total time ${elapsed()}`);

killChildren();
process.exit(0);
