/**
 * What SvelteKit's virtual imports (`$env/*`, `$app/*`, `@sveltejs/kit/hooks`, `$lib`) give a
 * route file: one rule object per SvelteKit major, referenced by its semantics profile. The
 * modules are built here, in the main thread, and handed to the module hooks (`loader.ts`) as
 * data: the hooks thread serves whatever set it is given and names no major.
 */

/** Generated source, a module file of this package (its name beside `loader.ts`), or an import that fails. */
export type VirtualModule = { readonly source: string } | { readonly file: string } | { readonly error: string };

/** Virtual modules by the specifier a route file imports them with. */
export type VirtualModules = Record<string, VirtualModule>;

export interface AppModulesInput {
	/** an expression for the app's entry in the process-wide registry (`runtime.ts`'s `AppRuntime`) */
	runtime: string;
	dev: boolean;
	/** the variables split by prefix, where the rules split them so (`env: 'prefixed'`) */
	env: { private: Record<string, string>; public: Record<string, string> };
}

export interface DeclaredModulesInput {
	runtime: string;
	dev: boolean;
	/** the load these modules belong to: its declared values are `AppRuntime.declared.get(version)` */
	version: number;
	/** the names the app's `src/env` declares, public and private; empty without the file */
	names: { private: string[]; public: string[] };
}

export interface ImportRules {
	/** tells two registrations of one folder under different rules apart */
	readonly name: string;
	/**
	 * Which variables the env modules hold: every variable, public or private by its prefix
	 * (SvelteKit 2), or only those the app's `src/env` declares, validated (SvelteKit 3).
	 */
	readonly env: 'prefixed' | 'declared';
	/** the modules every load of an app shares, built when it registers */
	appModules(input: AppModulesInput): VirtualModules;
	/**
	 * With declared variables: the modules that hold them, built at each load once `src/env`
	 * has been read; and what importing them says before that (from `src/env` itself).
	 */
	readonly declared?: {
		modules(input: DeclaredModulesInput): VirtualModules;
		/** the error, with `%importer%` for the importing file */
		tooEarly(specifier: string): string;
	};
	/** `$lib` without the `lib` option: the lib folder, or (SvelteKit 3 removed it) an import that fails with this */
	readonly lib: { readonly byDefault: true } | { readonly byDefault: false; readonly removed: string };
	/** Vite's extension probing also for `#` subpath imports (`#lib/db` finds `src/lib/db.ts`) */
	readonly viteSubpathImports: boolean;
}

/** Both majors' `$app/server`: the `getRequestEvent` of this package, and stubs that say why the rest cannot work. */
export const APP_SERVER: VirtualModule = { file: 'app-server' };

/** `$app/environment` of SvelteKit 2, `$app/env` of SvelteKit 3: where the code runs. */
export function environmentModule(runtime: string): VirtualModule {
	return {
		source:
			`const app = ${runtime};\n` +
			'export const browser = false;\n' +
			'export const building = false;\n' +
			'export const dev = app.dev;\n' +
			'export const version = app.version;\n'
	};
}

/** One `export const` per variable whose name can be one, as SvelteKit's generated module. */
export function staticEnvModule(env: Record<string, string>): VirtualModule {
	let source = '';
	for (const [name, value] of Object.entries(env)) {
		if (isExportName(name)) source += `export const ${name} = ${JSON.stringify(value)};\n`;
	}
	return { source: source || 'export {};\n' };
}

/** SvelteKit 2's rules: `$env/*` hold every variable, `$lib` is the lib folder. */
export const kit2ImportRules: ImportRules = {
	name: 'SvelteKit 2',
	env: 'prefixed',
	appModules: ({ runtime, env }) => ({
		'$env/static/private': staticEnvModule(env.private),
		'$env/static/public': staticEnvModule(env.public),
		'$env/dynamic/private': { source: `export const env = ${runtime}.env.private;\n` },
		'$env/dynamic/public': { source: `export const env = ${runtime}.env.public;\n` },
		'$app/environment': environmentModule(runtime),
		'$app/server': APP_SERVER,
		'@sveltejs/kit/hooks': { file: 'kit-hooks' }
	}),
	lib: { byDefault: true },
	viteSubpathImports: false
};

/**
 * SvelteKit 3's rules (`exports/vite/index.js`, `runtime/app/env`, `runtime/env`, `core/env.js`):
 * `$app/env` replaces `$app/environment`; the variables are those `src/env` declares, in
 * `$app/env/private` and `$app/env/public`; `$app/environment` and `$env/*` are deprecated
 * aliases of those, which warn in development; `$lib` is gone (`#lib`, a subpath import, replaces it).
 */
