// What compare mode costs the requests it does not compare: the same Express app, with the
// middleware as is and with compare mode on for another route (/echo), in two child processes,
// under the same load (autocannon, GET /users/42 and GET /text), rounds interleaved.
//
//   npm run build && tsx bench/compare-cost.ts [--rounds N] [--duration S]
//
// On a shared machine the rates drift more than such a difference: `--check` times, in
// process, the one thing compare mode adds to those requests (the path's test against the
// compared routes' beginnings), to set beside the cost of a whole request.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROUTES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'routes');
const VARIANTS = ['plain', 'compare'] as const;
type Variant = (typeof VARIANTS)[number];

async function serve(variant: Variant): Promise<void> {
	const { default: express } = await import('express');
	const { endpoints } = await import('kit-endpoints');
	const app = express();
	const compare = {
		legacy: (_req: unknown, res: http.ServerResponse) => res.end('legacy'),
		routes: [{ id: '/echo', methods: ['POST'] }],
		onDifference() {}
	};
	const middleware = endpoints(ROUTES, variant === 'compare' ? { compare } : {});
	await middleware.ready;
	app.use(middleware);
	const server = app.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
	process.on('disconnect', () => process.exit(0));
}

function start(variant: Variant): Promise<{ proc: ChildProcess; port: number }> {
	const proc = fork(fileURLToPath(import.meta.url), ['--serve', variant], { execArgv: ['--import', import.meta.resolve('tsx')] });
	return new Promise((resolve, reject) => {
		proc.once('message', (m: { port: number }) => resolve({ proc, port: m.port }));
		proc.once('exit', (code) => reject(new Error(`${variant} exited (${code})`)));
	});
}

async function load(port: number, path: string, duration: number): Promise<number> {
	const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 50, duration, pipelining: 1 });
	if (result.non2xx || result.errors) throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
	return result.requests.average;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(argv: string[]): Promise<void> {
	const option = (flag: string, fallback: number) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : fallback);
	const rounds = option('--rounds', 7);
	const duration = option('--duration', 2);
	const servers = await Promise.all(VARIANTS.map(start));
	try {
		for (const target of ['/users/42', '/text']) {
			const rates: Record<Variant, number[]> = { plain: [], compare: [] };
			for (const server of servers) await load(server.port, target, 1); // warm-up
			for (let round = 0; round < rounds; round++) {
				// alternate which goes first, so that drift hits both alike
				const order = round % 2 ? [1, 0] : [0, 1];
				for (const i of order) rates[VARIANTS[i]!].push(await load(servers[i]!.port, target, duration));
			}
			const [plain, compare] = [median(rates.plain), median(rates.compare)];
			const spread = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
			console.log(
				`GET ${target}: plain ${Math.round(plain)} req/s (${spread(rates.plain)}), compare on /echo ${Math.round(compare)} req/s ` +
					`(${spread(rates.compare)}): ratio ${(compare / plain).toFixed(3)}`
			);
		}
	} finally {
		for (const { proc } of servers) proc.kill();
	}
}

/** Nanoseconds per check of a path that is not compared, median of 9 batches of a million. */
async function check(): Promise<void> {
	const { resolveCompare } = await import('../src/compare/options.js');
	const settings = resolveCompare({
		legacy: () => {},
		routes: ['/echo', '/api/items/[id]', '/(app)/admin/[...rest]'],
		onDifference() {}
	})!;
	for (const url of ['/users/42', '/text?x=1']) {
		const times: number[] = [];
		let passed = 0;
		for (let batch = 0; batch < 9; batch++) {
			const start = process.hrtime.bigint();
			for (let i = 0; i < 1_000_000; i++) if (settings.candidate.test(url)) passed++;
			times.push(Number(process.hrtime.bigint() - start) / 1_000_000);
		}
		if (passed) throw new Error(`${url} passed the check`);
		console.log(`${url}: ${median(times).toFixed(1)} ns per request not compared`);
	}
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as Variant);
else if (process.argv[2] === '--check') await check();
else await main(process.argv.slice(2));
