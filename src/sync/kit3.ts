/**
 * What SvelteKit 3.2.0's sync writes for endpoints (`core/sync/write_tsconfig`,
 * `write_app_types.js`, `write_env.js`, `write_types`): the config a project extends and the
 * declarations of `$app/types` and `$app/env/*` go to `node_modules/$app` (`"extends":
 * "$app/tsconfig.json"`, `"types": ["$app/types"]`), the route types to `outDir/types`. Params
 * are typed by what their matcher returns, read from the one params module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { envSettings } from '../app/defaults.js';
import { checkDeclarations, findEnvEntry, resolveEntry, type EnvVarConfig } from '../app/declared-env.js';
import { kit3ImportRules } from '../app/imports.js';
import { registerApp } from '../app/register.js';
import { AppLoadError } from '../errors.js';
import { relative } from '../paths.js';
import { createImporter } from '../routes/load.js';
import { appModules } from './ambient.js';
import type { RouteParam, ScannedRoute } from '../routes/types.js';
import { BASE_MODULE, type BaseChoice } from './base.js';
import { posixRelative, quote } from './files.js';
import { GENERATED, SERVER_PAGE } from './route-types.js';
import { appTypesModule } from './kit3-app-types.js';
import type { SyncContext, TypesRules } from './rules.js';

/** Where SvelteKit 3 writes what a project's tsconfig.json reaches through `node_modules`. */
const appDir = (cwd: string) => path.join(cwd, 'node_modules', '$app');

// without @sveltejs/kit, what its `MatcherParam` reads of a matcher: the output of its Standard Schema
const OWN_MATCHER_PARAM =
	"type MatcherParam<M> = M extends { readonly '~standard': { readonly types?: { readonly output: infer O } | undefined } } ? O : string;";

export const kit3TypesRules: TypesRules = {
	routeTypes,
	async projectFiles(context) {
		const dir = appDir(context.cwd);
		const env = await readEnvDeclarations(context);
		return [
			[path.join(dir, 'tsconfig.json'), appTsconfig(context)],
			[path.join(dir, 'types', 'index.d.ts'), appTypes(context)],
			[path.join(dir, 'types', 'env.d.ts'), envTypes(env, path.join(dir, 'types'), context.base)]
		];
	},
	places: (context) => [context.out, appDir(context.cwd)],
	describe: (base) => `SvelteKit 3 types from ${base.types === 'kit' ? '@sveltejs/kit' : 'kit-endpoints'}`
};

/** The `$types.d.ts` of one route: `RouteParams` typed by the matchers' outputs, and the handler types. */
function routeTypes(route: ScannedRoute, dir: string, context: SyncContext): string {
	const kit = context.base.types === 'kit';
	const ns = kit ? 'Kit' : 'Endpoints';
	const matcher = (name: string) =>
		`MatcherParam<(typeof import(${quote(paramsImport(dir, name, context))}).params)[${JSON.stringify(name)}]>`;
	const lines = [
		GENERATED,
		`// base types: ${BASE_MODULE[context.base.types]} (${context.base.reason})`,
		`import type * as ${ns} from ${quote(BASE_MODULE[context.base.types])};`,
		kit ? "import { MatcherParam } from '@sveltejs/kit/params';" : OWN_MATCHER_PARAM,
		'',
		'type Expand<T> = T extends infer O ? { [K in keyof O]: O[K] } : never;',
		`type RouteParams = ${paramsType(route.params, matcher)};`,
		`type RouteId = ${quote(route.id)};`,
		''
	];
	if (route.params.length) lines.push('export type EntryGenerator = () => Promise<Array<RouteParams>> | Array<RouteParams>;');
	if (route.endpoint) lines.push(`export type RequestHandler = ${ns}.RequestHandler<RouteParams, RouteId>;`);
	if (route.endpoint || route.pages.some((file) => SERVER_PAGE.test(path.basename(file)))) {
		lines.push(`export type RequestEvent = ${ns}.RequestEvent<RouteParams, RouteId>;`);
	}
	return lines.join('\n') + '\n';
}

/** `{ id: …; 'page-slug'?: string | undefined }`, as `generate_params_type` writes it. */
export function paramsType(params: RouteParam[], matcher: (name: string) => string): string {
	const fields = params.map((param) => {
		const name = /^\w+$/.test(param.name) ? param.name : `'${param.name}'`;
		const type = param.matcher ? matcher(param.matcher) : 'string';
		return param.optional ? `${name}?: ${type} | undefined` : `${name}: ${type}`;
	});
	return `{ ${fields.join('; ')} }`;
}

/** The params module, as an import from `fromDir`: the file the scan found for `name`, else the one SvelteKit would name. */
export function paramsImport(fromDir: string, name: string, context: SyncContext): string {
	const file = context.matchers[name] ?? resolveEntry(context.params) ?? `${context.params.replace(/\.(js|ts)$/, '')}.js`;
	const specifier = posixRelative(fromDir, file);
	return specifier.startsWith('.') ? specifier : `./${specifier}`;
}

