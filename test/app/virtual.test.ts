// SvelteKit's virtual imports in route files: $lib, $env/*, $app/environment, $app/server,
// @sveltejs/kit/hooks, Vite-style specifiers and ./$types, through the module hooks.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sequence } from '../../src/app/kit-hooks.js';
import { registerApp } from '../../src/app/register.js';
import { requestStoreEnabled, runWithEvent, runtime } from '../../src/app/runtime.js';
import type { RequestEvent } from '../../src/types.js';

const APP = fileURLToPath(new URL('../fixtures/app-kit/', import.meta.url));
const SRC = path.join(APP, 'src');

const importRoute = async (file: string): Promise<Record<string, any>> =>
	import(pathToFileURL(path.join(SRC, file)).href) as Promise<Record<string, any>>;

const fakeEvent = (name: string) => ({ name }) as unknown as RequestEvent;

describe('app: virtual imports in route files', () => {
	let id: string;
	let seen: Record<string, any>;

	before(async () => {
		// set before registering: the env is read once, at registration
		process.env.PROCESS_WINS = 'process.env';
		try {
			id = registerApp({
				root: SRC,
				lib: path.join(SRC, 'lib'),
				dev: false,
				version: 'version-1',
				env: { dir: APP, publicPrefix: 'PUBLIC_', privatePrefix: '' }
			});
		} finally {
			delete process.env.PROCESS_WINS;
		}
		seen = (await importRoute('routes/api/+server.ts'))._seen;
	});

	it('registers one app per config: the same config gives the same id', () => {
		process.env.PROCESS_WINS = 'process.env';
		try {
			const again = registerApp({
				root: SRC,
				lib: path.join(SRC, 'lib'),
				dev: false,
				version: 'another version',
				env: { dir: APP, publicPrefix: 'PUBLIC_', privatePrefix: '' }
			});
			assert.equal(again, id);
		} finally {
			delete process.env.PROCESS_WINS;
		}
		// the first version stays: modules that imported $app/environment keep it anyway
		assert.equal(runtime().apps.get(id)?.version, 'version-1');
	});

	it('$lib: extensionless, .js for a .ts file, and the directory index', () => {
		assert.deepEqual(seen.db, { token: 'from-env', kind: 'db.ts' });
		assert.equal(seen.tools, 'tools.ts');
		assert.equal(seen.name, 'lib index');
	});

	it('$env/static/private and $env/static/public, split by PUBLIC_', () => {
		assert.equal(seen.staticPrivate.PRIVATE_TOKEN, 'from-env');
		assert.equal(seen.staticPrivate.PUBLIC_GREETING, undefined);
		assert.deepEqual({ ...seen.staticPublic }, { PUBLIC_GREETING: 'hello' });
	});

	it('.env precedence by mode (production when not dev), process.env winning over all', () => {
		const env = seen.staticPrivate;
		assert.equal(env.SHARED, '.env');
		assert.equal(env.LOCAL_WINS, '.env.local');
		assert.equal(env.MODE_WINS, '.env.production');
		assert.equal(env.MODE_LOCAL_WINS, '.env.production.local');
		assert.equal(env.ONLY_IN, 'production');
		assert.equal(env.PROCESS_WINS, 'process.env');
		assert.equal(env.REFERENCE, 'from-env-and-hello');
		assert.equal(env.ESCAPED, '$PRIVATE_TOKEN');
		assert.equal(env.WITH_DEFAULT, 'fallback');
	});

	it('$env/static/* leave out names that cannot be exports, as SvelteKit does', () => {
		assert.equal('class' in seen.staticPrivate, false);
		assert.equal(seen.dynamicPrivate.class, 'reserved-word');
	});

	it('$env/dynamic/private and /public read the app entry of the registry', () => {
		const app = runtime().apps.get(id)!;
		assert.equal(seen.dynamicPrivate, app.env.private);
		assert.equal(seen.dynamicPublic, app.env.public);
		assert.equal(seen.dynamicPrivate.PRIVATE_TOKEN, 'from-env');
		assert.equal(seen.dynamicPrivate.PUBLIC_GREETING, undefined);
		assert.equal(seen.dynamicPublic.PUBLIC_GREETING, 'hello');
		assert.equal(seen.dynamicPublic.PRIVATE_TOKEN, undefined);
	});

	it('$app/environment', () => {
		assert.deepEqual({ ...seen.environment }, { browser: false, building: false, dev: false, version: 'version-1' });
	});

	it('extensionless relative imports, directory indexes and .js files', () => {
		assert.equal(seen.helper, 'helper.ts');
		assert.equal(seen.dir, 'dir/index.ts');
		assert.equal(seen.plain, 'plain.js');
	});

	it('$lib in a param matcher', async () => {
		const matcher = await importRoute('params/even.ts');
		assert.equal(matcher._lib, 'lib index');
		assert.equal(matcher.match('4'), true);
	});

	it('./$types, as a type-only import and as the empty import type stripping leaves', async () => {
		const typed = await importRoute('routes/typed/+server.ts');
		assert.equal(await (typed.GET() as Response).text(), 'typed');
		const typedJs = await importRoute('routes/typed-js/+server.js');
		assert.equal(await (typedJs.GET() as Response).text(), 'typed-js');
	});

	it('other SvelteKit virtual modules fail with a clear message', async () => {
		await assert.rejects(importRoute('routes/unsupported/+server.ts'), (error: NodeJS.ErrnoException) => {
			assert.equal(error.code, 'ERR_MODULE_NOT_FOUND');
			assert.match(error.message, /Cannot find module '\$app\/paths'.*kit-endpoints provides \$lib/);
			return true;
		});
	});

	describe('$app/server', () => {
		let route: Record<string, any>;
		before(async () => {
			route = await importRoute('routes/event/+server.ts');
		});

		it('importing it switches the request store on', () => {
			assert.equal(requestStoreEnabled(), true);
		});

		it('getRequestEvent() inside runWithEvent, also after an await', async () => {
			const event = fakeEvent('event');
			const result = await runWithEvent(event, () => route.GET());
			assert.equal(result.now, event);
			assert.equal(result.afterAwait, event);
		});

		it('concurrent requests each see their own event', async () => {
			const events = [fakeEvent('a'), fakeEvent('b'), fakeEvent('c')];
			const results = await Promise.all(events.map((event) => runWithEvent(event, () => route.GET())));
			results.forEach((result, i) => assert.equal(result.afterAwait, events[i]));
		});

		it("getRequestEvent() outside a request throws SvelteKit's error", () => {
			assert.throws(() => route._getRequestEvent(), {
				message:
					'Can only read the current request event inside functions invoked during `handle`, such as server `load` functions, actions, endpoints, and other server hooks.'
			});
		});

		it('read and the remote functions import, and throw when called', () => {
			for (const [name, fn] of Object.entries(route._unsupported as Record<string, () => unknown>)) {
				assert.equal(typeof fn, 'function', name);
				assert.throws(() => fn(), new RegExp(`\`${name}\` from \\$app/server is not supported by kit-endpoints`));
			}
			assert.throws(() => route._unsupported.query.batch(), /`query.batch` from \$app\/server is not supported/);
		});
	});

	describe('@sveltejs/kit/hooks', () => {
		it("resolves to kit-endpoints' sequence, which works without kit's request store", async () => {
			const route = await importRoute('routes/hooks/+server.ts');
			assert.match(route._url, /\/(?:src|dist)\/app\/kit-hooks\.[jt]s$/);
			const kitHooks = await import('@sveltejs/kit/hooks');
			assert.notEqual(route._sequence, kitHooks.sequence);
			const handle = route._sequence(({ event, resolve }: any) => resolve(event));
			const response = await handle({ event: fakeEvent('e'), resolve: async () => new Response('through') });
			assert.equal(await response.text(), 'through');
		});

		it('runs handlers in order, each resolve calling the next, the last the real resolve', async () => {
			const log: string[] = [];
			const handler =
				(name: string) =>
				async ({ event, resolve }: any) => {
					log.push(`${name} before`);
					const response = await resolve(event);
					log.push(`${name} after`);
					return response;
				};
			const handle = sequence(handler('first'), handler('second'), handler('third'));
			const response = await handle({
				event: fakeEvent('e'),
				resolve: async () => {
					log.push('resolve');
					return new Response('done');
				}
			});
			assert.equal(await response.text(), 'done');
			assert.deepEqual(log, [
				'first before',
				'second before',
				'third before',
				'resolve',
				'third after',
				'second after',
				'first after'
			]);
		});

		it('passes on the event each handler gives, and getRequestEvent() returns the one a handler got', async () => {
			const { getRequestEvent } = await import('../../src/app/runtime.js');
			const outer = fakeEvent('outer');
			const inner = fakeEvent('inner');
			const got: unknown[] = [];
			const handle = sequence(
				({ resolve }) => {
					got.push(getRequestEvent());
					return resolve(inner);
				},
				async ({ event, resolve }) => {
					got.push(event, getRequestEvent());
					await new Promise((done) => setTimeout(done, 1));
					got.push(getRequestEvent());
					return resolve(event);
				}
			);
			let resolved: unknown;
			await runWithEvent(outer, () =>
				handle({
					event: outer,
					resolve: async (event) => {
						resolved = event;
						return new Response();
					}
				})
			);
			assert.deepEqual(got, [outer, inner, inner, inner]);
			assert.equal(resolved, inner);
		});

		it('with no handlers, resolves straight away', async () => {
			const response = await sequence()({ event: fakeEvent('e'), resolve: async () => new Response('bare') });
			assert.equal(await response.text(), 'bare');
		});

		it('a handler that throws synchronously rejects', async () => {
			const handle = sequence(() => {
				throw new Error('boom');
			});
			await assert.rejects(async () => handle({ event: fakeEvent('e'), resolve: async () => new Response() }), /boom/);
		});
	});
});
