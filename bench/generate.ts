// Writes a routes tree of about `count` endpoints: static, param and rest routes under shared
// prefixes, plus a few catch-alls at the root, like a large real app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function generateTree(count: number): { root: string; routes: string; ids: string[] } {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `kit-endpoints-${count}-`));
	const routes = path.join(root, 'routes');
	const ids = ['/[lang]/about', '/[...catchall]', '/api/[version]/status'];
	for (let i = 0; ids.length < count; i += 1) {
		const section = `section${i % 97}`;
		const kind = i % 3;
		ids.push(kind === 0 ? `/${section}/page${i}` : kind === 1 ? `/${section}/item${i}/[id]` : `/${section}/files${i}/[...path]`);
	}
	for (const id of ids) {
		const dir = path.join(routes, id);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, '+server.js'), 'export function GET() { return new Response("ok"); }\n');
	}
	return { root, routes, ids };
}

/** Paths that hit every kind of route, and some that miss. */
export function samplePaths(ids: string[], n = 1000): string[] {
	const paths: string[] = [];
	for (let k = 0; paths.length < n; k += 1) {
		const id = ids[(k * 7919) % ids.length]!;
		paths.push(
			id
				.replace('[lang]', 'en')
				.replace('[version]', 'v2')
				.replace('[id]', `x${k}`)
				.replace('[...path]', `a/b${k}.txt`)
				.replace('[...catchall]', `nowhere/${k}`)
		);
		if (k % 10 === 0) paths.push(`/section${k % 97}/missing${k}`);
	}
	return paths;
}
