// Instructions per request, counted by valgrind's callgrind: deterministic where throughput on
// a shared machine is not. Each server runs alone under callgrind (bench/cost-loop.ts), this
// process is its client: a warm-up, then the counters are zeroed, N requests one at a time on
// one keep-alive connection, and the counters dumped. Start-up and warm-up are left out, and
// so is the client, which runs here, outside valgrind.
//
//   npm run build && tsx bench/cost.ts [--node 24,20,26] [--servers a,b] [--cases text,echo] [--n 1000] [--warmup 3000] [--jobs 2]
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import readline from 'node:readline';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ensureKitNode, KIT_NODE_DIR } from './kit-node.js';
import { BENCH_MAJORS, nodeBinary, nodeVersion } from './nodes.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, '.cost');

export interface CostRow {
	server: string;
	case: string;
	node: string;
	/** instructions per request, collections left out */
	perRequest: number;
	/** heap bytes allocated per request; NaN when a collection fell among the requests */
	bytes: number;
}

interface Heap {
	heap: number;
	collections: number;
}

const heapRequest = (path: string) => Buffer.from(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n`);

/**
 * The server's heap in use and its count of collections so far (cost-loop.ts answers GET
 * /__cost), asked on the same connection: a second one made the server's counted requests cost more.
 */
async function heapOf(socket: net.Socket, collect = false): Promise<Heap> {
	const answer = await exchange(socket, heapRequest(collect ? '/__cost?collect' : '/__cost'), 1);
	return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Heap;
}

function option(argv: string[], flag: string): string | undefined {
	const i = argv.indexOf(flag);
	return i === -1 ? undefined : argv[i + 1];
}

/**
 * The loop and the servers as plain JavaScript beside the sources: tsx's loader would add its
 * own start-up, in instructions, to every run. `routes` links back to the real route files,
 * `.kit-node` to the SvelteKit app built from them.
 */
function transpile(): string {
	rmSync(OUT, { recursive: true, force: true });
	mkdirSync(path.join(OUT, 'servers'), { recursive: true });
	for (const file of ['cost-loop.ts', 'servers/server.ts']) {
		const source = readFileSync(path.join(HERE, file), 'utf8');
		const { outputText } = ts.transpileModule(source, {
			compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false }
		});
		writeFileSync(path.join(OUT, file.replace(/\.ts$/, '.js')), outputText);
	}
	symlinkSync(path.join(HERE, 'routes'), path.join(OUT, 'routes'));
	symlinkSync(KIT_NODE_DIR, path.join(OUT, '.kit-node'));
	return path.join(OUT, 'cost-loop.js');
}

const CASES = {
	text: { method: 'GET', path: '/text', body: '' },
	echo: {
		method: 'POST',
		path: '/echo',
		body: JSON.stringify({ id: 12345, name: 'Ada Lovelace', email: 'ada@example.com', tags: ['a', 'b', 'c'], ok: true, n: 1234 })
	}
} as const;

function requestBytes(which: string): Buffer {
	const c = CASES[which as keyof typeof CASES];
	if (!c) throw new Error(`no case ${which}: ${Object.keys(CASES).join(', ')}`);
	const head = [`${c.method} ${c.path} HTTP/1.1`, 'host: 127.0.0.1', 'connection: keep-alive'];
	if (c.body) head.push('content-type: application/json', `content-length: ${Buffer.byteLength(c.body)}`);
	return Buffer.from(`${head.join('\r\n')}\r\n\r\n${c.body}`);
}

/**
 * Where the first answer in `received` ends: after its content-length, or after the last chunk
 * of a chunked body (adapter-node streams a body whose length it is not told); undefined while
 * it is not all in. Throws on anything but a 200 that says where it ends.
 */
function answerEnd(received: string): number | undefined {
	const end = received.indexOf('\r\n\r\n');
	if (end === -1) return undefined;
	const head = received.slice(0, end);
	const length = /\r\ncontent-length: *(\d+)/i.exec(head);
	if (received.startsWith('HTTP/1.1 200') && length) {
		const total = end + 4 + Number(length[1]);
		return received.length < total ? undefined : total;
	}
	if (!received.startsWith('HTTP/1.1 200') || !/\r\ntransfer-encoding: *chunked/i.test(head)) {
		throw new Error(`unexpected answer: ${received.slice(0, 300)}`);
	}
	for (let at = end + 4; ;) {
		const line = received.indexOf('\r\n', at);
		if (line === -1) return undefined;
		const size = parseInt(received.slice(at, line), 16);
		if (Number.isNaN(size)) throw new Error(`unexpected chunk: ${received.slice(at, at + 100)}`);
		at = line + 2 + size + 2;
		if (received.length < at) return undefined;
		if (size === 0) return at;
	}
}

/** Sends `count` requests one after the other on `socket`; resolves once the last answer is in whole. */
function exchange(socket: net.Socket, request: Buffer, count: number): Promise<string> {
	return new Promise<string>((resolve, reject) => {
		let left = count;
		let received = '';
		const onData = (data: Buffer) => {
			received += data.toString('latin1');
			for (;;) {
				let total: number | undefined;
				try {
					total = answerEnd(received);
				} catch (error) {
					socket.off('data', onData);
					return reject(error as Error);
				}
				if (total === undefined) return;
				const answer = received.slice(0, total);
				received = received.slice(total);
				if (--left === 0) {
					socket.off('data', onData);
					return resolve(answer);
				}
				socket.write(request);
			}
		};
		const onClose = () => reject(new Error(`the server closed the connection with ${left} answers to come`));
		socket.on('data', onData);
		socket.once('close', onClose);
		socket.write(request);
	}).finally(() => socket.removeAllListeners('close'));
}

function control(...args: string[]): Promise<void> {
	return new Promise((resolve, reject) =>
		execFile('callgrind_control', args, (error, stdout) =>
			error ? reject(new Error(`callgrind_control ${args.join(' ')}: ${stdout}`)) : resolve()
		)
	);
}

/**
 * Instructions per request for one server and case: the server runs under callgrind, warms up,
 * its counters are zeroed, it answers `count` requests, and the counters are dumped.
 */
async function perRequest(
	node: string,
	loop: string,
	server: string,
	which: string,
	warmup: number,
	count: number
): Promise<{ instructions: number; bytes: number }> {
	const out = path.join(os.tmpdir(), `kit-endpoints-callgrind.${process.pid}.${server}.${which}`);
	// a young generation of fixed size: collections come rarely, and at the same pace in every run
	// no memory reducer: it collects when the process looks idle, which valgrind's pace makes it look
	const flags = ['--single-threaded', '--expose-gc', '--no-memory-reducer', '--min-semi-space-size=64', '--max-semi-space-size=64'];
	const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, node, ...flags, loop, server], {
		stdio: ['pipe', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	try {
		const [line] = (await once(readline.createInterface({ input: child.stdout }), 'line')) as [string];
		const { port } = JSON.parse(line) as { port: number };
		const socket = net.connect(port, '127.0.0.1').on('error', () => {});
		await once(socket, 'connect');
		socket.setNoDelay(true);
		const request = requestBytes(which);
		await exchange(socket, request, warmup);
		const start = await heapOf(socket, true);
		await control('-z', String(child.pid));
		await exchange(socket, request, count);
		await control('-d', String(child.pid));
		const end = await heapOf(socket);
		socket.destroy();
		const dump = readdirSync(path.dirname(out)).find((f) => f.startsWith(`${path.basename(out)}.`));
		if (!dump) throw new Error('no callgrind dump');
		const text = readFileSync(path.join(path.dirname(out), dump), 'utf8');
		const totals = /^(?:totals|summary): (\d+)/m.exec(text);
		if (!totals) throw new Error('no totals in the callgrind dump');
		const bytes = end.collections === start.collections ? (end.heap - start.heap) / count : NaN;
		return { instructions: Number(totals[1]) / count, bytes };
	} catch (error) {
		throw new Error(`callgrind ${server} ${which}: ${(error as Error).message}\n${stderr.slice(-2000)}`, { cause: error });
	} finally {
		child.stdin.end();
		if (child.exitCode === null) await once(child, 'exit');
		for (const f of readdirSync(path.dirname(out)))
			if (f.startsWith(path.basename(out))) rmSync(path.join(path.dirname(out), f), { force: true });
	}
}

/** Runs `tasks` with at most `jobs` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
	const results: T[] = [];
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]!();
		}
	};
	await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
	return results;
}

export async function measureCosts(argv: string[]): Promise<CostRow[]> {
	const majors = (option(argv, '--node') ?? BENCH_MAJORS.join(',')).split(',').map(Number);
	const servers = (
		option(argv, '--servers') ?? 'raw,express,express-mw,express-light,koa,koa-mw,koa-light,node-mw,node-light,hono,hono-bare,kit-node'
	).split(',');
	const cases = (option(argv, '--cases') ?? 'text,echo').split(',');
	const n = Number(option(argv, '--n') ?? 1000);
	const warmup = Number(option(argv, '--warmup') ?? 3000);
	const jobs = Number(option(argv, '--jobs') ?? os.availableParallelism());
	if (servers.includes('kit-node')) await ensureKitNode();
	const loop = transpile();
	const rows: CostRow[] = [];
	for (const major of majors) {
		const node = nodeBinary(major);
		const version = nodeVersion(node);
		const scenarios = servers.flatMap((server) => cases.map((which) => ({ server, which })));
		// one failing server must not lose the others' figures
		const failed = (error: unknown) => (console.error(String(error)), { instructions: NaN, bytes: NaN });
		const tasks = scenarios.map(({ server, which }) => async () => {
			const cost = await perRequest(node, loop, server, which, warmup, n).catch(failed);
			console.log(
				`${version} ${server.padEnd(16)} ${which.padEnd(5)} ${(cost.instructions / 1000).toFixed(1)}k instructions, ` +
					`${(cost.bytes / 1024).toFixed(1)} KiB allocated per request`
			);
			return cost;
		});

		const costs = await pool(tasks, jobs);
		scenarios.forEach(({ server, which }, i) =>
			rows.push({ server, case: which, node: version, perRequest: costs[i]!.instructions, bytes: costs[i]!.bytes })
		);
	}
	return rows;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
	const rows = await measureCosts(process.argv.slice(2));
	printCostTable(rows);
}

/** One line per server, a column per Node and case. */
export function printCostTable(rows: CostRow[]): void {
	printTable(rows, 'instructions per request', (row) => `${(row.perRequest / 1000).toFixed(0)}k`);
	console.log('');
	printTable(rows, 'KiB allocated per request', (row) => (row.bytes / 1024).toFixed(1));
}

function printTable(rows: CostRow[], title: string, shown: (row: CostRow) => string): void {
	const columns = [...new Set(rows.map((r) => `${r.node} ${r.case}`))];
	const servers = [...new Set(rows.map((r) => r.server))];
	const cell = (server: string, column: string) => {
		const row = rows.find((r) => r.server === server && `${r.node} ${r.case}` === column);
		return row ? shown(row) : '—';
	};
	const header = [title, ...columns];
	const body = servers.map((s) => [s, ...columns.map((c) => cell(s, c))]);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
	const line = (r: string[]) => r.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
	console.log(line(header));
	for (const r of body) console.log(line(r));
}
