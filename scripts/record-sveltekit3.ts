/**
 * Records what a real SvelteKit 3.2.0 server (adapter-node 6.0.2) answers to the requests
 * test/kit3-app.test.ts replays, into test/fixtures/kit3/sveltekit-app.expected.json.
 *
 * Re-run it (Node 22.17 or later, with the npm registry reachable) from the repository root:
 *
 *   /tmp/nodes/node_modules/node24/bin/node --import tsx scripts/record-sveltekit3.ts [work dir]
 *
 * It copies test/fixtures/kit3/sveltekit-app into the work dir (default /tmp/sk3-real), installs
 * there the published packages pinned in PACKAGES from npm, runs `svelte-kit sync`, `tsc`,
 * `svelte-check` and `vite build`, starts `node --env-file=.env build` on a loopback port, sends
 * the CASES in order and writes the answers next to them. Nothing is built from SvelteKit's
 * source. Answers that change from run to run (uuids, timings, the port) are written as
 * placeholders (see test/support/recorded.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordReply, saveSession, sendCase, type RecordedCase, type RecordedRequest, type Recording } from '../test/support/recorded.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/fixtures/kit3/sveltekit-app');
const OUTPUT = path.join(ROOT, 'test/fixtures/kit3/sveltekit-app.expected.json');
const WORK = path.resolve(process.argv[2] ?? '/tmp/sk3-real');

const PACKAGES: Record<string, string> = {
	'@sveltejs/kit': '3.2.0',
	'@sveltejs/adapter-node': '6.0.2',
	'@sveltejs/vite-plugin-svelte': '7.3.1',
	'@types/node': '24.19.4',
	svelte: '5.57.3',
	'svelte-check': '4.7.8',
	typescript: '6.0.3',
	vite: '8.4.0'
};

/** What the server's environment holds besides .env (test/kit3-app.test.ts sets the same). */
export const SERVER_ENV = { REGION: 'eu-test', PUBLIC_ANNOUNCEMENT: 'Maintenance on Sunday', BODY_SIZE_LIMIT: '64K' };