export const kit3ImportRules: ImportRules = {
	name: 'SvelteKit 3',
	env: 'declared',
	appModules: ({ runtime, dev }) => ({
		'$app/env': environmentModule(runtime),
		'$app/environment': {
			source:
				"export * from '$app/env';\n" +
				deprecation(dev, 'app_environment_deprecated', '`$app/environment` is deprecated, use `$app/env` instead')
		},
		'$app/server': APP_SERVER,
		'@sveltejs/kit/hooks': { file: 'kit3-hooks' }
	}),
	declared: {
		modules({ runtime, dev, version, names }) {
			const values = `${runtime}.declared.get(${version})`;
			const modules: Record<string, VirtualModule> = {};
			for (const kind of ['private', 'public'] as const) {
				const target = `$app/env/${kind}`;
				modules[target] = declaredModule(`${values}.${kind}`, names[kind]);
				const deprecated = (name: string) =>
					deprecation(dev, 'env_module_deprecated', `\`${name}\` is deprecated, use \`${target}\` instead`);
				modules[`$env/static/${kind}`] = { source: `export * from '${target}';\n${deprecated(`$env/static/${kind}`)}` };
				modules[`$env/dynamic/${kind}`] = {
					source: `import * as env from '${target}';\nexport { env };\n${deprecated(`$env/dynamic/${kind}`)}`
				};
			}
			return modules;
		},
		// build-errors.js, env_circular_import: what importing them from `src/env` (or what it imports) gets
		tooEarly: (specifier) =>
			kitMessage(
				'env_circular_import',
				`Module \`%importer%\` imports \`$app/env/${specifier.endsWith('public') ? 'public' : 'private'}\`, which creates a circular dependency with \`src/env\``
			)
	},
	lib: {
		byDefault: false,
		// build-errors.js, module_removed_lib; the `lib` option plays the part of SvelteKit's `alias`
		removed: kitMessage(
			'module_removed_lib',
			"`$lib` has been removed. Use `#lib` instead: https://svelte.dev/docs/kit/$lib. To keep using `$lib`, give kit-endpoints the `lib` option (as SvelteKit's `alias: { '$lib': 'src/lib' }`)"
		)
	},
	viteSubpathImports: true
};

/** `export const NAME = values.NAME` for each declared name (all valid, non-reserved identifiers: `src/env` is checked). */
function declaredModule(values: string, names: string[]): VirtualModule {
	if (!names.length) return { source: 'export {};\n' };
	return { source: `const env = ${values};\n${names.map((name) => `export const ${name} = env.${name};\n`).join('')}` };
}

/** SvelteKit 3's diagnostics: code, sentence, link (`messages/internal/*.js`). */
export function kitMessage(code: string, text: string): string {
	return `${code}\n${text}\nhttps://svelte.dev/e/kit/${code}`;
}

/** A development-only warning of a generated module, printed as `messages/shared-warnings.js` prints it. */
function deprecation(dev: boolean, code: string, text: string): string {
	if (!dev) return '';
	const message = JSON.stringify(`%c[sveltekit] ${code}\n%c${text}\nhttps://svelte.dev/e/kit/${code}`);
	return `console.warn(${message}, 'font-weight: bold', 'font-weight: normal');\n`;
}

/** Whether `name` can follow `export const`; SvelteKit leaves other variables out of `$env/static/*`. */
export function isExportName(name: string): boolean {
	return IDENTIFIER.test(name) && !RESERVED.has(name);
}

const IDENTIFIER = /^[a-zA-Z_$][a-zA-Z0-9_$]*$/;

/** Names that cannot follow `export const`. */
export const RESERVED: ReadonlySet<string> = new Set([
	'arguments',
	'await',
	'break',
	'case',
	'catch',
	'class',
	'const',
	'continue',
	'debugger',
	'default',
	'delete',
	'do',
	'else',
	'enum',
	'eval',
	'export',
	'extends',
	'false',
	'finally',
	'for',
	'function',
	'if',
	'implements',
	'import',
	'in',
	'instanceof',
	'interface',
	'let',
	'new',
	'null',
	'package',
	'private',
	'protected',
	'public',
	'return',
	'static',
	'super',
	'switch',
	'this',
	'throw',
	'true',
	'try',
	'typeof',
	'var',
	'void',
	'while',
	'with',
	'yield'
]);
