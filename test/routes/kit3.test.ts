// SvelteKit 3's route tree (kit3RouteRules, from 3.2.0's utils/routing.js, create_manifest_data,
// core/params.js and constants.js): hyphens in param names, the files it skips, its messages, the
// one params module whose matchers return the value a param holds, QUERY. Trees are written to a
// temporary folder; their params modules imitate `defineParams` (a Standard Schema per matcher),
// so that these tests run on every Node. The comparison with SvelteKit's own `exec` and the
// fixture under test/fixtures/kit3/ need `@sveltejs/kit@3`, hence Node 22.17 or later.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { relative } from '../../src/paths.js';
import { execDecoded } from '../../src/routes/exec.js';
import { kit2RouteRules, kit3RouteRules, loadRouteTree, type ParamMatcher } from '../../src/routes/index.js';
import { resolveParamsModule } from '../../src/routes/params-module.js';
import { decodePathname } from '../../src/routes/match.js';
import { parseRouteId } from '../../src/routes/parse.js';
import { scanRoutes } from '../../src/routes/scan.js';
import { skipWithoutKit3Node } from '../support/kit3-node.js';
import { EXEC_CASES } from './exec-table.js';
import { fixture, isTreeError } from './helpers.js';

const rules = kit3RouteRules;
const GET = "export const GET = () => new Response('ok');\n";

/** A `defineParams` result written out: each matcher a Standard Schema over a function, as it makes them. */
function paramsModule(matchers: Record<string, string>): string {
	const entries = Object.entries(matchers).map(
		([name, fn]) =>
			`\t${JSON.stringify(name)}: { '~standard': { version: 1, vendor: 'test', validate(value) { const out = (${fn})(value); ` +
			`if (out instanceof Promise) return out; return out === undefined ? { issues: [{ message: 'Invalid param' }] } : { value: out }; } } }`
	);
	return `export const params = {\n${entries.join(',\n')}\n};\n`;
}

let tmp: string;
let count = 0;

