// Soak test: `tsx scripts/soak.ts [--seconds N] [--concurrency N] [--src]`.
//
// Starts the hardening fixture app (test/fixtures/hardening, served by the built package in
// dist/, or by src/ with --src) in a child process on 127.0.0.1, then for N seconds (default
// 300) sends a mix of good, bad and abandoned requests with bounded concurrency. It prints the
// requests served, the counts by status, the errors (any answer other than the one expected),
// and the child's RSS, heap and handle counts at the start and the end, sampled over IPC after
// GC. It exits non-zero if the server crashed, any request went wrong, or anything grew beyond a
// small tolerance.
import { parseArgs } from 'node:util';
import { abandon, startChild } from '../test/hardening/child.js';
import type { Sample } from '../test/hardening/child-server.js';
import { exchange, header, parseResponses, requestText, type ParsedResponse } from '../test/hardening/helpers.js';

const { values: args } = parseArgs({
	options: {
		seconds: { type: 'string', default: '300' },
		concurrency: { type: 'string', default: '20' },
		src: { type: 'boolean', default: false },
		'heap-tolerance-mib': { type: 'string', default: '4' },
		'rss-tolerance-mib': { type: 'string', default: '64' }
	}
});
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const HEAP_TOLERANCE = Number(args['heap-tolerance-mib']) * 1024 * 1024;
const RSS_TOLERANCE = Number(args['rss-tolerance-mib']) * 1024 * 1024;
if (!(SECONDS > 0) || !(CONCURRENCY > 0)) {
	console.error('usage: tsx scripts/soak.ts [--seconds N] [--concurrency N] [--src]');
	process.exit(2);
}

// -- the mix ----------------------------------------------------------------------------------------

/** What one scenario saw: the statuses of the responses it got, or a problem. */
interface Outcome {
	statuses: number[];
	/** an abandoned request: no response expected */
	aborted?: boolean;
	problem?: string;
}

type Expect = number[] | ((res: ParsedResponse) => boolean);

/**
 * Sends `raw` and checks the answer: `expected.length` valid responses with allowed statuses (or
 * none at all for a request Node drops).
 */
async function expect(
	port: number,
	raw: Buffer | string | (Buffer | string)[],
	methods: string[],
	expected: Expect[],
	options: { end?: boolean; allowTruncated?: boolean } = {}
): Promise<Outcome> {
	let result;
	try {
		result = await exchange(port, raw, {
			timeout: 5000,
			end: options.end,
			methods,
			responses: expected.length || undefined,
			gap: Array.isArray(raw) ? 20 : undefined
		});
	} catch (error) {
		return { statuses: [], problem: (error as Error).message.slice(0, 200) };
	}
	const parsed = parseResponses(result.bytes, methods, result.closedByServer);
	const statuses = parsed.responses.map((res) => res.status);
	if (parsed.invalid) return { statuses, problem: `invalid HTTP: ${parsed.invalid}` };
	if (parsed.responses.length !== expected.length)
		return {
			statuses,
			problem: `${parsed.responses.length} responses, expected ${expected.length}: ${JSON.stringify(result.bytes.toString('latin1').slice(0, 160))}`
		};
	for (const [i, res] of parsed.responses.entries()) {
		const allowed = expected[i]!;
		const ok = typeof allowed === 'function' ? allowed(res) : allowed.includes(res.status);
		if (!ok)
			return {
				statuses,
				problem: `response ${i + 1}: ${res.status} ${header(res, 'x-route') ?? ''} ${JSON.stringify(res.body.toString().slice(0, 100))}`
			};
		if (!res.complete && !options.allowTruncated) return { statuses, problem: `response ${i + 1} truncated` };
	}
	return { statuses };
}

const aborted = async (job: Promise<void>): Promise<Outcome> => (await job, { statuses: [], aborted: true });
const keepAlive = { connection: 'keep-alive' };
const random = (n: number) => Math.floor(Math.random() * n);
const body = (n: number) => 'x'.repeat(n);
const isBody = (text: string) => (res: ParsedResponse) => res.status === 200 && res.body.toString() === text;