/** `node_modules/$app/tsconfig.json`: SvelteKit 3's options, paths relative to it, `$lib` only for a given `lib` (its `alias`). */
function appTsconfig(context: SyncContext): string {
	const dir = appDir(context.cwd);
	const paths: Record<string, string[]> = {};
	if (context.libGiven) {
		const lib = posixRelative(dir, context.lib);
		paths.$lib = [lib];
		paths['$lib/*'] = [`${lib}/*`];
	}
	const compilerOptions = {
		paths,
		rootDirs: [posixRelative(dir, context.cwd), posixRelative(dir, path.join(context.out, 'types'))],
		types: ['$app/types'],
		lib: ['ESNext', 'DOM', 'DOM.Iterable'],
		// Vite compiles modules one at a time
		verbatimModuleSyntax: true,
		isolatedModules: true,
		allowJs: true,
		checkJs: true,
		forceConsistentCasingInFileNames: true,
		resolveJsonModule: true,
		moduleDetection: 'force',
		moduleResolution: 'bundler',
		allowImportingTsExtensions: true,
		module: 'esnext',
		target: 'esnext',
		skipLibCheck: true,
		esModuleInterop: true,
		noEmit: true
	};
	return JSON.stringify({ compilerOptions }, null, '\t');
}

/**
 * `node_modules/$app/types/index.d.ts`: with SvelteKit, the `$app/types` of the app's routes;
 * without it, the `$app/*` modules a route file imports, declared here.
 */
function appTypes(context: SyncContext): string {
	const header = [GENERATED, `// base types: ${BASE_MODULE[context.base.types]} (${context.base.reason})`].join('\n');
	if (context.base.types !== 'kit') return [header, '/// <reference path="./env.d.ts" />', appModules('$app/env')].join('\n\n') + '\n';
	return (
		[header, "import '@sveltejs/kit';\nimport './env.js';", appTypesModule(context, path.join(appDir(context.cwd), 'types'))].join(
			'\n\n'
		) + '\n'
	);
}

interface EnvDeclarations {
	/** `src/env`, when the app has one */
	entry: string | undefined;
	variables: Record<string, EnvVarConfig | null | undefined>;
}

/**
 * What `src/env` declares, read as SvelteKit reads it: by importing it (with the app's virtual
 * imports, since it may import `$app/env` or `#lib`). Values are not checked: sync needs names.
 */
async function readEnvDeclarations(context: SyncContext): Promise<EnvDeclarations> {
	const root = path.dirname(context.routes);
	const entry = findEnvEntry(root);
	if (!entry) return { entry, variables: {} };
	registerApp({
		root,
		lib: context.lib,
		libGiven: context.libGiven,
		dev: false,
		version: 'sync',
		env: envSettings(context.env, context.cwd),
		imports: kit3ImportRules
	});
	const problems: string[] = [];
	const module = await createImporter(problems, [])(entry);
	if (!module) throw new AppLoadError(relative(root), problems);
	try {
		return { entry, variables: checkDeclarations(module.variables, entry) };
	} catch (error) {
		throw new AppLoadError(relative(root), [`${relative(entry)}: ${(error as Error).message}`]);
	}
}

const ENV_DOCS = '// See https://svelte.dev/docs/kit/environment-variables for more information';

/** `node_modules/$app/types/env.d.ts`: `$app/env/private` and `$app/env/public` with the declared variables. */
function envTypes({ entry, variables }: EnvDeclarations, dir: string, base: BaseChoice): string {
	const from = entry && posixRelative(dir, entry);
	const header = from ? `// This file is generated from ${from}.\n${ENV_DOCS}` : ENV_DOCS;
	const blocks = (['private', 'public'] as const).map((kind) => {
		const declarations = Object.entries(variables)
			.filter(([, config]) => !!config?.public === (kind === 'public'))
			.map(([name, config]) => {
				const comment = typeof config?.description === 'string' && config.description ? `${jsdoc(config.description)}\n` : '';
				return `${comment}export const ${name}: ${config?.schema ? schemaOutput(`typeof import('${from}').variables.${name}.schema`, base) : 'string'};`;
			});
		const body = declarations.join('\n') || `// no ${kind} environment variables were defined`;
		return `declare module '$app/env/${kind}' {\n${body.replace(/^/gm, '\t')}\n}`;
	});
	return [header, ...blocks].join('\n\n');
}

function schemaOutput(schema: string, base: BaseChoice): string {
	if (base.types === 'kit') return `import('@sveltejs/kit/internal/types').StandardSchemaV1.InferOutput<${schema}>`;
	return `(${schema} extends { readonly '~standard': { readonly types?: { readonly output: infer O } | undefined } } ? O : unknown)`;
}

function jsdoc(description: string): string {
	return `/**\n${description
		.split('\n')
		.map((line) => ` * ${line.replaceAll('*/', '*\\/')}`)
		.join('\n')}\n */`;
}

/** The files of `dir` (SvelteKit's `static`), relative to it, for `AssetPath`. */
export function listAssets(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => posixRelative(dir, path.join(entry.parentPath, entry.name)))
		.sort();
}