const API = { accept: '*/*' };
const JSON_API = { accept: '*/*', 'content-type': 'application/json' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const FORM = { accept: '*/*', 'content-type': 'application/x-www-form-urlencoded' };
const SAME = { origin: '{{origin}}' };
const ADA = { cookie: '{{session:ada}}' };
const GRACE = { cookie: '{{session:grace}}' };

type Case = Omit<RecordedRequest, 'via'> & { via?: RecordedRequest['via'] };

/** The requests, in order: later ones rely on the sessions and todos earlier ones made. */
const CASES: Case[] = [
	// init seeded the store; error(status, message, props); 405s; HEAD
	{ name: 'init seeded the todos', method: 'GET', path: '/api/todos', headers: API },
	{ name: 'a query filter', method: 'GET', path: '/api/todos?done=true', headers: API },
	{ name: 'error(400, message, props)', method: 'GET', path: '/api/todos?done=maybe', headers: API },
	{ name: 'error() from a helper the handler calls', method: 'GET', path: '/api/todos?limit=0', headers: API },
	{ name: 'HEAD runs GET', method: 'HEAD', path: '/api/todos', headers: API },
	{ name: 'OPTIONS not exported: 405, Allow lists QUERY', method: 'OPTIONS', path: '/api/todos', headers: API },
	{ name: 'an unknown method: 405', method: 'PROPFIND', path: '/api/todos', headers: API },

	// QUERY
	{ name: 'QUERY with a JSON body', method: 'QUERY', path: '/api/todos', headers: JSON_API, body: '{"q":"legacy"}' },
	{ name: 'QUERY with no body', method: 'QUERY', path: '/api/todos', headers: API },
	{ name: 'QUERY with a chunked body', method: 'QUERY', path: '/api/todos', headers: JSON_API, chunks: ['{"done":', 'true}'] },
	{ name: 'QUERY with a body that is not JSON', method: 'QUERY', path: '/api/todos', headers: JSON_API, body: '{"q":' },
	{
		name: 'QUERY is not checked for CSRF (text/plain, no Origin)',
		method: 'QUERY',
		path: '/api/todos',
		headers: { accept: '*/*', 'content-type': 'text/plain' },
		body: '{"q":"guide"}'
	},
	{ name: 'QUERY on a route without it: 405', method: 'QUERY', path: '/api/health', headers: JSON_API, body: '{}' },

	// reserved query parameters
	{ name: 'x-sveltekit-foo in the query: 400', method: 'GET', path: '/api/todos?x-sveltekit-foo=1', headers: API },
	{ name: 'x-sveltekit without the dash passes', method: 'GET', path: '/api/todos?x-sveltekit=1', headers: API },
	{ name: 'a reserved name as a value passes', method: 'GET', path: '/api/todos?q=x-sveltekit-foo', headers: API },
	{ name: 'reserved names are case-sensitive', method: 'GET', path: '/api/todos?X-SvelteKit-foo=1', headers: API },
	{ name: 'reserved names are read decoded', method: 'GET', path: '/api/todos?x%2Dsveltekit-foo=1', headers: API },
	{
		name: 'the CSRF check comes before the reserved query check',
		method: 'POST',
		path: '/api/todos?x-sveltekit-a=1',
		headers: FORM,
		body: 'title=x'
	},

	// sessions, CSRF
	{
		name: 'sign in with a wrong password: 401',
		method: 'POST',
		path: '/api/session',
		headers: JSON_API,
		body: '{"username":"ada","password":"guess"}'
	},
	{
		name: 'sign in: a cookie set without a path',
		method: 'POST',
		path: '/api/session',
		headers: JSON_API,
		body: '{"username":"ada","password":"analytical-engine"}',
		save: 'ada'
	},
	{
		name: 'sign in as a member',
		method: 'POST',
		path: '/api/session',
		headers: JSON_API,
		body: '{"username":"grace","password":"cobol-1959"}',
		save: 'grace'
	},
	{ name: 'a form post without Origin: 403 text', method: 'POST', path: '/api/session', headers: FORM, body: 'username=ada' },
	{
		name: 'a form post without Origin, asking for JSON: 403 JSON',
		method: 'POST',
		path: '/api/session',
		headers: { ...FORM, accept: 'application/json' },
		body: 'username=ada'
	},
	{
		name: 'a cross-site form post: 403',
		method: 'POST',
		path: '/api/session',
		headers: { ...FORM, origin: 'https://evil.example' },
		body: 'username=ada'
	},
	{
		name: 'a same-origin form post reaches the route',
		method: 'POST',
		path: '/api/session',
		headers: { ...FORM, ...SAME },
		body: 'username=ada'
	},
	{
		name: 'a POST without content-type and without Origin counts as a form: 403',
		method: 'POST',
		path: '/api/session',
		headers: API,
		body: '{"username":"ada","password":"analytical-engine"}'
	},
	{
		name: 'a POST without content-type keeps its body',
		method: 'POST',
		path: '/api/session',
		headers: { ...API, ...SAME },
		body: '{"username":"grace","password":"cobol-1959"}'
	},
	{ name: 'a DELETE without content-type and without Origin: 403', method: 'DELETE', path: '/api/session', headers: { ...API, ...ADA } },

	// cookies
	{
		name: 'locals.user from the session cookie',
		method: 'GET',
		path: '/api/me',
		headers: { ...API, cookie: '{{session:ada}}; theme=dark' }
	},
	{ name: 'no session: 401', method: 'GET', path: '/api/me', headers: API },
	{
		name: 'a stale session: handle deletes the cookie (no path given)',
		method: 'GET',
		path: '/api/me',
		headers: { ...API, cookie: 'todo_session=no-such-session' }
	},
	{
		name: 'a cookie the browser may read, set without a path',
		method: 'PUT',
		path: '/api/me',
		headers: JSON_API,
		body: '{"theme":"dark"}'
	},
	{ name: 'a PUT body that does not validate', method: 'PUT', path: '/api/me', headers: JSON_API, body: '{"theme":"pink"}' },
	{
		name: 'getAll() after delete()',
		method: 'GET',
		path: '/api/prefs',
		headers: { ...API, cookie: 'prefs=%7B%22theme%22%3A%22dark%22%7D; lang=en' }
	},
	{
		name: 'getAll() after delete(), with the new cookie already there',
		method: 'GET',
		path: '/api/prefs',
		headers: { ...API, cookie: 'prefs=%7B%22theme%22%3A%22dark%22%7D; theme=light' }
	},
	{ name: 'getAll() with no cookies', method: 'GET', path: '/api/prefs', headers: API },

	// /api/todos/[id=id]: a matcher that returns a number
	{ name: 'params.id is a number; an ETag', method: 'GET', path: '/api/todos/1', headers: API },
	{ name: 'If-None-Match: 304', method: 'GET', path: '/api/todos/1', headers: { ...API, 'if-none-match': '"1-1"' } },
	{ name: 'a weak If-None-Match: 304', method: 'GET', path: '/api/todos/1', headers: { ...API, 'if-none-match': 'W/"1-1"' } },
	{ name: 'HEAD with an ETag', method: 'HEAD', path: '/api/todos/1', headers: API },
	{ name: 'an id the route does not know: 404', method: 'GET', path: '/api/todos/999999', headers: API },
	{ name: 'an id the matcher refuses goes on to the catch-all', method: 'GET', path: '/api/todos/007', headers: API },
	{ name: 'another id the matcher refuses', method: 'GET', path: '/api/todos/abc', headers: API },
	{ name: 'a method the route does not export: 405', method: 'PUT', path: '/api/todos/1', headers: { ...JSON_API, ...SAME }, body: '{}' },
	{
		name: 'POST creates a todo (getRequestEvent in $lib/server)',
		method: 'POST',
		path: '/api/todos',
		headers: { ...JSON_API, ...ADA },
		body: '{"title":"Buy milk"}'
	},
	{ name: 'POST without a session: 401', method: 'POST', path: '/api/todos', headers: JSON_API, body: '{"title":"Nobody’s todo"}' },
	{
		name: 'POST with a body that is not JSON: 400',
		method: 'POST',
		path: '/api/todos',
		headers: { ...JSON_API, ...ADA },
		body: '{"title":'
	},
	{ name: 'POST with an array: 400', method: 'POST', path: '/api/todos', headers: { ...JSON_API, ...ADA }, body: '[1, 2]' },
	{
		name: 'POST with a title too long: 400',
		method: 'POST',
		path: '/api/todos',
		headers: { ...JSON_API, ...ADA },
		body: `{"title":"{{x*201}}"}`
	},
	{
		name: 'POST over BODY_SIZE_LIMIT: 413',
		method: 'POST',
		path: '/api/todos',
		headers: { ...JSON_API, ...ADA },
		body: `{"title":"{{x*70000}}"}`
	},
	{ name: 'PATCH changes the todo', method: 'PATCH', path: '/api/todos/4', headers: { ...JSON_API, ...ADA }, body: '{"done":true}' },
	{ name: 'a stale ETag: 200 with the new one', method: 'GET', path: '/api/todos/4', headers: { ...API, 'if-none-match': '"4-1"' } },
	{ name: 'a member may not delete another’s todo', method: 'DELETE', path: '/api/todos/4', headers: { ...API, ...SAME, ...GRACE } },
	{ name: 'its author may', method: 'DELETE', path: '/api/todos/4', headers: { ...API, ...SAME, ...ADA } },
	{ name: 'gone', method: 'GET', path: '/api/todos/4', headers: API },
	{ name: 'a stream of NDJSON', method: 'GET', path: '/api/todos/export', headers: API },
	{ name: 'HEAD of a stream', method: 'HEAD', path: '/api/todos/export', headers: API },

	// matchers that return a string, a bigint and a boolean; hyphenated param names
	{ name: 'a matcher sees the param decoded, and lower-cases it', method: 'GET', path: '/api/tags/AC%2FDC', headers: API },
	{ name: 'a string matcher', method: 'GET', path: '/api/tags/News', headers: API },
	{ name: 'a value the string matcher refuses', method: 'GET', path: '/api/tags/%F0%9F%8E%B8', headers: API },
	{ name: 'a bigint param past 2^53', method: 'GET', path: '/api/events/18446744073709551557', headers: API },
	{ name: 'error(410) with no message', method: 'GET', path: '/api/events/9007199254740993', headers: API },
	{ name: 'a value the bigint matcher refuses', method: 'GET', path: '/api/events/18446744073709551616', headers: API },
	{ name: 'a bigint the route does not know', method: 'GET', path: '/api/events/123', headers: API },
	{ name: 'a boolean param (off)', method: 'PUT', path: '/api/features/dark-mode/off', headers: { ...API, ...SAME, ...ADA } },
	{ name: 'a boolean param (on)', method: 'PUT', path: '/api/features/offline/on', headers: { ...API, ...SAME, ...ADA } },
	{
		name: 'a value the boolean matcher refuses',
		method: 'PUT',
		path: '/api/features/dark-mode/maybe',
		headers: { ...API, ...SAME, ...ADA }
	},
	{
		name: 'a hyphenated param the route does not know',
		method: 'PUT',
		path: '/api/features/nope/on',
		headers: { ...API, ...SAME, ...ADA }
	},
	{
		name: 'a JSON PUT without Origin passes CSRF, then 401',
		method: 'PUT',
		path: '/api/features/dark-mode/on',
		headers: JSON_API,
		body: '{}'
	},
	{
		name: 'a PUT without content-type and without Origin: 403',
		method: 'PUT',
		path: '/api/features/dark-mode/on',
		headers: { ...API, ...ADA }
	},
	{ name: 'a rest param with a hyphenated matcher', method: 'GET', path: '/docs/getting-started', headers: API },
	{ name: 'a rest param over two segments', method: 'GET', path: '/docs/api/todos', headers: API },
	{ name: 'a value the rest matcher refuses: no route', method: 'GET', path: '/docs/API', headers: API, via: 'no-route' },
	{ name: 'an empty rest value the matcher refuses: no route', method: 'GET', path: '/docs', headers: API, via: 'no-route' },
	{ name: 'error() from a rest route', method: 'GET', path: '/docs/nope', headers: API },
	{ name: 'error() to a browser: src/error.html', method: 'GET', path: '/docs/nope', headers: BROWSER },

	// $env, $app/env, handle, handleFetch, handleError
	{ name: '$app/env and $app/env/private', method: 'GET', path: '/api/health', headers: API },
	{ name: 'the deprecated $env/static/public and $env/dynamic/public', method: 'GET', path: '/api/config', headers: API },
	{ name: 'handle throws error() in the object form', method: 'GET', path: '/api/admin/stats', headers: API },
	{ name: 'handle throws error(), to a browser', method: 'GET', path: '/api/admin/stats', headers: BROWSER },
	{ name: 'getRequestEvent() sees a member: 403', method: 'GET', path: '/api/admin/stats', headers: { ...API, ...GRACE } },
	{ name: 'the catch-all below /api/admin', method: 'GET', path: '/api/admin/nothing', headers: { ...API, ...ADA } },
	{ name: 'handleFetch serves API_ORIGIN in-process', method: 'GET', path: '/api/dashboard', headers: { ...API, ...ADA } },
	{ name: 'a 401 of the sub-request', method: 'GET', path: '/api/dashboard', headers: API },
	{ name: 'an unexpected error: handleError gives an id', method: 'GET', path: '/api/dashboard?limit=0', headers: { ...API, ...ADA } },
	{ name: 'an unexpected error, to a browser', method: 'GET', path: '/api/dashboard?limit=0', headers: { ...BROWSER, ...ADA } },

	// the blog: a trailing-slash route, and a route with both a page and an endpoint
	{ name: 'trailingSlash always: 308 to a relative location', method: 'GET', path: '/blog', headers: API },
	{ name: 'the 308 keeps the query', method: 'GET', path: '/blog?page=2', headers: API },
	{ name: 'the index', method: 'GET', path: '/blog/', headers: API },
	{ name: 'the endpoint, for a client that does not ask for HTML', method: 'GET', path: '/blog/hello-world', headers: API },
	{
		name: 'the page, for a browser',
		method: 'GET',
		path: '/blog/hello-world',
		headers: BROWSER,
		via: 'page',
		route: '/blog/[page-slug]'
	},
	{ name: 'HEAD to the endpoint', method: 'HEAD', path: '/blog/hello-world', headers: API },
	{ name: 'HEAD to the page', method: 'HEAD', path: '/blog/hello-world', headers: BROWSER, via: 'page', route: '/blog/[page-slug]' },
	{ name: 'trailingSlash never: 308 to ../', method: 'GET', path: '/blog/hello-world/', headers: API },
	{
		name: 'POST that the endpoint cannot take goes to the page',
		method: 'POST',
		path: '/blog/hello-world',
		headers: { ...JSON_API, ...SAME },
		body: '{}',
		via: 'page',
		route: '/blog/[page-slug]'
	},
	{
		name: 'PUT goes to the endpoint',
		method: 'PUT',
		path: '/blog/hello-world',
		headers: { ...JSON_API, ...SAME, ...ADA },
		body: '{"title":"Hello again"}'
	},
	{
		name: 'PUT goes to the endpoint, even from a browser',
		method: 'PUT',
		path: '/blog/hello-world',
		headers: { ...BROWSER, 'content-type': 'application/json', ...SAME, ...ADA },
		body: '{"body":"Edited."}'
	},
	{ name: 'DELETE the endpoint lacks: 405', method: 'DELETE', path: '/blog/hello-world', headers: { ...API, ...SAME } },
	{ name: 'QUERY goes to the endpoint, even asking for HTML: 405', method: 'QUERY', path: '/blog/hello-world', headers: BROWSER },
	{ name: 'error() from the endpoint of a page route', method: 'GET', path: '/blog/no-such-post', headers: API },
	{
		name: 'a reserved query parameter on a page route',
		method: 'GET',
		path: '/blog/rock-and-todo?x-sveltekit-trailing-slash=1',
		headers: BROWSER
	},

	// redirects
	{ name: 'a relative redirect keeps the cookies set', method: 'GET', path: '/go/blog', headers: API },
	{ name: 'a same-origin absolute redirect (a URL)', method: 'GET', path: '/go/home', headers: API },
	{ name: 'a same-origin absolute redirect (a string)', method: 'GET', path: '/go/help', headers: API },
	{ name: 'an external redirect without external: refused', method: 'GET', path: '/go/kit', headers: API },
	{ name: 'an external redirect refused, to a browser', method: 'GET', path: '/go/kit', headers: BROWSER },
	{ name: 'an external redirect with external: true', method: 'GET', path: '/go/kit-docs', headers: API },
	{ name: 'an external redirect in the allowlist', method: 'GET', path: '/go/repo', headers: API },
	{ name: 'an external redirect outside the allowlist: refused', method: 'GET', path: '/go/mirror', headers: API },
	{ name: 'a protocol-relative redirect: refused', method: 'GET', path: '/go/cdn', headers: API },
	{ name: 'the same host on another protocol: refused', method: 'GET', path: '/go/secure', headers: API },
	{ name: 'javascript: even with external: true: refused', method: 'GET', path: '/go/bookmarklet', headers: API },
	{ name: 'no such short link', method: 'GET', path: '/go/nope', headers: API },

	// pages, the /api catch-all, no route, bad input
	{ name: 'the root page', method: 'GET', path: '/', headers: BROWSER, via: 'page', route: '/' },
	{ name: 'a page-only route, to a browser', method: 'GET', path: '/about', headers: BROWSER, via: 'page', route: '/about' },
	{ name: 'a page-only route, to an API client', method: 'GET', path: '/about', headers: API, via: 'page', route: '/about' },
	{
		name: 'PUT to a page-only route',
		method: 'PUT',
		path: '/about',
		headers: { ...JSON_API, ...SAME },
		body: '{}',
		via: 'page',
		route: '/about'
	},
	{ name: 'no route', method: 'GET', path: '/nothing/here', headers: API, via: 'no-route' },
	{ name: 'the /api catch-all: fallback, GET', method: 'GET', path: '/api/nothing/here', headers: API },
	{ name: 'the /api catch-all: fallback, DELETE', method: 'DELETE', path: '/api/nothing/here', headers: { ...API, ...SAME } },
	{ name: 'the /api catch-all: fallback, HEAD', method: 'HEAD', path: '/api/nothing/here', headers: API },
	{ name: 'the /api catch-all: fallback, an unknown method', method: 'PROPFIND', path: '/api/nothing', headers: API },
	{ name: '+server.test.js is not a route', method: 'GET', path: '/api/health/+server.test', headers: API },
	{ name: 'a malformed URI: 400', method: 'GET', path: '/api/todos/%E0%A4%A', headers: API, via: 'error-page' },
	{ name: 'a malformed URI in a param', method: 'GET', path: '/api/tags/%E0%A4%A', headers: API, via: 'error-page' },

	// what handleError kept, then signing out
	{ name: 'the admin sees the errors handleError logged', method: 'GET', path: '/api/admin/stats', headers: { ...API, ...ADA } },
	{ name: 'sign out (DELETE with Origin)', method: 'DELETE', path: '/api/session', headers: { ...API, ...SAME, ...GRACE } },
	{ name: 'the ended session is forgotten', method: 'GET', path: '/api/me', headers: { ...API, ...GRACE } }
];

async function main(): Promise<void> {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	if (major < 22 || (major === 22 && minor < 17)) throw new Error(`SvelteKit 3 needs Node 22.17 or later (this is ${process.version})`);
	prepare();
	const typecheck = [run('npx', ['tsc', '-p', 'tsconfig.json']), run('npx', ['svelte-check', '--tsconfig', './tsconfig.json'])]
		.filter(Boolean)
		.join('\n');
	console.log(`tsc and svelte-check: ${typecheck || 'no errors'}`);
	run('npx', ['vite', 'build']);

	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const server = await start(port, origin);
	try {
		const cases = await record(origin);
		const recording: Recording = {
			recorded: {
				by: 'scripts/record-sveltekit3.ts',
				node: process.version,
				packages: installedVersions(),
				serverEnv: { ...SERVER_ENV, ORIGIN: '<origin>', HOST: '127.0.0.1' },
				typecheck: typecheck || 'svelte-kit sync, then tsc and svelte-check: no errors'
			},
			cases
		};
		fs.writeFileSync(OUTPUT, `${JSON.stringify(recording, null, '\t')}\n`);
		console.log(`${cases.length} cases written to ${path.relative(ROOT, OUTPUT)}`);
	} finally {
		server.kill();
	}
}

/** The fixture in the work dir, with the pinned packages installed and `svelte-kit sync` run. */
function prepare(): void {
	fs.mkdirSync(WORK, { recursive: true });
	for (const entry of ['src', 'build', '.svelte-kit']) fs.rmSync(path.join(WORK, entry), { recursive: true, force: true });
	// what sync, a build or an install left in the fixture stays behind
	const generated = /^(node_modules|\.svelte-kit|build)([\\/]|$)/;
	fs.cpSync(FIXTURE, WORK, { recursive: true, filter: (source) => !generated.test(path.relative(FIXTURE, source)) });
	const pkg = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'package.json'), 'utf8')) as Record<string, unknown>;
	fs.writeFileSync(path.join(WORK, 'package.json'), `${JSON.stringify({ ...pkg, devDependencies: PACKAGES }, null, '\t')}\n`);
	const installed = installedVersions();
	if (Object.entries(PACKAGES).some(([name, version]) => installed[name] !== version)) {
		run('npm', ['install', '--no-audit', '--no-fund']);
	}
	run('npx', ['svelte-kit', 'sync']);
}