/** [name, weight, scenario] */
const SCENARIOS: [string, number, (port: number) => Promise<Outcome>][] = [
	// good
	['GET /ok', 12, (port) => expect(port, requestText('GET', '/ok'), ['GET'], [isBody('ok')])],
	['HEAD /ok', 2, (port) => expect(port, requestText('HEAD', '/ok'), ['HEAD'], [[200]])],
	[
		'POST /echo',
		6,
		(port) => {
			const size = random(64 * 1024);
			return expect(
				port,
				requestText('POST', '/echo', { 'content-type': 'application/octet-stream' }, body(size)),
				['POST'],
				[isBody(JSON.stringify({ method: 'POST', length: size }))]
			);
		}
	],
	[
		'chunked PUT /echo',
		2,
		(port) =>
			expect(
				port,
				requestText(
					'PUT',
					'/echo',
					{ 'transfer-encoding': 'chunked', 'content-type': 'application/json' },
					`4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n`
				),
				['PUT'],
				[isBody('{"method":"PUT","length":7}')]
			)
	],
	[
		'GET /proto/__proto__/constructor',
		2,
		(port) =>
			expect(
				port,
				requestText('GET', '/proto/__proto__/constructor'),
				['GET'],
				[(res) => res.status === 200 && JSON.parse(res.body.toString()).polluted === false]
			)
	],
	[
		'GET /cookies (hostile)',
		2,
		(port) =>
			expect(
				port,
				requestText('GET', '/cookies', { cookie: `__proto__=x; constructor=y; ${';='.repeat(200)}; a=%ZZ` }),
				['GET'],
				[[200]]
			)
	],
	['GET /files/...', 2, (port) => expect(port, requestText('GET', `/files/${'a/'.repeat(random(200))}z`), ['GET'], [[200]])],
	[
		'GET /negotiate (browser)',
		2,
		(port) => expect(port, requestText('GET', '/negotiate', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }), ['GET'], [[404]])
	],
	['MOVE /methods/fallback', 1, (port) => expect(port, requestText('MOVE', '/methods/fallback'), ['MOVE'], [isBody('fallback MOVE')])],
	[
		'keep-alive: unread body, then GET',
		4,
		(port) => {
			const method = ['POST', 'PUT', 'PATCH'][random(3)]!;
			const first = requestText(
				method,
				'/ignore-body',
				{ ...keepAlive, 'content-type': 'application/octet-stream' },
				body(random(300_000))
			);
			return expect(port, Buffer.concat([first, requestText('GET', '/ok', keepAlive)]), [method, 'GET'], [[200, 413], isBody('ok')]);
		}
	],
	['GET /ok, 304 dance', 1, (port) => expect(port, requestText('GET', '/ok', { 'if-none-match': '"nope"' }), ['GET'], [[200]])],
	// bad
	[
		'malformed path',
		3,
		(port) => expect(port, requestText('GET', ['/%C0%AE', '/%', '/files/%FF', '/ok%'][random(4)]!), ['GET'], [[400]])
	],
	[
		'odd path',
		2,
		(port) => expect(port, requestText('GET', ['//ok', '/./ok', '/../ok', '/ok%00', '/%2e%2e/ok'][random(5)]!), ['GET'], [[200, 404]])
	],
	['unknown method', 1, (port) => expect(port, requestText('FOO', '/ok'), ['FOO'], [[400]])],
	['MOVE without fallback', 1, (port) => expect(port, requestText('MOVE', '/methods/get-only'), ['MOVE'], [[405]])],
	[
		'declared over the limit',
		2,
		(port) => expect(port, requestText('POST', '/echo', { 'content-length': '10000000' }, body(100)), ['POST'], [[413]])
	],
	[
		'lying content-length + FIN',
		1,
		(port) => expect(port, requestText('POST', '/echo', { 'content-length': '5000' }, body(100)), ['POST'], [[400]], { end: true })
	],
	[
		'truncated chunked + FIN',
		1,
		(port) =>
			expect(port, requestText('POST', '/echo', { 'transfer-encoding': 'chunked' }, '5\r\nhello\r\n'), ['POST'], [[400]], {
				end: true
			})
	],
	['20 KB header', 1, (port) => expect(port, requestText('GET', '/ok', { 'x-big': body(20_000) }), ['GET'], [[431]])],
	[
		'hostile Accept',
		2,
		(port) =>
			expect(
				port,
				requestText('GET', '/teapot', { accept: `${'text/html;q=0.5,'.repeat(600)}${';'.repeat(4000)}` }),
				['GET'],
				[[418]]
			)
	],
	[
		'CR/LF redirect',
		1,
		(port) =>
			expect(
				port,
				requestText('GET', '/crlf/redirect-kit', { accept: '*/*' }),
				['GET'],
				[isStatusBody(500, '{"message":"Internal Error"}')]
			)
	],
	[
		'route throws',
		3,
		(port) => {
			const name = ['throw-null', 'throw-proxy', 'throw-getters', 'return-object', 'reject-later', 'throw-circular'][random(6)]!;
			return expect(
				port,
				requestText('GET', `/fail/${name}`, { accept: '*/*' }),
				['GET'],
				[isStatusBody(500, '{"message":"Internal Error"}')]
			);
		}
	],
	[
		'stream fails after headers',
		1,
		(port) => expect(port, requestText('GET', '/fail/error-after-headers'), ['GET'], [[200]], { allowTruncated: true })
	],
	// abandoned
	['abandon SSE', 3, (port) => aborted(abandon(port, requestText('GET', '/wait/sse', keepAlive)))],
	['abandon stream', 3, (port) => aborted(abandon(port, requestText('GET', '/wait/stream', keepAlive)))],
	['abandon waiting handler', 2, (port) => aborted(abandon(port, requestText('GET', '/wait/abort', keepAlive), 10 + random(40)))],
	[
		'abandon upload',
		2,
		(port) =>
			aborted(
				abandon(port, requestText('POST', '/wait/body', { ...keepAlive, 'content-length': '100000' }, body(5000)), 10 + random(40))
			)
	]
];

