// The package as users get it: through its exports map, from ESM, CommonJS and TypeScript.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = (args: string[], cwd = root) =>
	execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the published package', () => {
	for (const entry of ['kit-endpoints', 'kit-endpoints/koa']) {
		it(`${entry}: require() and import give the same exports`, () => {
			const script = (load: string) => `${load}.then((m) => console.log(Object.keys(m).sort().join(',')))`;
			const esm = node(['--input-type=module', '-e', script(`import('${entry}')`)]);
			const cjs = node(['-e', script(`Promise.resolve(require('${entry}'))`)]);
			assert.equal(cjs, esm);
			assert.match(esm, /\bendpoints\b.*\berror\b.*\bjson\b/);
		});
	}

	it('exposes nothing but its entry points', () => {
		assert.throws(
			() => node(['--input-type=module', '-e', "await import('kit-endpoints/dist/core/core.js')"]),
			/ERR_PACKAGE_PATH_NOT_EXPORTED/
		);
	});

	it('its declarations need neither Express nor Koa types', () => {
		const files = fs.readdirSync(path.join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
		assert.ok(files.length > 5);
		for (const file of files) {
			const text = fs.readFileSync(path.join(root, 'dist', file), 'utf8');
			assert.doesNotMatch(text, /from ['"](express|koa|@types\/[\w-]+)['"]/, file);
		}
	});

	for (const resolution of ['node16', 'nodenext', 'bundler'] as const) {
		it(`type-checks a user's +server.ts and app under moduleResolution ${resolution}`, function () {
			this.timeout(60_000);
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-types-'));
			try {
				fs.mkdirSync(path.join(dir, 'node_modules'));
				fs.symlinkSync(root, path.join(dir, 'node_modules', 'kit-endpoints'), 'dir');
				const module = resolution === 'bundler' ? 'esnext' : resolution;
				fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
				fs.writeFileSync(
					path.join(dir, 'tsconfig.json'),
					JSON.stringify({
						compilerOptions: {
							strict: true,
							noEmit: true,
							module,
							moduleResolution: resolution,
							target: 'es2022',
							types: ['node'],
							typeRoots: [path.join(root, 'node_modules', '@types')]
						}
					})
				);
				fs.writeFileSync(
					path.join(dir, 'server.ts'),
					`import type { RequestHandler, RequestEvent } from 'kit-endpoints';
import { endpoints, error, json } from 'kit-endpoints';
import { endpoints as koaEndpoints } from 'kit-endpoints/koa';
import { createServer } from 'node:http';

export const GET: RequestHandler<{ id: string }> = ({ params, url, cookies }) => {
	if (!params.id) error(404, 'no id');
	cookies.set('seen', url.pathname, { path: '/' });
	return json({ id: params.id.toUpperCase() });
};

export async function POST(event: RequestEvent): Promise<Response> {
	const body: unknown = await event.request.json();
	return json(body);
}

const middleware = endpoints('src/routes', { bodySizeLimit: '1M', csrf: { trustedOrigins: [] } });
createServer((req, res) => middleware(req, res, () => res.end()));
void middleware.ready;
void koaEndpoints('src/routes').ready;
`
				);
				execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});
	}
});
