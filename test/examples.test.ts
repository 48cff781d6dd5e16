import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import ts from 'typescript';
import { createApp } from '../examples/express/app.js';

describe('examples/express', () => {
	const app = createApp();

	it('serves the random number endpoint of the SvelteKit docs', async () => {
		const res = await request(app).get('/api/random-number?min=1&max=6').expect(200);
		const value = Number(res.text);
		assert.ok(value >= 1 && value <= 6, res.text);
	});

	it('answers bad input with the error the route throws, as JSON for API clients', async () => {
		const res = await request(app).get('/api/random-number?min=9&max=1').set('accept', '*/*').expect(400);
		assert.deepEqual(res.body, { message: 'min and max must be numbers, and min must be less than max' });
	});

	it('adds two numbers posted as JSON', async () => {
		const res = await request(app).post('/api/add').send({ a: 2, b: 3 }).expect(200);
		assert.equal(res.text, '5');
	});

	it('serves a param route with a matcher, and falls through when the matcher refuses', async () => {
		const res = await request(app).get('/api/items/1').expect(200);
		assert.deepEqual(res.body, { id: 1, name: 'Widget' });
		assert.equal(res.headers['cache-control'], 'max-age=60');
		await request(app).get('/api/items/abc').expect(404, 'No route for GET /api/items/abc');
	});

	it('renders thrown errors as the HTML error page for browsers', async () => {
		const res = await request(app).get('/api/teapot').set('accept', 'text/html').expect(418);
		assert.match(res.headers['content-type'] ?? '', /^text\/html/);
		assert.match(res.text, /I&#39;m a teapot|I'm a teapot/);
	});

	it('serves a TypeScript route that imports $lib and $app/environment, through the handle hook', async () => {
		const res = await request(app).get('/api/hello?name=Ada').expect(200);
		assert.deepEqual(res.body, { message: 'Hello, Ada! (app version 1.0.0)' });
		assert.match(res.headers['server-timing'] ?? '', /^endpoint;dur=\d+(\.\d)?$/);
	});

	it('type-checks against the types `kit-endpoints sync` writes', function () {
		this.timeout(60_000);
		const dir = fileURLToPath(new URL('../examples/express/', import.meta.url));
		execFileSync(process.execPath, [fileURLToPath(new URL('../dist/cli.js', import.meta.url)), 'sync', 'src/routes'], {
			cwd: dir,
			stdio: 'pipe'
		});
		const configFile = path.join(dir, 'tsconfig.json');
		const parsed = ts.parseJsonConfigFileContent(
			ts.readConfigFile(configFile, ts.sys.readFile).config,
			ts.sys,
			dir,
			undefined,
			configFile
		);
		assert.ok(
			parsed.fileNames.some((file) => file.endsWith('api/hello/+server.ts')),
			'the TypeScript route is checked'
		);
		const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
		const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map(
			(diagnostic) =>
				`${diagnostic.file ? path.relative(dir, diagnostic.file.fileName) : ''} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
		);
		assert.deepEqual(diagnostics, []);
	});

	it('keeps the legacy Express pages', async () => {
		await request(app).get('/legacy').expect(200, 'Served by a plain Express route, as before.');
		const page = await request(app).get('/').expect(200);
		assert.match(page.text, /fetch\('\/api\/add'/);
	});

	it('streams server-sent events with x-accel-buffering: no', async () => {
		const server = http.createServer(app).listen(0);
		try {
			const { port } = server.address() as AddressInfo;
			const first = await new Promise<{ type: string | undefined; accel: string | undefined; chunk: string }>((resolve, reject) => {
				const req = http.get({ port, path: '/api/clock' }, (res) => {
					res.once('data', (chunk: Buffer) => {
						resolve({
							type: res.headers['content-type'],
							accel: res.headers['x-accel-buffering'] as string | undefined,
							chunk: chunk.toString()
						});
						req.destroy();
					});
				});
				req.on('error', reject);
			});
			assert.equal(first.type, 'text/event-stream');
			assert.equal(first.accel, 'no');
			assert.match(first.chunk, /^data: \d{4}-\d\d-\d\dT/);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