function isStatusBody(status: number, text: string) {
	return (res: ParsedResponse) => res.status === status && res.body.toString() === text;
}

const TOTAL_WEIGHT = SCENARIOS.reduce((sum, [, weight]) => sum + weight, 0);
function pick(): [string, (port: number) => Promise<Outcome>] {
	let n = Math.random() * TOTAL_WEIGHT;
	for (const [name, weight, run] of SCENARIOS) {
		n -= weight;
		if (n < 0) return [name, run];
	}
	const [name, , run] = SCENARIOS[0]!;
	return [name, run];
}

// -- the run --------------------------------------------------------------------------------------

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const describe = (s: Sample) =>
	`rss ${mib(s.rss)}, heap ${mib(s.heapUsed)}, handles ${s.handles}, requests ${s.requests}, connections ${s.connections}, SSE timers ${s.timers}, streams ${s.streams}`;

const counts = { responses: 0, aborted: 0, errors: 0, byStatus: new Map<number, number>(), problems: new Map<string, number>() };
let crashed: string | undefined;

async function load(port: number, until: number, record: boolean): Promise<void> {
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (Date.now() < until && !crashed) {
				const [name, run] = pick();
				const outcome = await run(port);
				if (!record) continue;
				for (const status of outcome.statuses) counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
				counts.responses += outcome.statuses.length;
				if (outcome.aborted) counts.aborted += 1;
				if (outcome.problem) {
					counts.errors += 1;
					const key = `${name}: ${outcome.problem}`;
					counts.problems.set(key, (counts.problems.get(key) ?? 0) + 1);
				}
			}
		})
	);
}

