// Hardening §5: nothing accumulates. A few hundred requests that the client abandons mid-stream,
// mid-upload or while the handler waits, against the app in a child process started with
// --expose-gc: after GC its handles, requests, heap and the routes' timers are back at baseline.
import assert from 'node:assert/strict';
import { abandonments, startChild } from './child.js';

const MiB = 1024 * 1024;

async function run(jobs: (() => Promise<void>)[], total: number, concurrency: number): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < total) {
				const job = jobs[next++ % jobs.length]!;
				await job();
			}
		})
	);
}

describe('hardening: nothing accumulates', () => {
	let server: Awaited<ReturnType<typeof startChild>>;
	before(async function () {
		this.timeout(10_000);
		server = await startChild();
	});
	after(() => server.stop());

	it('400 abandoned requests leave handles, requests, heap and timers at baseline', async function () {
		this.timeout(9_000);
		const jobs = abandonments(server.port);
		// warm-up: first-use allocations (module caches, JIT) are not leaks
		await run(jobs, 100, 20);
		const before = await server.sample();
		await run(jobs, 400, 25);
		const after = await server.sample();

		const figures = `before ${JSON.stringify(before)}\nafter  ${JSON.stringify(after)}`;
		assert.equal(after.connections, 0, `connections still open\n${figures}`);
		assert.ok(after.handles <= before.handles, `active handles grew\n${figures}`);
		assert.ok(after.requests <= before.requests, `active requests grew\n${figures}`);
		assert.equal(after.timers, 0, `SSE timers still running\n${figures}`);
		assert.equal(after.streams, 0, `byte streams never cancelled\n${figures}`);
		assert.ok(
			after.heapUsed - before.heapUsed < 2 * MiB,
			`heap grew by ${((after.heapUsed - before.heapUsed) / MiB).toFixed(2)} MiB\n${figures}`
		);
		assert.equal(after.hostErrors, 0, `errors reached the host\n${figures}`);
	});
});
