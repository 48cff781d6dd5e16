#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { AppLoadError, RouteTreeError } from './errors.js';
import { relative } from './paths.js';
import type { Route, RouteParam } from './routes/types.js';
import { sync, type BaseTypes } from './sync/index.js';

const USAGE = `Usage:
  kit-endpoints routes <routes-dir> [--kit 2|3] [--params <path>] [--json]
  kit-endpoints shadow <app-module> [--json]
  kit-endpoints sync <routes-dir> [--kit 2|3] [--params <path>] [--lib <dir>] [--out <dir>] [--types kit|kit-endpoints]
  kit-endpoints verify <requests.json> [--app <dir>]

routes  Prints the route table in priority order: route id, URL pattern, exported methods,
        whether a page shares the route, and the params with their types. --kit chooses whose
        rules read the tree, as the middleware's kit option (default: the installed major, else 3).
        --json prints what middleware.routes lists, as JSON.
shadow  Imports the module (its default export, or its export named app: an Express or Koa app
        that mounts kit-endpoints beside its own routes, without calling listen), waits for the
        middleware to load and prints the shadowing report: legacy routes the +server files now
        answer, +server routes a legacy route mounted earlier hides, new +server routes, and
        legacy routes not moved yet, per method. --json prints it as JSON.
sync    Writes what SvelteKit's sync writes, into --out (default .svelte-kit): a $types.d.ts for
        every route, so that route files can import RequestHandler from './$types'; the
        tsconfig.json that your tsconfig.json extends; and ambient.d.ts for $env/* and $app/*.
        The types build on @sveltejs/kit's when it is installed, else on kit-endpoints';
        --types chooses. --lib is what $lib points at (default: lib beside the routes).
        --kit 3 (the default when the routes resolve @sveltejs/kit 3) writes SvelteKit 3's
        files instead: node_modules/$app/tsconfig.json for "extends": "$app/tsconfig.json",
        node_modules/$app/types with $app/types and the $app/env/* variables src/env declares,
        and params typed by what their matcher in src/params returns. $lib only with --lib.

verify  Sends the requests of the file to the app's route files served by kit-endpoints, and to
        the same files served by real SvelteKit: the app (--app, default the working directory,
        with svelte.config.js, its Vite config and src/routes) copied into a temporary folder,
        built with the vite and @sveltejs/kit it has installed, and run as adapter-node's output,
        or by vite preview with other adapters. Prints every difference in status, headers and
        body, and exits 1 if there is one. The file: [{ "name", "method", "path", "headers",
        "body" or "json" }, ...], or { "requests": [...], "ignoreHeaders": [...] }.

Each command prints every error of a broken route tree and exits 1.`;

const TYPES: readonly string[] = ['kit', 'kit-endpoints'] satisfies BaseTypes[];

async function main(argv: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				kit: { type: 'string' },
				params: { type: 'string' },
				lib: { type: 'string' },
				out: { type: 'string' },
				types: { type: 'string' },
				json: { type: 'boolean' },
				app: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (error) {
		return usage((error as Error).message);
	}
	const { positionals, values } = parsed;
	if (values.help) {
		console.log(USAGE);
		return 0;
	}

	const [command, dir, ...extra] = positionals;
	if (!dir || extra.length) return usage();
	if (command === 'verify') return verifyRequests(dir, values.app);
	if (values.app !== undefined) return usage('--app is an option of verify');
	if (values.kit !== undefined && values.kit !== '2' && values.kit !== '3') return usage(`--kit must be 2 or 3, not ${values.kit}`);
	const kit = values.kit === undefined ? undefined : (Number(values.kit) as 2 | 3);
	if (command === 'routes') {
		const misplaced = (['lib', 'out', 'types'] as const).find((name) => values[name] !== undefined);
		return misplaced ? usage(`--${misplaced} is an option of sync`) : routes(dir, values.params, kit, values.json === true);
	}
	if (command === 'shadow') {
		const misplaced = (['kit', 'params', 'lib', 'out', 'types'] as const).find((name) => values[name] !== undefined);
		return misplaced ? usage(`--${misplaced} is not an option of shadow`) : shadow(dir, values.json === true);
	}
	if (values.json) return usage('--json is an option of routes and shadow');
	if (command === 'sync') {
		if (values.types !== undefined && !TYPES.includes(values.types)) {
			return usage(`--types must be kit or kit-endpoints, not ${values.types}`);
		}
		return syncTypes(dir, { ...values, kit, types: values.types as BaseTypes | undefined });
	}
	return usage();
}

/** The table needs every route's methods: a route file that fails to import fails the command, as a tree problem would. */
function failedRoutes(dir: string, routes: Route[]): void {
	const failed = routes.filter((route) => route.failure);
	if (failed.length)
		throw new RouteTreeError(
			relative(dir),
			failed.map((route) => `${relative(route.endpoint!)}: ${route.failure!.message}`)
		);
}

