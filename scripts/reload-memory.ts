/**
 * Heap growth per development reload, through Vite's module runner and through the Node loader:
 * a small app (a route importing a `$lib` module of some size) is edited N times, each edit
 * waited for through HTTP, and the heap measured after a full GC before and after.
 *
 *   node --expose-gc --import tsx scripts/reload-memory.ts vite [N]
 *   node --expose-gc --import tsx scripts/reload-memory.ts node [N]
 *
 * Run one loader per process: the numbers are the process's heap.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { endpoints } from '../src/index.js';

const [loader = 'vite', count = '40'] = process.argv.slice(2);
const APP = fileURLToPath(new URL(`../test/fixtures/.tmp-reload-memory-${process.pid}/`, import.meta.url));
const LIB = path.join(APP, 'src', 'lib', 'value.js');
const SOURCE = (value: number) =>
	`export const value = ${value};\nexport const table = Array.from({ length: 2000 }, (_, i) => ({ i, s: 'x'.repeat(20) + i }));\n`;

fs.mkdirSync(path.join(APP, 'src', 'routes', 'n'), { recursive: true });
fs.mkdirSync(path.dirname(LIB), { recursive: true });
fs.writeFileSync(path.join(APP, 'package.json'), '{ "type": "module", "private": true }\n');
fs.writeFileSync(path.join(APP, 'vite.config.js'), 'export default {};\n');
fs.writeFileSync(LIB, SOURCE(0));
fs.writeFileSync(
	path.join(APP, 'src', 'routes', 'n', '+server.js'),
	"import { value } from '$lib/value.js';\nexport const GET = () => new Response(String(value));\n"
);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
	gc();
	gc();
	return process.memoryUsage().heapUsed / 1048576;
};

const middleware = endpoints(path.join(APP, 'src', 'routes'), { dev: true, vite: loader === 'vite' });
const server = http.createServer((req, res) => middleware(req, res, () => res.end('404'))).listen(0, '127.0.0.1');
try {
	await middleware.ready;
	const { port } = server.address() as AddressInfo;
	const get = async () => (await fetch(`http://127.0.0.1:${port}/n`)).text();
	await get();
	const before = heap();
	const reloads = Number(count);
	for (let i = 1; i <= reloads; i++) {
		// an editor's pace: saves a little apart
		await new Promise((resolve) => setTimeout(resolve, 150));
		fs.writeFileSync(LIB, SOURCE(i));
		for (let tries = 0; (await get()) !== String(i); tries++) {
			if (tries > 400) throw new Error(`edit ${i} was not reloaded`);
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	}
	const after = heap();
	console.log(
		`${loader}: heap ${before.toFixed(1)} MiB after the first load, ${after.toFixed(1)} MiB after ${reloads} reloads ` +
			`(${(((after - before) / reloads) * 1024).toFixed(0)} KiB per reload)`
	);
} finally {
	server.close();
	fs.rmSync(APP, { recursive: true, force: true });
}
process.exit(0);
