// A SvelteKit 2 app's server side, unchanged: test/fixtures/sveltekit-app (src/routes, src/lib,
// src/params, src/hooks.server.ts, src/error.html, .env), written as for SvelteKit with
// adapter-node. `kit-endpoints sync` gives it the types SvelteKit's sync gives (it passes tsc
// through its own tsconfig.json), and under Express 5 and Koa 3 every endpoint answers as the
// same files do under SvelteKit (the expectations were taken from `vite build && vite preview`
// of this folder; where adapter-node differs from preview, as for the body size limit, the
// expectation is adapter-node's).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import request from 'supertest';
import type { Test } from 'supertest';
import ts from 'typescript';
import type { EndpointsOptions } from '../src/index.js';
import { FIXTURES, call, jsonOf, setCookies, type Reply } from './support/helpers.js';
import { describeHosts, type Host, type TestApp } from './support/hosts.js';

const APP = path.join(FIXTURES, 'sveltekit-app');
const ROUTES = path.join(APP, 'src', 'routes');
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** What a SvelteKit app's files and svelte.config.js give it; `version` is svelte.config.js's. */
const OPTIONS: EndpointsOptions = {
	hooks: path.join(APP, 'src', 'hooks.server.ts'),
	env: { dir: APP },
	version: '1.4.0',
	// the app's svelte.config.js imports adapter-node, which this repository does not install:
	// kit-endpoints' own loader, not Vite (test/vite-app.test.ts covers that path)
	vite: false
};