/** Writes `files` under a new project folder and returns it; `routes` is its `routes` folder. */
function project(files: Record<string, string>): { root: string; routes: string } {
	const root = path.join(tmp, String((count += 1)));
	for (const [file, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		fs.writeFileSync(path.join(root, file), content);
	}
	return { root, routes: path.join(root, 'routes') };
}

before(() => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-kit3-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('SvelteKit 3 route tree', () => {
	describe('param names with hyphens', () => {
		it('are names of params and matchers, and the keys of event.params', async () => {
			const { params } = parseRouteId('/blog/[page-slug]/[...catch-all=some-matcher]', rules);
			assert.deepEqual(
				params.map(({ name, matcher, rest }) => [name, matcher, rest]),
				[
					['page-slug', undefined, false],
					['catch-all', 'some-matcher', true]
				]
			);
			const { routes } = project({
				'routes/blog/[page-slug]/+server.js': GET,
				'routes/[[lang-code]]/docs/[...rest-of]/+server.js': GET
			});
			const tree = await loadRouteTree(routes, { rules });
			assert.deepEqual(tree.match('/blog/hello-world')?.params, { 'page-slug': 'hello-world' });
			assert.deepEqual(tree.match('/en/docs/a/b')?.params, { 'lang-code': 'en', 'rest-of': 'a/b' });
		});

		it('anything else is an invalid param, in SvelteKit 3 words', () => {
			const { routes } = project({ 'routes/[a.b]/+server.js': GET, 'routes/x/[...rest]/[[c-d]]/+server.js': GET });
			assert.throws(
				() => scanRoutes(routes, { rules }),
				(error) =>
					isTreeError(error, [
						{
							re: /^Invalid param: a\.b in route `\/\[a\.b\]`\. Params and matcher names can only have underscores, hyphens, and alphanumeric characters\. \(at /
						},
						{
							re: /^Invalid route `\/x\/\[\.\.\.rest\]\/\[\[c-d\]\]` — an `\[\[optional\]\]` route segment cannot follow a `\[\.\.\.rest\]`/
						}
					])
			);
		});
	});

	describe('files', () => {
		const tests = {
			// each would fail the build if it were imported
			'routes/a/+server.test.js': "throw new Error('a test is not a route');\n",
			'routes/a/+server.spec.ts': "throw new Error('a test is not a route');\n",
			'routes/a/+page.stories.svelte': '',
			'routes/a/+layout.test.js': "throw new Error('a test is not a route');\n"
		};

		it('+server.test.js, .spec. and .stories. files are skipped, never imported', async () => {
			const { routes } = project({ 'routes/a/+server.js': GET, ...tests });
			const scanned = scanRoutes(routes, { rules });
			assert.deepEqual(
				scanned.routes.map((route) => [route.id, route.endpoint, route.pages]),
				[['/a', path.join(routes, 'a/+server.js'), []]]
			);
			const tree = await loadRouteTree(routes, { rules });
			assert.deepEqual(tree.routes[0]?.methods, ['GET']);
		});

		it('SvelteKit 2 reserves them (pinned)', () => {
			const { routes } = project({ 'routes/a/+server.js': GET, ...tests });
			assert.throws(
				() => scanRoutes(routes),
				(error) =>
					isTreeError(
						error,
						Object.keys(tests).map((file) => ({
							re: new RegExp(
								`^Files prefixed with \\+ are reserved \\(saw .*/${path.basename(file).replace(/[.+]/g, '\\$&')}\\)$`
							)
						}))
					)
			);
		});

		it('a file without its `+` is pointed out only when it would be a route file of its own kind', () => {
			const files = {
				'routes/+server.js': GET,
				'routes/x/page.svelte': '',
				'routes/x/server.js': '',
				'routes/x/server.svelte': '',
				'routes/x/error.js': ''
			};
			const hints = (options: Parameters<typeof scanRoutes>[1]) => {
				const warnings: string[] = [];
				scanRoutes(project(files).routes, { ...options, warn: (message) => warnings.push(message) });
				return warnings.map((warning) => /Did you mean \+(\S+)\?/.exec(warning)?.[1]);
			};
			assert.deepEqual(hints({ rules }), ['page.svelte', 'server.js']);
			// SvelteKit 2 tries either kind whatever the extension
			assert.deepEqual(hints({}), ['error.js', 'page.svelte', 'server.js', 'server.svelte']);
		});

		it("the tree's problems are in SvelteKit 3 words", () => {
			const { routes } = project({
				'routes/+foo.js': '',
				'routes/x/+page@a.js': '',
				'routes/y/+server.js': GET,
				'routes/y/+server.ts': GET,
				'routes/[a]/+server.js': GET,
				'routes/(g)/[b]/+server.js': GET,
				'routes/[c][d]/+server.js': GET,
				'routes/[X+41]/+server.js': GET,
				'routes/z/+page@missing.svelte': ''
			});
			const base = relative(routes);
			assert.throws(
				() => scanRoutes(routes, { rules }),
				(error) =>
					isTreeError(error, [
						{ re: /^Files prefixed with `\+` are reserved \(saw `[^`]*\+foo\.js`\)$/ },
						{
							re: /^Only Svelte files can reference named layouts\. Remove `@a` from `\+page@a\.js` \(at `[^`]*\+page@a\.js`\)$/
						},
						{
							re: new RegExp(
								`^Multiple endpoint files found in \`${base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/y\` : \`\\+server\\.js\` and \`\\+server\\.ts\`$`
							)
						},
						{ re: /^The `\/\(g\)\/\[b\]` and `\/\[a\]` routes conflict with each other$/ },
						{ re: /^Invalid route `\/\[c\]\[d\]` — parameters must be separated \(at / },
						{ re: /^Character escape sequence in `\/\[X\+41\]` must be lowercase \(at / },
						{ re: /^`[^`]*\+page@missing\.svelte` references missing segment `missing`$/ }
					])
			);
		});

		it('an empty tree: routes_not_found', () => {
			const { routes } = project({ 'routes/README.md': '' });
			assert.throws(
				() => scanRoutes(routes, { rules }),
				(error) =>
					isTreeError(error, [
						{
							re: /^No routes found in `[^`]+`\. If you are using a custom `src\/routes` directory, make sure it is specified in your SvelteKit Vite plugin options$/
						}
					])
			);
		});
	});

	describe('QUERY and the exports of +server', () => {
		it('QUERY is a method: listed in SvelteKit 3 order, before the HEAD that GET adds', async () => {
			const { routes } = project({
				'routes/+server.js': `${GET}export const QUERY = GET;\nexport const POST = GET;\n`
			});
			const tree = await loadRouteTree(routes, { rules });
			assert.deepEqual(tree.routes[0]?.methods, ['GET', 'POST', 'QUERY']);
		});

		it('SvelteKit 2 refuses the export (pinned)', async () => {
			const { routes } = project({ 'routes/+server.js': `${GET}export const QUERY = GET;\n` });
			await assert.rejects(loadRouteTree(routes), (error) =>
				isTreeError(error, [
					{ re: /^Invalid export 'QUERY' in \S+ \(valid exports are GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD, fallback,/ }
				])
			);
		});

		it('invalid exports, a QUERY that is not a function and prerendering a body-dependent endpoint are problems', async () => {
			const { routes } = project({
				'routes/a/+server.js': `${GET}export const nope = 1;\nexport const load = () => {};\n`,
				'routes/b/+server.js': 'export const QUERY = 1;\n',
				'routes/c/+server.js': `export const prerender = true;\nexport const QUERY = () => new Response('');\n`,
				'routes/d/+server.js': `export const prerender = true;\nexport const fallback = () => new Response('');\n`
			});
			await assert.rejects(loadRouteTree(routes, { rules }), (error) =>
				isTreeError(error, [
					{
						re: /^Invalid export `nope` in `[^`]+` \(valid exports are GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD, QUERY, fallback, prerender, trailingSlash, config, entries, or anything with a `'_'` prefix\)$/
					},
					{
						re: /^Invalid export `load` in `[^`]+` \(`load` is a valid export in \+layout\.js, \+page\.js, \+layout\.server\.js or \+page\.server\.js\)$/
					},
					{ re: /b\/\+server\.js: the `QUERY` export must be a function$/ },
					{
						re: /^Cannot prerender a `\+server` file with POST, PUT, PATCH, DELETE, QUERY or fallback handlers \(`\/c`\) \(at /,
						names: ['c/+server.js']
					},
					{ re: /^Cannot prerender a `\+server` file with .* \(`\/d`\) \(at /, names: ['d/+server.js'] }
				])
			);
		});
	});

	describe('matchers from one params module', () => {
		it('resolveParamsModule finds it as resolve_entry does', () => {
			const { root } = project({
				'a/params.js': '',
				'a/params.ts': '',
				'b/params/index.ts': '',
				'b/params/int.js': '',
				'c/params/int.js': '',
				'c/params.ts': '',
				'd/params/int.js': '',
				'e/matchers.mjs': ''
			});
			const find = (entry: string) => {
				const found = resolveParamsModule(path.join(root, entry), rules.moduleExtensions);
				return found && path.relative(root, found);
			};
			assert.equal(find('a/params'), path.join('a', 'params.js'));
			assert.equal(find('a/params.ts'), path.join('a', 'params.ts'));
			assert.equal(find('b/params'), path.join('b', 'params', 'index.ts'));
			// a SvelteKit 2 folder is not a params module; the file beside it is
			assert.equal(find('c/params'), path.join('c', 'params.ts'));
			assert.equal(find('d/params'), null);
			assert.equal(find('e/matchers'), path.join('e', 'matchers.mjs'));
			assert.equal(find('nowhere/params'), null);
		});

		it('params beside the routes: each matcher returns the value the param holds, seeing it decoded', async () => {
			const { routes } = project({
				'params.js': paramsModule({
					int: '(v) => (/^\\d+$/.test(v) ? Number(v) : undefined)',
					bool: "(v) => (v === 'yes' ? true : v === 'no' ? false : undefined)",
					big: '(v) => (/^\\d+$/.test(v) ? BigInt(v) : undefined)',
					seen: '(v) => `<${v}>`'
				}),
				'routes/n/[n=int]/+server.js': GET,
				'routes/b/[b=bool]/+server.js': GET,
				'routes/g/[g=big]/+server.js': GET,
				'routes/s/[s=seen]/+server.js': GET
			});
			const tree = await loadRouteTree(routes, { rules });
			assert.deepEqual(Object.keys(tree.matchers).sort(), ['big', 'bool', 'int', 'seen']);
			assert.deepEqual(tree.match('/n/42')?.params, { n: 42 });
			assert.equal(tree.match('/n/x'), null);
			assert.deepEqual(tree.match('/b/no')?.params, { b: false });
			assert.deepEqual(tree.match('/g/9007199254740993')?.params, { g: 9007199254740993n });
			assert.deepEqual(tree.match('/s/AC%2FDC')?.params, { s: '<AC/DC>' });
			assert.deepEqual(tree.match('/s/a%2520b')?.params, { s: '<a%20b>' });
		});

		it('the params option names the module, or the path resolve_entry completes', async () => {
			const files = {
				'lib/matchers.js': paramsModule({ int: '(v) => (/^\\d+$/.test(v) ? Number(v) : undefined)' }),
				'routes/[n=int]/+server.js': GET
			};
			const { root, routes } = project(files);
			for (const params of ['lib/matchers.js', 'lib/matchers']) {
				const scanned = scanRoutes(routes, { rules, params: path.join(root, params) });
				// every matcher the routes use, with its module: what $types needs
				assert.deepEqual({ ...scanned.matchers }, { int: path.join(root, 'lib/matchers.js') });
				const tree = await loadRouteTree(routes, { rules, params: path.join(root, params) });
				assert.deepEqual(tree.match('/7')?.params, { n: 7 });
			}
		});

		it('a module no route needs is not loaded', async () => {
			const { routes } = project({ 'params.js': "throw new Error('not needed');\n", 'routes/+server.js': GET });
			assert.deepEqual({ ...scanRoutes(routes, { rules }).matchers }, {});
			await loadRouteTree(routes, { rules });
		});

		it('an optional param whose matcher refuses passes its value on, as in SvelteKit 2', async () => {
			const { routes } = project({
				'params.js': paramsModule({ locale: "(v) => (v === 'en' ? 'en-GB' : undefined)" }),
				'routes/[[lang=locale]]/[...rest]/+server.js': GET
			});
			const tree = await loadRouteTree(routes, { rules });
			assert.deepEqual(tree.match('/en/a/b')?.params, { lang: 'en-GB', rest: 'a/b' });
			assert.deepEqual(tree.match('/fr/a')?.params, { rest: 'fr/a' });
			assert.deepEqual(tree.match('/')?.params, { rest: '' });
		});

		it('no module: param_matcher_missing, naming the route; a SvelteKit 2 folder is not read', () => {
			const { routes } = project({ 'params/int.js': 'export const match = () => true;\n', 'routes/a/[x=int]/+server.js': GET });
			assert.throws(
				() => scanRoutes(routes, { rules }),
				(error) =>
					isTreeError(error, [
						{
							re: /^No matcher found for parameter `int` in route \/a\/\[x=int\] \(at \S+; looked in \S+\)$/,
							names: [path.join('a', '[x=int]')]
						}
					])
			);
		});

		it('a module without `params`, or without the matcher: the file is named, each problem once', async () => {
			const cases: Array<[string, RegExp]> = [
				['export const matchers = {};\n', /^`[^`]*params\.js` does not export `params` from `defineParams`$/],
				[paramsModule({ other: '(v) => v' }), /^No matcher found for parameter `int` in `[^`]*params\.js`$/],
				[
					'export const params = { int: (v) => v };\n',
					/^`params\.int` in `[^`]*params\.js` is not a param matcher: define it with `defineParams`/
				]
			];
			for (const [module, re] of cases) {
				const { routes } = project({
					'params.js': module,
					'routes/a/[x=int]/+server.js': GET,
					'routes/b/[x=int]/[y=int]/+server.js': GET
				});
				await assert.rejects(loadRouteTree(routes, { rules }), (error) => isTreeError(error, [{ re, names: ['params.js'] }]));
			}
		});

		it('a module that fails to import is reported once, however many matchers it holds', async () => {
			const { routes } = project({
				'params.js': "throw new Error('broken params');\n",
				'routes/[a=one]/+server.js': GET,
				'routes/x/[b=two]/+server.js': GET
			});
			await assert.rejects(loadRouteTree(routes, { rules }), (error) =>
				isTreeError(error, [{ re: /params\.js: failed to import: Error: broken params/ }])
			);
		});

		it("the host's page routes may use the module's matchers", async () => {
			const { routes } = project({
				'params.js': paramsModule({ int: '(v) => (/^\\d+$/.test(v) ? Number(v) : undefined)' }),
				'routes/+server.js': GET
			});
			const page = { id: '/p/[n=int]', ...parseRouteId('/p/[n=int]', rules) };
			const tree = await loadRouteTree(routes, { rules, pages: [page] });
			assert.deepEqual(tree.match('/p/3')?.params, { n: 3 });
			const missing = { id: '/q/[n=other]', ...parseRouteId('/q/[n=other]', rules) };
			await assert.rejects(loadRouteTree(routes, { rules, pages: [missing] }), (error) =>
				isTreeError(error, [{ re: /^No matcher found for parameter `other` in `[^`]*params\.js`$/ }])
			);
		});

		it('a matcher that answers a promise or a value a URL cannot hold throws SvelteKit 3 errors', async () => {
			const { routes } = project({
				'params.js': paramsModule({ later: '(v) => Promise.resolve(v)', obj: '(v) => ({ v })' }),
				'routes/a/[x=later]/+server.js': GET,
				'routes/b/[x=obj]/+server.js': GET
			});
			const tree = await loadRouteTree(routes, { rules });
			assert.throws(() => tree.match('/a/1'), {
				name: 'SvelteKit error',
				message: /^param_matcher_async\nAsync param matchers are not supported\n/
			});
			assert.throws(() => tree.match('/b/1'), {
				message: /^param_matcher_result_invalid\nParam matcher must return a string, number, boolean, or bigint\n/
			});
		});
	});

	describe("against SvelteKit 3.2.0's own parse_route_id and exec", () => {
		skipWithoutKit3Node();

		interface Kit3Routing {
			parse_route_id(id: string): { pattern: RegExp; params: unknown[] };
			exec(match: RegExpMatchArray, params: unknown[], matchers: Record<string, unknown>): Record<string, unknown> | undefined;
		}
		let kit: Kit3Routing;
		let defineParams: (definitions: Record<string, (param: string) => unknown>) => Record<string, unknown>;
		before(async () => {
			const src = fixture('kit3/node_modules/@sveltejs/kit/src');
			kit = (await import(pathToFileURL(path.join(src, 'utils/routing.js')).href)) as Kit3Routing;
			({ defineParams } = await import(pathToFileURL(path.join(src, 'exports/params/index.js')).href));
		});

		const definitions: Record<string, (param: string) => unknown> = {
			matches: (param) => param,
			doesntmatch: () => undefined,
			int: (param) => (/^\d+$/.test(param) ? Number(param) : undefined),
			upper: (param) => (/^[a-z/]+$/.test(param) ? param.toUpperCase() : undefined)
		};
		const extra: Array<[string, string[]]> = [
			['/[[a=int]]/[[b=upper]]/[...rest=upper]', ['/', '/1', '/x', '/1/x', '/x/y/z', '/1/2/x', '/X']],
			['/[page-slug=int]-[other-part]', ['/1-a', '/a-1', '/12-3-4']],
			['/e/[v=matches]/[...r]', ['/e/AC%2FDC/a%2Fb/c', '/e/a%2520b/%25', '/e/%E8%8B%97']],
			['/[[lang=doesntmatch]]/[...rest=int]', ['/', '/5', '/en/5', '/x']]
		];
		const rows: Array<[string, string[]]> = [
			...EXEC_CASES.map((row): [string, string[]] => [row.route, row.paths.map(([p]) => p)]),
			...extra
		];

		for (const [route, paths] of rows) {
			it(`${route}: the same pattern, params and values`, () => {
				const ours = parseRouteId(route, rules);
				const theirs = kit.parse_route_id(route);
				assert.equal(ours.pattern.source, theirs.pattern.source);
				assert.deepEqual(ours.params, theirs.params);
				const ourMatchers = Object.fromEntries(Object.entries(definitions).map(([name, fn]) => [name, kit3Matcher(fn)]));
				for (const requested of paths) {
					const decodedPath = decodePathname(requested);
					const match = ours.pattern.exec(decodedPath);
					assert.equal(!!match, !!theirs.pattern.exec(decodedPath), requested);
					if (!match) continue;
					assert.deepEqual(
						execDecoded(match, ours.params, ourMatchers),
						kit.exec(match, theirs.params, defineParams(definitions)),
						requested
					);
				}
			});
		}

		/** our matcher for `fn`, as the params module makes it */
		function kit3Matcher(fn: (param: string) => unknown): ParamMatcher {
			const standard = {
				'~standard': { validate: (value: string) => ((out) => (out === undefined ? { issues: [] } : { value: out }))(fn(value)) }
			};
			return rules.matchers.read({ params: { m: standard } }, path.join(tmp, 'params.js'), ['m'], [])['m']!;
		}
	});

	it("SvelteKit 2's rules are unchanged: a folder of match() modules, values decoded after matching", async () => {
		const { routes } = project({
			'params/seen.js': 'export const match = (v) => v.includes("%2F");\n',
			'routes/[v=seen]/+server.js': GET
		});
		const tree = await loadRouteTree(routes, { rules: kit2RouteRules });
		assert.deepEqual(tree.match('/AC%2FDC')?.params, { v: 'AC/DC' });
		assert.equal(tree.match('/ACDC'), null);
	});
});