function installedVersions(): Record<string, string> {
	const versions: Record<string, string> = {};
	for (const name of Object.keys(PACKAGES)) {
		const file = path.join(WORK, 'node_modules', name, 'package.json');
		if (fs.existsSync(file)) versions[name] = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
	}
	return versions;
}

/** Runs a command in the work dir with this Node first on the PATH; tsc's complaints are returned, not thrown. */
function run(command: string, args: string[]): string {
	const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
	try {
		execFileSync(command, args, { cwd: WORK, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
		return '';
	} catch (error) {
		const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
		if (args[0] === 'tsc' || args[0] === 'svelte-check') return `${stdout}${stderr}`.trim();
		throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}${stderr}`, { cause: error });
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/** `node --env-file=.env build`, as adapter-node's docs run it, once it listens. */
function start(port: number, origin: string): Promise<ChildProcess> {
	const env = { ...process.env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, NODE_ENV: 'production' };
	const server = spawn(process.execPath, ['--env-file=.env', 'build'], { cwd: WORK, env, stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
		server.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening on')) resolve(server);
		});
	});
}

async function record(origin: string): Promise<RecordedCase[]> {
	const sessions = new Map<string, string>();
	const recorded: RecordedCase[] = [];
	for (const { via = 'endpoint', ...rest } of CASES) {
		const request: RecordedRequest = { ...rest, via };
		const sent = await sendCase(origin, request, sessions);
		saveSession(request, sent, sessions);
		const rendered = sent.headers['x-sveltekit-page'] === 'true';
		if (rendered === (via === 'endpoint'))
			console.warn(`! ${request.name}: declared ${via}, but SvelteKit ${rendered ? 'rendered' : 'did not render'} a page`);
		recorded.push({ request, response: recordReply(sent, origin, via) });
	}
	return recorded;
}

await main();