const PASSWORDS = { ada: 'analytical-engine', grace: 'cobol-1959' } as const;
const ADA = { id: 1, username: 'ada', name: 'Ada Lovelace', role: 'admin' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SERVER_TIMING = /^app;dur=\d+(\.\d+)?$/;

interface Todo {
	id: number;
	title: string;
	done: boolean;
	createdBy: number;
	createdAt: string;
	revision: number;
}

describe('sveltekit-app: kit-endpoints sync, then tsc', () => {
	const generated = path.join(APP, '.svelte-kit');

	before(async function () {
		this.timeout(60_000);
		await promisify(execFile)(process.execPath, [CLI, 'sync', 'src/routes'], { cwd: APP });
	});

	it('writes the files a SvelteKit tsconfig.json builds on', () => {
		for (const file of [
			'tsconfig.json',
			'ambient.d.ts',
			'types/src/routes/api/todos/$types.d.ts',
			'types/src/routes/api/todos/[id=integer]/$types.d.ts',
			'types/src/routes/api/greeting/[[lang]]/$types.d.ts',
			'types/src/routes/api/[...path]/$types.d.ts',
			'types/src/routes/todos/$types.d.ts'
		]) {
			assert.ok(fs.existsSync(path.join(generated, file)), `.svelte-kit/${file} is missing`);
		}
	});

	it('the app passes tsc through its own tsconfig.json', function () {
		this.timeout(120_000);
		const configFile = path.join(APP, 'tsconfig.json');
		const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
		assert.equal(error, undefined, error && ts.flattenDiagnosticMessageText(error.messageText, '\n'));
		const parsed = ts.parseJsonConfigFileContent(config, ts.sys, APP, undefined, configFile);
		// .svelte files are svelte-check's, not tsc's
		const rootNames = parsed.fileNames.filter((file) => !file.endsWith('.svelte'));

		// the include list comes from .svelte-kit/tsconfig.json: it must reach the app's files
		const relative = rootNames.map((file) => path.relative(APP, file).split(path.sep).join('/'));
		for (const file of [
			'src/app.d.ts',
			'src/hooks.server.ts',
			'src/params/integer.ts',
			'src/lib/server/auth.ts',
			'src/routes/api/todos/[id=integer]/+server.ts',
			'src/routes/api/dashboard/+server.ts'
		]) {
			assert.ok(relative.includes(file), `${file} is not in the program`);
		}

		const program = ts.createProgram({ rootNames, options: parsed.options, projectReferences: parsed.projectReferences });
		const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) => {
			const where = diagnostic.file ? `${path.relative(APP, diagnostic.file.fileName)}: ` : '';
			return `${where}TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
		});
		assert.deepEqual(diagnostics, []);
	});
});

// ---------------------------------------------------------------------------------------------

interface Cookie {
	name: string;
	value: string;
	/** attribute names in lower case; `true` for flags */
	attributes: Record<string, string | true>;
}

function parseSetCookie(line: string): Cookie {
	const [pair = '', ...rest] = line.split(/;\s*/);
	const equals = pair.indexOf('=');
	const attributes: Record<string, string | true> = {};
	for (const attribute of rest) {
		const at = attribute.indexOf('=');
		if (at === -1) attributes[attribute.toLowerCase()] = true;
		else attributes[attribute.slice(0, at).toLowerCase()] = attribute.slice(at + 1);
	}
	return { name: pair.slice(0, equals), value: pair.slice(equals + 1), attributes };
}

/** The `server-timing` header that the fixture's `timing` handle adds ('' if none). */
function serverTiming(reply: Reply): string {
	return String(reply.headers['server-timing'] ?? '');
}

function cookiesOf(reply: Reply): Cookie[] {
	return setCookies(reply).map(parseSetCookie);
}

function cookieNamed(reply: Reply, name: string): Cookie {
	const found = cookiesOf(reply).find((cookie) => cookie.name === name);
	assert.ok(found, `no set-cookie for ${name} in ${JSON.stringify(setCookies(reply))}`);
	return found;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

describeHosts(
	'a SvelteKit app served unchanged',
	(host: Host) => {
		let t: TestApp;
		let env: EnvSnapshot;

		before(async () => {
			// $env/dynamic/*: from the process environment as well as from .env
			env = setEnv({ REGION: 'eu-test', PUBLIC_ANNOUNCEMENT: 'Maintenance on Sunday' });
			t = await host.createApp({ routes: ROUTES, options: OPTIONS, handleError: 'default' });
		});
		after(() => env.restore());

		/** A request as an API client sends it (`Accept: *\/*`), with a cookie header if given. */
		function api(method: Method, url: string, cookie?: string): Test {
			const test = request(t.app)[method](url).set('accept', '*/*');
			return cookie === undefined ? test : test.set('cookie', cookie);
		}

		/** Signs in through POST /api/session; the `todo_session=<token>` pair to send back. */
		async function signIn(username: keyof typeof PASSWORDS): Promise<string> {
			const res = await call(api('post', '/api/session').send({ username, password: PASSWORDS[username] }));
			assert.equal(res.status, 200, res.text);
			const session = cookieNamed(res, 'todo_session');
			return `todo_session=${session.value}`;
		}

		async function createTodo(cookie: string, title: string): Promise<Todo> {
			const res = await call(api('post', '/api/todos', cookie).send({ title }));
			assert.equal(res.status, 201, res.text);
			return jsonOf(res) as Todo;
		}

		describe('init and handle', () => {
			it('init seeded the store before the first request', async () => {
				const res = await call(api('get', '/api/todos'));
				assert.equal(res.status, 200);
				assert.match(res.headers['content-type'] ?? '', /^application\/json/);
				const titles = (jsonOf(res) as Todo[]).map((todo) => todo.title);
				assert.ok(titles.includes('Write the migration guide'), titles.join(', '));
				assert.ok(titles.includes('Move /api/todos to a +server.ts file'), titles.join(', '));
			});

			it('the timing handle adds server-timing to what resolve returns, errors included', async () => {
				const ok = await call(api('get', '/api/health'));
				assert.match(serverTiming(ok), SERVER_TIMING);
				const notFound = await call(api('get', '/api/todos/999999'));
				assert.equal(notFound.status, 404);
				assert.match(serverTiming(notFound), SERVER_TIMING);
				const refused = await call(api('put', '/api/todos/1'));
				assert.equal(refused.status, 405);
				assert.match(serverTiming(refused), SERVER_TIMING);
			});

			it('the auth handle fills locals.user from the session cookie', async () => {
				const cookie = await signIn('ada');
				const res = await call(api('get', '/api/me', `${cookie}; theme=dark`));
				assert.equal(res.status, 200);
				assert.deepEqual(jsonOf(res), { user: ADA, theme: 'dark' });
			});

			it('without a session, locals.user is null and the route answers 401', async () => {
				const res = await call(api('get', '/api/me'));
				assert.equal(res.status, 401);
				assert.deepEqual(jsonOf(res), { message: 'Sign in first', code: 'UNAUTHENTICATED' });
				assert.deepEqual(setCookies(res), []);
			});

			it('a cookie set by handle (forgetting a stale session) stays on the error response of the route', async () => {
				const res = await call(api('get', '/api/me', 'todo_session=no-such-session'));
				assert.equal(res.status, 401);
				const cleared = cookieNamed(res, 'todo_session');
				assert.equal(cleared.value, '');
				assert.equal(cleared.attributes['max-age'], '0');
				assert.equal(cleared.attributes.path, '/');
			});

			it('handle turns away the admin API without a session: error() from handle, bare (timing never ran)', async () => {
				for (const url of ['/api/admin/stats', '/api/admin/no-such-thing']) {
					const res = await call(api('get', url));
					assert.equal(res.status, 401, url);
					assert.match(res.headers['content-type'] ?? '', /^application\/json/);
					assert.deepEqual(jsonOf(res), { message: 'Sign in to use the admin API', code: 'UNAUTHENTICATED' });
					assert.equal(res.headers['server-timing'], undefined);
				}
			});

			it('… and a browser gets src/error.html with the message', async () => {
				const res = await call(request(t.app).get('/api/admin/stats').set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8'));
				assert.equal(res.status, 401);
				assert.match(res.headers['content-type'] ?? '', /^text\/html/);
				assert.match(res.text, /<title>Sign in to use the admin API \| Todo Kit<\/title>/);
				assert.match(res.text, /<p class="status">Error 401<\/p>/);
			});

			it('past handle, getRequestEvent() in $lib/server/auth sees the user: 403 for a member, 200 for an admin', async () => {
				const member = await call(api('get', '/api/admin/stats', await signIn('grace')));
				assert.equal(member.status, 403);
				assert.deepEqual(jsonOf(member), { message: 'Only admins may do this', code: 'FORBIDDEN' });

				const admin = await call(api('get', '/api/admin/stats', await signIn('ada')));
				assert.equal(admin.status, 200);
				const stats = jsonOf(admin) as { users: number; sessions: number; todos: { total: number; done: number; open: number } };
				assert.equal(stats.users, 2);
				assert.ok(stats.sessions >= 2);
				assert.ok(stats.todos.total >= 3);
				assert.equal(stats.todos.done + stats.todos.open, stats.todos.total);
			});

			it('an admin reaches the /api catch-all below /api/admin', async () => {
				const res = await call(api('get', '/api/admin/no-such-thing', await signIn('ada')));
				assert.equal(res.status, 404);
				assert.deepEqual(jsonOf(res), { message: 'No API route for GET /api/admin/no-such-thing', code: 'NOT_FOUND' });
			});
		});

		describe('sessions and cookies', () => {
			it('signing in sets the session cookie with the options the route gives and SvelteKit’s defaults', async () => {
				const res = await call(api('post', '/api/session').send({ username: 'ada', password: PASSWORDS.ada }));
				assert.equal(res.status, 200);
				assert.deepEqual(jsonOf(res), ADA);
				const session = cookieNamed(res, 'todo_session');
				assert.match(session.value, UUID);
				assert.deepEqual(session.attributes, {
					'max-age': '604800',
					path: '/',
					httponly: true,
					samesite: 'Lax',
					// SvelteKit's default everywhere but http://localhost (this is 127.0.0.1)
					secure: true
				});
			});

			it('wrong credentials: 401 and no cookie', async () => {
				const res = await call(api('post', '/api/session').send({ username: 'ada', password: 'guess' }));
				assert.equal(res.status, 401);
				assert.deepEqual(jsonOf(res), { message: 'Wrong username or password', code: 'BAD_CREDENTIALS' });
				assert.deepEqual(setCookies(res), []);
			});

			it('signing out deletes the cookie and ends the session', async () => {
				const cookie = await signIn('grace');
				const res = await call(api('delete', '/api/session', cookie));
				assert.equal(res.status, 204);
				assert.equal(res.text, '');
				const cleared = cookieNamed(res, 'todo_session');
				assert.equal(cleared.value, '');
				assert.equal(cleared.attributes['max-age'], '0');
				const after = await call(api('get', '/api/me', cookie));
				assert.equal(after.status, 401);
			});

			it('PUT /api/me sets a cookie the browser may read (httpOnly: false)', async () => {
				const res = await call(api('put', '/api/me').send({ theme: 'dark' }));
				assert.equal(res.status, 204);
				const theme = cookieNamed(res, 'theme');
				assert.equal(theme.value, 'dark');
				assert.equal(theme.attributes['max-age'], '31536000');
				assert.equal(theme.attributes.path, '/');
				assert.equal(theme.attributes.httponly, undefined);
				assert.equal(theme.attributes.samesite, 'Lax');

				const wrong = await call(api('put', '/api/me').send({ theme: 'pink' }));
				assert.equal(wrong.status, 400);
				assert.deepEqual(jsonOf(wrong), { message: 'theme must be light, dark or system', code: 'INVALID_THEME' });
			});

			it('a cross-site form post is refused before handle or the route runs', async () => {
				const res = await call(
					request(t.app)
						.post('/api/session')
						.set('origin', 'https://evil.example')
						.set('accept', 'application/json')
						.type('form')
						.send({ username: 'ada', password: PASSWORDS.ada })
				);
				assert.equal(res.status, 403);
				assert.deepEqual(jsonOf(res), { message: 'Cross-site POST form submissions are forbidden' });
				assert.deepEqual(setCookies(res), []);
				assert.equal(res.headers['server-timing'], undefined);

				// from the app's own origin the form reaches the route, which wants JSON
				const same = await call(api('post', '/api/session').set('origin', t.origin).type('form').send({ username: 'ada' }));
				assert.equal(same.status, 400);
				assert.deepEqual(jsonOf(same), { message: 'The body is not valid JSON', code: 'INVALID_JSON' });
			});
		});

		describe('/api/todos', () => {
			it('GET filters with url.searchParams', async () => {
				const done = await call(api('get', '/api/todos?done=true'));
				assert.equal(done.status, 200);
				const doneTodos = jsonOf(done) as Todo[];
				assert.ok(doneTodos.length >= 1);
				assert.ok(doneTodos.every((todo) => todo.done));

				const search = await call(api('get', '/api/todos?q=LEGACY'));
				assert.deepEqual(
					(jsonOf(search) as Todo[]).map((todo) => todo.title),
					['Delete the legacy router']
				);

				const limited = await call(api('get', '/api/todos?limit=1'));
				assert.equal((jsonOf(limited) as Todo[]).length, 1);
			});

			it('GET with a bad query: 400 with the error() body', async () => {
				const limit = await call(api('get', '/api/todos?limit=abc'));
				assert.equal(limit.status, 400);
				assert.deepEqual(jsonOf(limit), { message: 'limit must be an integer from 1 to 100', code: 'INVALID_QUERY' });
				const done = await call(api('get', '/api/todos?done=maybe'));
				assert.equal(done.status, 400);
				assert.deepEqual(jsonOf(done), { message: 'done must be true or false', code: 'INVALID_QUERY' });
			});

			it('POST a JSON body: 201, the todo and its location, which GET then serves', async () => {
				const cookie = await signIn('ada');
				const res = await call(api('post', '/api/todos', cookie).send({ title: '  Buy milk  ' }));
				assert.equal(res.status, 201);
				const todo = jsonOf(res) as Todo;
				assert.equal(todo.title, 'Buy milk');
				assert.equal(todo.done, false);
				assert.equal(todo.createdBy, 1);
				assert.equal(todo.revision, 1);
				assert.equal(res.headers.location, `/api/todos/${todo.id}`);

				const again = await call(api('get', `/api/todos/${todo.id}`));
				assert.equal(again.status, 200);
				assert.deepEqual(jsonOf(again), todo);
			});

			it('POST without a session: 401 from requireUser()', async () => {
				const res = await call(api('post', '/api/todos').send({ title: 'Nobody’s todo' }));
				assert.equal(res.status, 401);
				assert.deepEqual(jsonOf(res), { message: 'Sign in first', code: 'UNAUTHENTICATED' });
			});

			it('POST with a body that does not validate: 400s with error() bodies', async () => {
				const cookie = await signIn('ada');
				const cases: Array<[body: string, expected: { message: string; code: string }]> = [
					['{"title":', { message: 'The body is not valid JSON', code: 'INVALID_JSON' }],
					['[1, 2]', { message: 'The body must be a JSON object', code: 'INVALID_BODY' }],
					['{"title":"   "}', { message: 'title must not be empty', code: 'INVALID_TITLE' }],
					[
						JSON.stringify({ title: 'x'.repeat(201) }),
						{ message: 'title must be at most 200 characters', code: 'INVALID_TITLE' }
					],
					['{"title":"ok","done":"yes"}', { message: 'done must be a boolean', code: 'INVALID_DONE' }]
				];
				for (const [body, expected] of cases) {
					const res = await call(api('post', '/api/todos', cookie).type('json').send(body));
					assert.equal(res.status, 400, body);
					assert.deepEqual(jsonOf(res), expected, body);
				}
			});

			it('the export streams every todo as NDJSON', async () => {
				const res = await call(api('get', '/api/todos/export'));
				assert.equal(res.status, 200);
				assert.equal(res.headers['content-type'], 'application/x-ndjson');
				assert.equal(res.headers['content-disposition'], 'attachment; filename="todos.ndjson"');
				assert.ok(res.text.endsWith('\n'));
				const lines = res.text
					.trimEnd()
					.split('\n')
					.map((line) => JSON.parse(line) as Todo);
				const all = jsonOf(await call(api('get', '/api/todos?limit=100'))) as Todo[];
				assert.deepEqual(lines, all);
			});

			it('OPTIONS is not exported: 405 with Allow', async () => {
				const res = await call(api('options', '/api/todos'));
				assert.equal(res.status, 405);
				assert.equal(res.headers.allow, 'GET, POST, HEAD');
				assert.equal(res.text, 'OPTIONS method not allowed');
			});
		});

		describe('/api/todos/[id=integer]', () => {
			it('GET gives typed params to the route, with an ETag; If-None-Match gets a 304', async () => {
				const res = await call(api('get', '/api/todos/1'));
				assert.equal(res.status, 200);
				assert.equal((jsonOf(res) as Todo).title, 'Write the migration guide');
				assert.equal(res.headers.etag, '"1-1"');
				assert.equal(res.headers['cache-control'], 'private, no-cache');

				const cached = await call(api('get', '/api/todos/1').set('if-none-match', '"1-1"'));
				assert.equal(cached.status, 304);
				assert.equal(cached.text, '');
				assert.equal(cached.headers.etag, '"1-1"');
				assert.equal(cached.headers['cache-control'], 'private, no-cache');
				// a 304 keeps only the caching headers
				assert.equal(cached.headers['server-timing'], undefined);
			});

			it('HEAD runs GET and sends its headers without the body', async () => {
				const get = await call(api('get', '/api/todos/1'));
				const head = await call(api('head', '/api/todos/1'));
				assert.equal(head.status, 200);
				assert.equal(head.text, '');
				assert.equal(head.headers['content-type'], get.headers['content-type']);
				assert.equal(head.headers['content-length'], get.headers['content-length']);
				assert.equal(head.headers.etag, get.headers.etag);
			});

			it('an id the route does not know: 404 from error()', async () => {
				const res = await call(api('get', '/api/todos/999999'));
				assert.equal(res.status, 404);
				assert.deepEqual(jsonOf(res), { message: 'Todo 999999 not found', code: 'NOT_FOUND' });
			});

			it('an id the integer matcher refuses goes on to the /api/[...path] catch-all', async () => {
				for (const id of ['abc', '0', '007', '-1']) {
					const res = await call(api('get', `/api/todos/${id}`));
					assert.equal(res.status, 404, id);
					assert.deepEqual(jsonOf(res), { message: `No API route for GET /api/todos/${id}`, code: 'NOT_FOUND' });
				}
			});

			it('PATCH changes the todo and its ETag', async () => {
				const cookie = await signIn('ada');
				const todo = await createTodo(cookie, 'Check the ETag');
				const res = await call(api('patch', `/api/todos/${todo.id}`, cookie).send({ done: true }));
				assert.equal(res.status, 200);
				assert.deepEqual(jsonOf(res), { ...todo, done: true, revision: 2 });

				const stale = await call(api('get', `/api/todos/${todo.id}`).set('if-none-match', `"${todo.id}-1"`));
				assert.equal(stale.status, 200);
				assert.equal(stale.headers.etag, `"${todo.id}-2"`);

				const wrong = await call(api('patch', `/api/todos/${todo.id}`, cookie).send({ done: 'yes' }));
				assert.equal(wrong.status, 400);
				assert.deepEqual(jsonOf(wrong), { message: 'done must be a boolean', code: 'INVALID_DONE' });
			});

			it('DELETE: a member may not delete another’s todo; its author may', async () => {
				const ada = await signIn('ada');
				const todo = await createTodo(ada, 'Delete me');

				const forbidden = await call(api('delete', `/api/todos/${todo.id}`, await signIn('grace')));
				assert.equal(forbidden.status, 403);
				assert.deepEqual(jsonOf(forbidden), { message: 'You can only delete your own todos', code: 'FORBIDDEN' });

				const deleted = await call(api('delete', `/api/todos/${todo.id}`, ada));
				assert.equal(deleted.status, 204);
				assert.equal(deleted.text, '');

				const gone = await call(api('get', `/api/todos/${todo.id}`));
				assert.equal(gone.status, 404);
			});

			it('a method the route does not export: 405 with Allow in SvelteKit’s order', async () => {
				const res = await call(api('put', '/api/todos/1'));
				assert.equal(res.status, 405);
				assert.equal(res.headers.allow, 'GET, PATCH, DELETE, HEAD');
				assert.equal(res.text, 'PUT method not allowed');
			});
		});

		describe('$env and $app/environment', () => {
			it('/api/health: version and dev from $app/environment, $env/dynamic/private from .env and the process', async () => {
				const res = await call(api('get', '/api/health'));
				assert.equal(res.status, 200);
				assert.equal(res.headers['cache-control'], 'no-store');
				assert.deepEqual(jsonOf(res), { status: 'ok', version: '1.4.0', dev: false, region: 'eu-test', database: 'memory' });
			});

			it('/api/config: $env/static/public from .env (quotes removed), $env/dynamic/public from the process', async () => {
				const res = await call(api('get', '/api/config'));
				assert.equal(res.status, 200);
				assert.equal(res.headers['cache-control'], 'public, max-age=300');
				assert.deepEqual(jsonOf(res), {
					appName: 'Todo Kit',
					supportEmail: 'support@todo-kit.test',
					announcement: 'Maintenance on Sunday'
				});
			});
		});

		describe('[[lang]] and [...path]', () => {
			it('the optional param may be left out', async () => {
				const res = await call(api('get', '/api/greeting'));
				assert.equal(res.status, 200);
				assert.equal(res.text, 'Hello, world!');
				// SvelteKit's text() sets a content-length and no content-type
				assert.equal(res.headers['content-type'], undefined);
				assert.equal(res.headers['content-length'], '13');
				assert.equal(res.headers['content-language'], 'en');
			});

			it('… or given', async () => {
				const res = await call(api('get', '/api/greeting/fr?name=Ada'));
				assert.equal(res.status, 200);
				assert.equal(res.text, 'Bonjour, Ada!');
				assert.equal(res.headers['content-language'], 'fr');
				const unknown = await call(api('get', '/api/greeting/xx'));
				assert.equal(unknown.status, 404);
				assert.deepEqual(jsonOf(unknown), { message: 'No greeting in xx', code: 'UNKNOWN_LANGUAGE' });
			});

			it('the rest route’s fallback answers every method under /api', async () => {
				for (const method of ['get', 'post', 'delete'] as const) {
					const res = await call(api(method, '/api/nothing/here'));
					assert.equal(res.status, 404, method);
					assert.deepEqual(jsonOf(res), {
						message: `No API route for ${method.toUpperCase()} /api/nothing/here`,
						code: 'NOT_FOUND'
					});
				}
				const head = await call(api('head', '/api/nothing/here'));
				assert.equal(head.status, 404);
				assert.equal(head.text, '');
			});

			it('a path no route matches goes on to the host', async () => {
				const res = await call(api('get', '/todos/abc'));
				assert.equal(res.status, 404);
				assert.equal(res.headers['x-host'], '404');
			});
		});

		describe('event.fetch, handleFetch and handleError', () => {
			it('handleFetch serves API_ORIGIN in-process, with the request’s cookies, through handle', async () => {
				const res = await call(api('get', '/api/dashboard', await signIn('ada')));
				assert.equal(res.status, 200);
				const body = jsonOf(res) as { greeting: string; open: Todo[] };
				assert.equal(body.greeting, 'Hello, Ada Lovelace');
				assert.ok(body.open.length >= 1);
				assert.ok(body.open.every((todo) => !todo.done));
			});

			it('a 401 from the sub-request becomes the route’s own error()', async () => {
				const res = await call(api('get', '/api/dashboard'));
				assert.equal(res.status, 401);
				assert.deepEqual(jsonOf(res), { message: 'Sign in first', code: 'UNAUTHENTICATED' });
			});

			it('an unexpected error: 500 with the body handleError returns, and no details', async () => {
				const cookie = await signIn('ada');
				const res = await call(api('get', '/api/dashboard?limit=0', cookie));
				assert.equal(res.status, 500);
				assert.match(res.headers['content-type'] ?? '', /^application\/json/);
				const body = jsonOf(res) as { message: string; code: string; id: string };
				assert.deepEqual(Object.keys(body).sort(), ['code', 'id', 'message']);
				assert.equal(body.message, 'Internal Error');
				assert.equal(body.code, 'INTERNAL_ERROR');
				assert.match(body.id, UUID);
				assert.doesNotMatch(res.text, /answered 400|at load/);
				// the route's error went through handle like any other response
				assert.match(serverTiming(res), SERVER_TIMING);

				// handleError saw the event: the admin stats list the error by its id
				const stats = jsonOf(await call(api('get', '/api/admin/stats', cookie))) as { errors: Array<Record<string, unknown>> };
				const logged = stats.errors.find((entry) => entry.id === body.id);
				assert.ok(logged, JSON.stringify(stats.errors));
				assert.equal(logged.status, 500);
				assert.equal(logged.method, 'GET');
				assert.equal(logged.path, '/api/dashboard');
			});

			it('… and a browser gets src/error.html with the generic message', async () => {
				const res = await call(
					request(t.app)
						.get('/api/dashboard?limit=0')
						.set('accept', 'text/html')
						.set('cookie', await signIn('ada'))
				);
				assert.equal(res.status, 500);
				assert.match(res.headers['content-type'] ?? '', /^text\/html/);
				assert.match(res.text, /<h1>Internal Error<\/h1>/);
				assert.doesNotMatch(res.text, /answered 400/);
			});

			it('error() is not handleError’s: its body has no id', async () => {
				const res = await call(api('get', '/api/todos/999999'));
				assert.equal((jsonOf(res) as { id?: string }).id, undefined);
			});
		});

		describe('a page and an endpoint in one route (/todos)', () => {
			const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

			it('a browser’s GET is a page request: it goes on to the host, with Vary: Accept', async () => {
				const res = await call(request(t.app).get('/todos').set('accept', BROWSER));
				assert.equal(res.status, 200);
				assert.equal(res.headers['x-host-page'], '/todos');
				assert.match(res.headers.vary ?? '', /\baccept\b/i);
				assert.equal(res.headers['server-timing'], undefined);
			});

			it('GET asking for JSON (or for anything) gets the endpoint, with Vary: Accept', async () => {
				for (const accept of ['application/json', '*/*']) {
					const res = await call(request(t.app).get('/todos').set('accept', accept));
					assert.equal(res.status, 200, accept);
					assert.equal(res.headers['x-host-page'], undefined);
					assert.ok(Array.isArray(jsonOf(res)));
					assert.match(res.headers.vary ?? '', /\baccept\b/i);
					assert.match(serverTiming(res), SERVER_TIMING);
				}
			});

			it('a browser’s form POST is the page’s; other methods are the endpoint’s (405 here)', async () => {
				const page = await call(
					request(t.app).post('/todos').set('accept', BROWSER).set('origin', t.origin).type('form').send({ title: 'x' })
				);
				assert.equal(page.headers['x-host-page'], '/todos');

				for (const method of ['post', 'delete'] as const) {
					const res = await call(api(method, '/todos'));
					assert.equal(res.status, 405, method);
					assert.equal(res.headers.allow, 'GET, HEAD');
				}
				const put = await call(request(t.app).put('/todos').set('accept', BROWSER));
				assert.equal(put.status, 405);
			});
		});

		describe('body size limit (adapter-node’s BODY_SIZE_LIMIT)', () => {
			let limited: TestApp;
			before(async () => {
				limited = await host.createApp({ routes: ROUTES, options: { ...OPTIONS, bodySizeLimit: '1K' }, handleError: 'default' });
			});

			it('a body over the limit is a 413 when the route reads it, with handleError’s body', async () => {
				const signedIn = await call(request(limited.app).post('/api/session').send({ username: 'ada', password: PASSWORDS.ada }));
				const cookie = `todo_session=${cookieNamed(signedIn, 'todo_session').value}`;
				const res = await call(
					request(limited.app)
						.post('/api/todos')
						.set('accept', '*/*')
						.set('cookie', cookie)
						.send({ title: 'x'.repeat(2000) })
				);
				assert.equal(res.status, 413);
				const body = jsonOf(res) as { message: string; code: string; id: string };
				assert.equal(body.message, 'Payload Too Large');
				assert.equal(body.code, 'REQUEST_ERROR');
				assert.match(body.id, UUID);
			});
		});
	},
	['express', 'koa']
);

// ---------------------------------------------------------------------------------------------

interface EnvSnapshot {
	restore(): void;
}

/** Sets process.env variables, and puts back what was there before on restore(). */
function setEnv(values: Record<string, string>): EnvSnapshot {
	const before = new Map(Object.keys(values).map((name) => [name, process.env[name]]));
	Object.assign(process.env, values);
	return {
		restore() {
			for (const [name, value] of before) {
				if (value === undefined) delete process.env[name];
				else process.env[name] = value;
			}
		}
	};
}
