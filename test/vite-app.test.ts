// A SvelteKit app whose +server files use what Vite gives them (test/fixtures/vite-app:
// import.meta.glob eager and lazy over markdown posts, a markdown plugin in its vite.config.js,
// ?raw, ?url, an image, JSON without attributes, a folder index import, kit.alias and Vite's
// resolve.alias, TypeScript with an enum), served by Express and Koa through Vite's module runner
// in development, against what real SvelteKit 2 answered to the same requests from `vite dev`:
// test/fixtures/vite-app.expected.json, which scripts/record-vite-app.ts records (and says how to
// re-run). test/vite-build.test.ts does the same for `kit-endpoints build` against SvelteKit's build.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './support/helpers.js';
import { describeHosts, type TestApp } from './support/hosts.js';
import { sendCase } from './support/recorded.js';
import { RECORDING, VITE_APP, VITE_OPTIONS, replay } from './support/vite-app.js';

describeHosts(
	'a SvelteKit app through Vite, in development, answers as `vite dev` does',
	(host) => {
		let t: TestApp;
		const nodeEnv = process.env.NODE_ENV;
		before(async function () {
			this.timeout(120_000);
			t = await host.createApp({
				routes: path.join(VITE_APP, 'src', 'routes'),
				options: { ...VITE_OPTIONS, dev: true },
				handleError: 'default'
			});
		});

		it('leaves NODE_ENV as it was (Vite sets it for the process)', () => {
			assert.equal(process.env.NODE_ENV, nodeEnv);
		});

		it(`every one of the ${RECORDING.dev.length} recorded answers`, async function () {
			this.timeout(60_000);
			const mismatches = await replay(t, RECORDING.dev);
			assert.deepEqual(mismatches, [], `${mismatches.length} answers differ from SvelteKit's:\n${mismatches.join('\n')}`);
		});
	},
	['express', 'koa']
);

describeHosts(
	'a SvelteKit app through Vite, in development, after an edit',
	(host) => {
		const copy = path.join(FIXTURES, `.tmp-vite-reload-${process.pid}`);
		let t: TestApp;
		before(async function () {
			this.timeout(120_000);
			fs.cpSync(VITE_APP, copy, { recursive: true });
			const options = { ...VITE_OPTIONS, hooks: path.join(copy, 'src', 'hooks.server.js'), env: { dir: copy }, dev: true };
			t = await host.createApp({ routes: path.join(copy, 'src', 'routes'), options, handleError: 'default' });
		});
		after(() => fs.rmSync(copy, { recursive: true, force: true }));

		const get = async (pathname: string) =>
			JSON.parse(
				(await sendCase(t.origin, { name: pathname, method: 'GET', path: pathname, via: 'endpoint' }, new Map())).body.toString()
			) as Record<string, unknown>;
		/** the answer to `pathname` once `changed` says it changed, within a few seconds */
		const until = async (pathname: string, changed: (body: Record<string, unknown>) => boolean) => {
			for (let tries = 0; tries < 100; tries++) {
				const body = await get(pathname);
				if (changed(body)) return body;
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			assert.fail(`${pathname} did not change after the edit`);
		};

		it('evaluates again only the edited module and what imports it: other modules keep their state', async function () {
			this.timeout(30_000);
			assert.deepEqual(await get('/visits'), { visits: 1 });
			assert.deepEqual(await get('/visits'), { visits: 2 });
			assert.equal((await get('/shop/apple')).price, '0.45 EUR');

			const shop = path.join(copy, 'src', 'lib', 'shop', 'index.js');
			fs.writeFileSync(shop, fs.readFileSync(shop, 'utf8').replace('cents: 45', 'cents: 50'));
			assert.equal((await until('/shop/apple', (body) => body.price !== '0.45 EUR')).price, '0.50 EUR');
			// $lib/visits.js was not touched: the same module, its count going on
			assert.deepEqual(await get('/visits'), { visits: 3 });
		});

		it('runs the app’s Vite plugins again on an edited file, and sees a file added to a glob', async function () {
			this.timeout(30_000);
			const post = path.join(copy, 'src', 'posts', 'hello-vite.md');
			fs.writeFileSync(post, fs.readFileSync(post, 'utf8').replace('title: Hello, Vite', 'title: Hello again'));
			const edited = await until('/blog/hello-vite', (body) => body.title !== 'Hello, Vite');
			assert.equal(edited.title, 'Hello again');

			fs.writeFileSync(
				path.join(copy, 'src', 'posts', 'new-post.md'),
				'---\ntitle: A new post\ndate: 2026-04-01\n---\n\nJust added.\n'
			);
			const listed = await until('/blog', (body) => JSON.stringify(body).includes('new-post'));
			assert.deepEqual(
				(listed as unknown as Array<{ slug: string }>).map((post) => post.slug),
				['new-post', 'markdown-posts', 'hello-vite']
			);
		});
	},
	['express']
);

describe('a SvelteKit 3 app through Vite', () => {
	const app = path.join(FIXTURES, 'kit3', 'vite-app');
	let t: TestApp;
	describeHosts(
		'$app/env, the variables src/env declares, #lib, a glob and a plugin',
		(host) => {
			before(async function () {
				this.timeout(120_000);
				t = await host.createApp({
					routes: path.join(app, 'src', 'routes'),
					options: { env: { dir: app } },
					handleError: 'default'
				});
			});

			it('answers with what SvelteKit 3 gives its route files', async () => {
				const reply = await sendCase(
					t.origin,
					{ name: 'api', method: 'GET', path: '/api', headers: { accept: '*/*' }, via: 'endpoint' },
					new Map()
				);
				assert.equal(reply.status, 200, reply.body.toString());
				assert.deepEqual(JSON.parse(reply.body.toString()), {
					dev: false,
					greeting: 'hello',
					name: 'kit 3 through Vite',
					words: ['glob', 'alias', 'env'],
					note: 'QUIET WORDS\n',
					data: [
						{ id: 1, name: 'one' },
						{ id: 2, name: 'two' }
					]
				});
			});
		},
		['express']
	);
});

describe('a route tree with problems, through Vite', () => {
	const copy = path.join(FIXTURES, `.tmp-vite-broken-${process.pid}`);
	before(() => {
		fs.cpSync(VITE_APP, copy, { recursive: true });
		fs.mkdirSync(path.join(copy, 'src', 'routes', 'bad'));
		// an export SvelteKit's build refuses, found once Vite has loaded the file
		fs.writeFileSync(
			path.join(copy, 'src', 'routes', 'bad', '+server.js'),
			'export const load = () => ({});\nexport const GET = () => new Response("x");\n'
		);
	});
	after(() => fs.rmSync(copy, { recursive: true, force: true }));

	it('fails at start-up, naming the file', async function () {
		this.timeout(120_000);
		const { endpoints, RouteTreeError } = await import('../src/index.js');
		const middleware = endpoints(path.join(copy, 'src', 'routes'), { env: { dir: copy } });
		const error = await middleware.ready.then(
			() => assert.fail('the tree loaded'),
			(error: unknown) => error
		);
		assert.ok(error instanceof RouteTreeError, String(error));
		assert.match(error.message, /Invalid export 'load' in .*\.tmp-vite-broken-\d+\/src\/routes\/bad\/\+server\.js/);
	});
});