const server = await startChild({ KIT_ENDPOINTS_IMPL: args.src ? 'src' : 'dist' });
let stopping = false;
server.child.once('exit', (code, signal) => {
	if (!stopping) crashed = `the server process exited (code ${code}, signal ${signal})`;
});
console.log(
	`soak: ${SECONDS} s, concurrency ${CONCURRENCY}, kit-endpoints from ${args.src ? 'src' : 'dist'}, server pid ${server.child.pid} on 127.0.0.1:${server.port}`
);

// warm-up (not counted): first-use allocations are not growth
await load(server.port, Date.now() + Math.min(5000, SECONDS * 100), false);
const start = await server.sample();
console.log(`start: ${describe(start)}`);

const began = Date.now();
const end = began + SECONDS * 1000;
const progress = setInterval(() => {
	const elapsed = (Date.now() - began) / 1000;
	console.log(
		`  ${elapsed.toFixed(0).padStart(4)} s  ${counts.responses + counts.aborted} requests (${((counts.responses + counts.aborted) / elapsed).toFixed(0)}/s), errors ${counts.errors}`
	);
}, 10_000);
await load(server.port, end, true);
clearInterval(progress);

let finish: Sample | undefined;
if (!crashed) finish = await server.sample().catch(() => undefined);
stopping = true;
await server.stop();

const elapsed = (Date.now() - began) / 1000;
console.log(
	`\nrequests: ${counts.responses + counts.aborted} in ${elapsed.toFixed(0)} s (${((counts.responses + counts.aborted) / elapsed).toFixed(0)}/s): ${counts.responses} responses, ${counts.aborted} abandoned by the client`
);
console.log(
	`by status: ${[...counts.byStatus]
		.sort(([a], [b]) => a - b)
		.map(([status, n]) => `${status}: ${n}`)
		.join(', ')}`
);
console.log(`errors: ${counts.errors}`);
for (const [problem, n] of [...counts.problems].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${n} × ${problem}`);
console.log(`start: ${describe(start)}`);
if (finish) {
	console.log(`end:   ${describe(finish)}`);
	console.log(
		`server: handleError calls ${finish.handleErrors - start.handleErrors}, console lines ${finish.logged - start.logged}, host error handler ${finish.hostErrors - start.hostErrors}`
	);
}

const failures: string[] = [];
if (crashed) failures.push(crashed);
if (!finish && !crashed) failures.push('the server did not answer the final sample');
if (counts.errors) failures.push(`${counts.errors} requests went wrong`);
if (finish) {
	if (finish.handles > start.handles) failures.push(`active handles grew ${start.handles} → ${finish.handles}`);
	if (finish.requests > start.requests) failures.push(`active requests grew ${start.requests} → ${finish.requests}`);
	if (finish.connections > 0) failures.push(`${finish.connections} connections still open`);
	if (finish.timers > 0 || finish.streams > 0) failures.push(`${finish.timers} SSE timers and ${finish.streams} streams still running`);
	if (finish.hostErrors > start.hostErrors)
		failures.push(`${finish.hostErrors - start.hostErrors} errors reached the host's error handler`);
	if (finish.heapUsed - start.heapUsed > HEAP_TOLERANCE)
		failures.push(`heap grew by ${mib(finish.heapUsed - start.heapUsed)} (tolerance ${mib(HEAP_TOLERANCE)})`);
	if (finish.rss - start.rss > RSS_TOLERANCE)
		failures.push(`RSS grew by ${mib(finish.rss - start.rss)} (tolerance ${mib(RSS_TOLERANCE)})`);
}
console.log(
	failures.length
		? `\nFAIL\n  - ${failures.join('\n  - ')}`
		: '\nOK: nothing grew, nothing crashed, every request got the answer it should'
);
process.exit(failures.length ? 1 : 0);
