// Route lookup throughput on generated trees of 10 to 10,000 routes: the segment-trie lookup
// against SvelteKit's ordered regex scan over the same sorted table. Ratios matter, not
// absolute numbers. Run: npm run bench:routes
import fs from 'node:fs';
import { scanRoutes } from '../src/routes/scan.js';
import { createMatcher } from '../src/routes/match.js';
import { orderedScan, type Lookup } from './ordered-scan.js';
import { generateTree, samplePaths } from './generate.js';

function opsPerSecond(lookup: Lookup, paths: string[]): number {
	let sink = 0;
	const run = (rounds: number) => {
		const start = process.hrtime.bigint();
		for (let r = 0; r < rounds; r += 1) for (const p of paths) if (lookup(p)) sink += 1;
		return Number(process.hrtime.bigint() - start) / 1e9;
	};
	run(3); // warm up
	let rounds = 1;
	while (run(rounds) < 0.2) rounds *= 2;
	const samples = Array.from({ length: 5 }, () => (rounds * paths.length) / run(rounds)).sort((a, b) => a - b);
	if (sink < 0) console.log(sink);
	return samples[2]!;
}

const results: { count: number; same: number; spread: number; scan: number }[] = [];
let fixedPaths: string[] | undefined;
for (const count of [10, 100, 1000, 10000]) {
	const { root, routes: dir, ids } = generateTree(count);
	try {
		const { routes } = scanRoutes(dir);
		const trie = createMatcher(routes, {});
		const scan = orderedScan(routes);
		// the same paths at every size (the routes of the smallest tree, and misses) isolate
		// the cost of the table's size; paths spread over the whole tree add cache effects
		fixedPaths ??= samplePaths(ids);
		const spread = samplePaths(ids);
		for (const p of [...fixedPaths, ...spread]) {
			if (trie(p)?.route.id !== scan(p)?.route.id) throw new Error(`lookups disagree on ${p}`);
		}
		results.push({ count, same: opsPerSecond(trie, fixedPaths), spread: opsPerSecond(trie, spread), scan: opsPerSecond(scan, spread) });
	} finally {
		fs.rmSync(root, { recursive: true, force: true });
	}
}

const fmt = (n: number) => `${(n / 1e6).toFixed(2)}M/s`;
console.log('routes   trie, same paths   trie, spread paths   ordered scan, spread   trie/scan');
for (const r of results) {
	console.log(
		`${String(r.count).padEnd(8)} ${fmt(r.same).padStart(16)}   ${fmt(r.spread).padStart(18)}   ${fmt(r.scan).padStart(20)}   ${(r.spread / r.scan).toFixed(1).padStart(8)}x`
	);
}
const first = results[0]!;
const last = results[results.length - 1]!;
console.log(
	`\nlookup at ${last.count} routes: ${(last.same / first.same).toFixed(2)} x the speed at ${first.count} routes for the same paths, ` +
		`${(last.spread / first.spread).toFixed(2)} x for paths spread over the tree (target: >= 0.5)`
);