function usage(problem?: string): number {
	if (problem) console.error(`${problem}\n`);
	console.error(USAGE);
	return 2;
}

async function routes(dir: string, params: string | undefined, kit: 2 | 3 | undefined, json: boolean): Promise<number> {
	try {
		// only the table imports route modules: sync reads the tree without the loader
		const [{ loadRouteTree }, { createImporter }, { prepareLoad, registerApp }, { resolveOptions }] = await Promise.all([
			import('./routes/index.js'),
			import('./routes/load.js'),
			import('./app/register.js'),
			import('./options.js')
		]);
		// route files may import $lib, $env and $app as they do when served
		const options = resolveOptions(dir, { params, kit, dev: false });
		const id = registerApp({ ...options, imports: options.semantics.imports });
		const problems: string[] = [];
		await prepareLoad(id, 0, createImporter(problems, []), problems);
		if (problems.length) throw new AppLoadError(relative(dir), problems);
		const tree = await loadRouteTree(dir, { params, rules: options.semantics.routes });
		failedRoutes(dir, tree.routes);
		if (json) {
			const { describeRoutes } = await import('./inventory/routes.js');
			console.log(JSON.stringify(describeRoutes(tree.routes), null, '\t'));
		} else console.log(formatTable(tree.routes, options.semantics.routes.matchers.valueType));
		return 0;
	} catch (error) {
		return fail(error);
	}
}

/**
 * The shadowing report of an app module. The app's own modules may keep the process alive
 * (servers, timers, the development watcher): the CLI exits once the report is out.
 */
async function shadow(file: string, json: boolean): Promise<number> {
	const [{ shadowReport }, { formatShadowReport }, { pathToFileURL }, path] = await Promise.all([
		import('./inventory/shadow.js'),
		import('./inventory/format.js'),
		import('node:url'),
		import('node:path')
	]);
	let code = 0;
	let output: string;
	try {
		const module = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown; app?: unknown };
		const app = module.default ?? module.app;
		if (app === undefined) throw new Error(`${file} exports neither a default export nor one named app`);
		const report = await shadowReport(app);
		output = json ? JSON.stringify(report, null, '\t') : formatShadowReport(report);
	} catch (error) {
		output = '';
		code = fail(error);
	}
	if (output) await new Promise<void>((resolve) => process.stdout.write(`${output}\n`, () => resolve()));
	process.exit(code);
}

async function syncTypes(
	dir: string,
	options: { kit?: 2 | 3; params?: string; lib?: string; out?: string; types?: BaseTypes }
): Promise<number> {
	try {
		const result = await sync({ routes: dir, ...options });
		const changes = [
			result.written.length ? `${plural(result.written.length, 'file')} written` : 'up to date',
			...(result.removed.length ? [`${result.removed.length} stale removed`] : [])
		];
		console.log(
			`Synced ${plural(result.routes, 'route')} into ${result.places.map(relative).join(' and ')} ` +
				`(${result.description}): ${changes.join(', ')}`
		);
		return 0;
	} catch (error) {
		return fail(error);
	}
}

async function verifyRequests(file: string, app: string | undefined): Promise<number> {
	const { verify, VerifyError } = await import('./verify/index.js');
	try {
		return (await verify(file, { app })) > 0 ? 1 : 0;
	} catch (error) {
		if (!(error instanceof VerifyError)) return fail(error);
		console.error(error.message);
		return 2;
	}
}

function fail(error: unknown): number {
	console.error(error instanceof AppLoadError ? error.message : error);
	return 1;
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatTable(routes: Route[], matched: string): string {
	const rows = [
		['ROUTE', 'PATTERN', 'METHODS', 'PAGE', 'PARAMS'],
		...routes.map((route) => [
			route.id,
			route.pattern.source.replace(/\\\//g, '/'),
			methodsOf(route),
			route.pages.length ? 'yes' : 'no',
			route.params.map((param) => formatParam(param, matched)).join(', ') || '-'
		])
	];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
	return rows
		.map((row) =>
			row
				.map((cell, column) => cell.padEnd(widths[column]!))
				.join('  ')
				.trimEnd()
		)
		.join('\n');
}

/**
 * `lang?: string`, `path: string (rest)`, `fruit: string (matcher fruit)`: the runtime type, with
 * `matched` for a param with a matcher; `$types.d.ts` narrows it to what the matcher gives.
 */
function formatParam(param: RouteParam, matched: string): string {
	const notes = [...(param.rest ? ['rest'] : []), ...(param.matcher ? [`matcher ${param.matcher}`] : [])];
	const type = param.matcher ? matched : 'string';
	return `${param.name}${param.optional ? '?' : ''}: ${type}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

function methodsOf(route: Route): string {
	if (!route.module) return '-';
	const methods = [...route.methods];
	if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
	if (typeof route.module.fallback === 'function') methods.push('fallback');
	return methods.join(', ') || '-';
}

process.exitCode = await main(process.argv.slice(2));
