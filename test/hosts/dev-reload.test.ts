// `dev: true`: edits to route files, matchers, $lib and hooks apply on the next request without
// a restart; a broken edit is reported until an edit fixes it; production loads once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { FIXTURES, call, captureConsole } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

const LOADS = Symbol.for('kit-endpoints.test.loads');

/** each app gets its own copy, inside the repo so that its imports find node_modules */
function copyApp(name: string): string {
	const dir = path.join(FIXTURES, `.tmp-${name}-${process.pid}`);
	fs.rmSync(dir, { recursive: true, force: true });
	const write = (file: string, text: string) => {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.writeFileSync(path.join(dir, file), text);
	};
	write(
		'src/routes/greet/+server.js',
		`import { greeting } from '$lib/greeting';\nexport const GET = () => new Response(greeting + ' v1');\n`
	);
	write('src/lib/greeting.js', `export const greeting = 'hello';\n`);
	write('src/routes/item/[id=small]/+server.js', `export const GET = ({ params }) => new Response('item ' + params.id);\n`);
	write('src/params/small.js', `export const match = (param) => param.length === 1;\n`);
	write(
		'src/hooks.server.js',
		`export const handle = async ({ event, resolve }) => {\n\tconst response = await resolve(event);\n\tresponse.headers.set('x-hook', 'one');\n\treturn response;\n};\n`
	);
	return dir;
}

/** asks until the answer matches: file events take a moment to arrive */
async function eventually(t: TestApp, url: string, expected: RegExp | number): Promise<void> {
	const deadline = Date.now() + 5000;
	let last = '';
	while (Date.now() < deadline) {
		const res = await call(request(t.app).get(url));
		last = `${res.status} ${res.text} x-hook=${res.headers['x-hook']}`;
		if (typeof expected === 'number' ? res.status === expected : expected.test(last)) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	assert.fail(`GET ${url} never answered ${expected}; last: ${last}`);
}

describeHosts(
	'dev reloading',
	(host) => {
		let dir: string;
		let t: TestApp;
		const edit = (file: string, text: string) => {
			fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			fs.writeFileSync(path.join(dir, file), text);
		};
		before(async () => {
			dir = copyApp(`dev-${host.name}`);
			const src = path.join(dir, 'src');
			t = await host.createApp({
				routes: path.join(src, 'routes'),
				options: { dev: true, hooks: path.join(src, 'hooks.server.js') }
			});
		});
		after(() => fs.rmSync(dir, { recursive: true, force: true }));

		it('serves the app as first read', async () => {
			await eventually(t, '/greet', /^200 hello v1 x-hook=one$/);
		});

		it('a route file edit applies on the next request', async () => {
			edit(
				'src/routes/greet/+server.js',
				`import { greeting } from '$lib/greeting';\nexport const GET = () => new Response(greeting + ' v2');\n`
			);
			await eventually(t, '/greet', /^200 hello v2/);
		});

		it('so does a $lib edit', async () => {
			edit('src/lib/greeting.js', `export const greeting = 'bonjour';\n`);
			await eventually(t, '/greet', /^200 bonjour v2/);
		});

		it('a new route appears, a removed one goes', async () => {
			edit('src/routes/added/+server.js', `export const GET = () => new Response('added');\n`);
			await eventually(t, '/added', /^200 added/);
			fs.rmSync(path.join(dir, 'src/routes/added'), { recursive: true });
			await eventually(t, '/added', 404);
		});

		it('a matcher edit applies', async () => {
			await eventually(t, '/item/ab', 404);
			edit('src/params/small.js', `export const match = (param) => param.length <= 2;\n`);
			await eventually(t, '/item/ab', /^200 item ab/);
		});

		it('a hooks edit applies', async () => {
			edit(
				'src/hooks.server.js',
				`export const handle = async ({ event, resolve }) => {\n\tconst response = await resolve(event);\n\tresponse.headers.set('x-hook', 'two');\n\treturn response;\n};\n`
			);
			await eventually(t, '/greet', /x-hook=two$/);
		});

		it('data files written under src/ do not reload the app', async () => {
			await eventually(t, '/greet', /^200 bonjour v2/);
			// each evaluation of $lib/greeting counts itself
			edit(
				'src/lib/greeting.js',
				`export const greeting = 'salut';\nconst key = Symbol.for('kit-endpoints.test.loads');\nglobalThis[key] = (globalThis[key] ?? 0) + 1;\n`
			);
			await eventually(t, '/greet', /^200 salut v2/);
			const loads = (globalThis as Record<symbol, number>)[LOADS];
			for (const file of ['src/lib/data.txt', 'src/uploads/photo.png', 'src/app.log']) edit(file, 'data');
			await new Promise((resolve) => setTimeout(resolve, 300));
			await eventually(t, '/greet', /^200 salut v2/);
			assert.equal((globalThis as Record<symbol, number>)[LOADS], loads);
		});

		it('a second middleware of the same app reloads to the same code', async () => {
			const other = await host.createApp({
				routes: path.join(dir, 'src', 'routes'),
				options: { dev: true, hooks: path.join(dir, 'src', 'hooks.server.js') }
			});
			edit('src/routes/greet/+server.js', `export const GET = () => new Response('both v4');\n`);
			await eventually(t, '/greet', /^200 both v4/);
			await eventually(other, '/greet', /^200 both v4/);
			edit('src/routes/greet/+server.js', `export const GET = () => new Response('both v5');\n`);
			await eventually(other, '/greet', /^200 both v5/);
			await eventually(t, '/greet', /^200 both v5/);
			await other.close();
		});

		it('a broken edit fails only its route, logged at its reload, until an edit fixes it', async () => {
			const { output } = await captureConsole(async () => {
				edit('src/routes/greet/+server.js', `export const GET = () => new Response('oops' v3);\n`);
				await eventually(t, '/greet', 500);
				// the other routes serve on
				await eventually(t, '/item/a', /^200 item a/);
			});
			assert.match(output, /greet\/\+server\.js failed to import, so \/greet answers 500 until it is fixed: SyntaxError/);
			assert.deepEqual(t.hostErrors, [], 'the host error handler saw nothing');
			edit('src/routes/greet/+server.js', `export const GET = () => new Response('fixed');\n`);
			await eventually(t, '/greet', /^200 fixed/);
			await eventually(t, '/item/a', /^200 item a/);
		});
	},
	['express', 'koa']
);

describeHosts(
	'production loads once',
	(host) => {
		let dir: string;
		let t: TestApp;
		before(async () => {
			dir = copyApp(`prod-${host.name}`);
			t = await host.createApp({ routes: path.join(dir, 'src', 'routes'), options: { dev: false } });
		});
		after(() => fs.rmSync(dir, { recursive: true, force: true }));

		it('ignores edits', async () => {
			await eventually(t, '/greet', /^200 hello v1/);
			fs.writeFileSync(path.join(dir, 'src/routes/greet/+server.js'), `export const GET = () => new Response('changed');\n`);
			await new Promise((resolve) => setTimeout(resolve, 300));
			await eventually(t, '/greet', /^200 hello v1/);
		});
	},
	['express']
);
