// The Node loader (no Vite) on an app that uses what Vite gives route files: JSON without an
// import attribute, folder imports, the app's kit.alias; what only Vite can load fails its own
// route with a message that names the import, the file and the fix; and a route module that
// throws while it is imported fails only its route, answering as SvelteKit does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { renderErrorPage } from '../../src/error-page.js';
import type { HandleServerError } from '../../src/types.js';
import { call, captureConsole, FIXTURES, jsonOf, type HandleErrorInput } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

const APP = path.join(FIXTURES, 'app-node-loader');
const ROUTES = path.join(APP, 'src', 'routes');
// SvelteKit 2's own default page: the fixture has no error.html
const KIT_PAGE = fs.readFileSync(path.join(FIXTURES, '..', '..', 'node_modules/@sveltejs/kit/src/core/config/default-error.html'), 'utf8');

const FIX = /only Vite can load that\. Install Vite \(`npm install --save-dev vite`\): kit-endpoints then loads the app through it/;

describeHosts(
	'the Node loader on a SvelteKit app',
	(host) => {
		let t: TestApp;
		let startup: string;
		const handled: HandleErrorInput[] = [];
		let handleCalls = 0;
		const handleError: HandleServerError = (input) => {
			handled.push(input);
		};

		before(async () => {
			({ result: t, output: startup } = await captureConsole(() =>
				host.createApp({
					routes: ROUTES,
					handleError,
					options: {
						hooks: {
							handle: ({ event, resolve }) => {
								handleCalls++;
								return resolve(event);
							}
						}
					}
				})
			));
		});
		const get = (url: string, accept = 'application/json') => call(request(t.app).get(url).set('accept', accept));

		it('JSON without an import attribute: the value as default export, its keys as names', async () => {
			const res = await get('/json');
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), {
				data: { name: 'from $lib', count: 2, 'not-a-name': true, default: 'kept in the default export' },
				name: 'from $lib',
				count: 2,
				local: { local: 'beside the route' }
			});
		});

		it("'.' and '..' import the folder's index, as in Vite", async () => {
			const res = await get('/folder/sub');
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), { here: 'folder/sub/index.ts', parent: 'folder/index.js' });
		});

		it("the aliases of the app's svelte.config.js: a folder, `key/*` and `key` beside it", async () => {
			const res = await get('/alias');
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), { db: 'src/db/index.js', util: 'src/util/index.js', shouted: 'ALIAS!' });
		});

		it('the other routes serve, and the app is ready, whatever the broken ones', async () => {
			const res = await get('/ok', 'text/plain');
			assert.equal(res.status, 200);
			assert.equal(res.text, 'ok');
		});

		for (const route of ['/broken/reference', '/broken/unresolved']) {
			it(`${route}: a 500 through handleError, as JSON for a JSON client, before handle runs`, async () => {
				handled.length = 0;
				handleCalls = 0;
				const res = await get(route);
				assert.equal(res.status, 500);
				assert.deepEqual(jsonOf(res), { message: 'Internal Error' });
				assert.equal(handled.length, 1);
				const [input] = handled;
				assert.equal(input!.status, 500);
				assert.equal(input!.message, 'Internal Error');
				assert.equal(input!.event.route.id, route);
				assert.ok(input!.error instanceof Error);
				assert.match(
					String(input!.error),
					route.endsWith('reference') ? /ReferenceError: undefinedConfiguration/ : /not-there\.js/
				);
				// SvelteKit imports the module for its trailingSlash before handle
				assert.equal(handleCalls, 0);
			});

			it(`${route}: SvelteKit's own error page for a browser, with a trailing slash too`, async () => {
				for (const url of [route, `${route}/`]) {
					const res = await get(url, 'text/html');
					assert.equal(res.status, 500);
					assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
					assert.equal(res.text, renderErrorPage(KIT_PAGE, 500, 'Internal Error'));
				}
			});
		}

		it('at the base path, which needs no trailingSlash, the failure comes from resolve: handle runs', async () => {
			handled.length = 0;
			handleCalls = 0;
			const res = await get('/');
			assert.equal(res.status, 500);
			assert.deepEqual(jsonOf(res), { message: 'Internal Error' });
			assert.equal(handleCalls, 1);
			assert.equal(handled.length, 1);
			assert.equal(handled[0]!.event.route.id, '/');
		});

		it('each broken route is logged once at start-up, naming its file and route', () => {
			for (const route of ['broken/reference', 'broken/unresolved', 'vite/glob', 'vite/raw', 'vite/url', 'vite/webp', 'vite/css']) {
				const lines = startup
					.split('\n')
					.filter((line) => line.startsWith(`kit-endpoints: test/fixtures/app-node-loader/src/routes/${route}/+server.`));
				assert.equal(lines.length, 1, `${route} in:\n${startup}`);
				assert.match(lines[0]!, new RegExp(`failed to import, so /${route} answers 500 until it is fixed`));
			}
			assert.match(startup, /ReferenceError: undefinedConfiguration is not defined/);
		});

		it('what only Vite can load names the import, the importing file and the fix', () => {
			const line = (route: string) => startup.split('\n').find((text) => text.includes(`routes/${route}/+server.`)) ?? '';
			assert.match(
				line('vite/glob'),
				/it uses `import\.meta\.glob` \(in test\/fixtures\/app-node-loader\/src\/routes\/vite\/glob\/\+server\.js\)/
			);
			assert.match(
				line('vite/raw'),
				/`\.\/notes\.txt\?raw` is a `\?raw` import \(imported by test\/fixtures\/.*\/vite\/raw\/\+server\.js\)/
			);
			assert.match(line('vite/url'), /`\.\/worker\.js\?url` is a `\?url` import/);
			assert.match(
				line('vite/webp'),
				/`\.\/logo\.webp` imports a \.webp file, which is no module \(imported by .*\/vite\/webp\/\+server\.ts\)/
			);
			assert.match(line('vite/css'), /`\.\/style\.css` imports a \.css file/);
			for (const route of ['vite/glob', 'vite/raw', 'vite/url', 'vite/webp', 'vite/css']) assert.match(line(route), FIX);
			assert.doesNotMatch(line('vite/webp'), /TypeScript/);
		});

		it('a route Vite would serve answers 500 until then, as any route whose module failed', async () => {
			const res = await get('/vite/glob');
			assert.equal(res.status, 500);
			assert.deepEqual(jsonOf(res), { message: 'Internal Error' });
		});
	},
	['express', 'koa']
);
