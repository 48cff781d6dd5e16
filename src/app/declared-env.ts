/**
 * SvelteKit 3's declared environment variables (`core/env.js`, `exports/internal/env.js`):
 * `src/env.js` or `src/env.ts` exports `variables` (made with `defineEnvVars` from
 * `@sveltejs/kit/env`), and `$app/env/private` and `$app/env/public` hold those variables and no
 * others, each checked by its schema when the app starts. An app without the file has none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { relative } from '../paths.js';
import type { Importer } from '../routes/load.js';
import { isExportName, kitMessage } from './imports.js';

export interface DeclaredEnv {
	names: { private: string[]; public: string[] };
	values: { private: Record<string, unknown>; public: Record<string, unknown> };
}

// SvelteKit's default `moduleExtensions`
const EXTENSIONS = ['.js', '.ts'];

// exports/internal/env.js: the issues a value can have besides its schema's own
const MISSING = 'Value is missing. If it is optional, add a validator declaring it as such.';
const BAD_VALIDATOR = 'Variable was configured with a validator that does not implement Standard Schema';
const ASYNC_VALIDATOR = 'Variable uses an async validator, which is not supported';

/** `src/env` as SvelteKit's `resolve_entry` finds it: a file of that name, its folder's index, or `env.js` / `env.ts`. */
export function findEnvEntry(root: string): string | undefined {
	return resolveEntry(path.join(root, 'env'));
}

/** A module SvelteKit names without its extension (`src/env`, `src/params`): the file, its folder's `index`, or the file with an extension. */
export function resolveEntry(entry: string): string | undefined {
	const candidates = [entry, ...EXTENSIONS.map((ext) => path.join(entry, `index${ext}`)), ...EXTENSIONS.map((ext) => entry + ext)];
	return candidates.find((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile());
}

/**
 * Imports the app's `src/env` (through `load`, so under the load's version) and checks its
 * variables against `env`. Undefined when that fails, the reason then being in `problems`.
 */
export async function readDeclaredEnv(
	root: string,
	env: Record<string, string>,
	load: Importer,
	problems: string[]
): Promise<DeclaredEnv | undefined> {
	const entry = findEnvEntry(root);
	if (!entry) return { names: { private: [], public: [] }, values: { private: {}, public: {} } };
	const module = await load(entry);
	if (!module) return undefined;
	try {
		return declaredEnv(module.variables, env, entry);
	} catch (error) {
		problems.push(`${relative(entry)}: ${(error as Error).message}`);
		return undefined;
	}
}

/** The variables `variables` declares, valued from `env`; throws SvelteKit's error for a bad declaration or value. */
export function declaredEnv(variables: unknown, env: Record<string, string>, entry: string): DeclaredEnv {
	const declared: DeclaredEnv = { names: { private: [], public: [] }, values: { private: {}, public: {} } };
	const issues: Array<[string, string[]]> = [];
	for (const [name, config] of Object.entries(checkDeclarations(variables, entry))) {
		const checked = check(config, Object.hasOwn(env, name) ? env[name] : undefined);
		if (checked.issues) issues.push([name, checked.issues]);
		const kind = config?.public ? 'public' : 'private';
		declared.names[kind].push(name);
		declared.values[kind][name] = checked.value;
	}
	if (issues.length) {
		const list = issues.map(([name, messages]) => `${name}\n${messages.map((message) => `  - ${message}`).join('\n')}`).join('\n\n');
		throw kitError('env_invalid', `Invalid environment variables:\n\n${list}\n`);
	}
	return declared;
}

/** One declared variable's settings (`EnvVarConfig`), as far as kit-endpoints reads them. */
export interface EnvVarConfig {
	public?: unknown;
	schema?: unknown;
	description?: unknown;
}

/** `variables` when it is an object of variables with names `export const` can have (`core/env.js`); else SvelteKit's error. */
export function checkDeclarations(variables: unknown, entry: string): Record<string, EnvVarConfig | null | undefined> {
	if (!variables || typeof variables !== 'object') {
		throw kitError('env_variables_missing', `\`${relative(entry)}\` must export a variables object`);
	}
	for (const name of Object.keys(variables)) {
		if (!isExportName(name))
			throw kitError('env_invalid_variable_name', `Invalid environment variable name \`${JSON.stringify(name)}\``);
	}
	return variables as Record<string, EnvVarConfig | null | undefined>;
}

interface StandardSchema {
	'~standard': { validate(value: unknown): unknown };
}

/** One variable's value through its schema, as `validate` in `exports/internal/env.js`. */
function check(config: unknown, value: string | undefined): { value?: unknown; issues?: string[] } {
	const schema = (config as { schema?: unknown } | null | undefined)?.schema as StandardSchema | undefined;
	if (!schema) return value === undefined ? { value, issues: [MISSING] } : { value };
	if (!schema['~standard']) return { issues: [BAD_VALIDATOR] };
	const result = schema['~standard'].validate(value) as { value?: unknown; issues?: Array<{ message: string }> } | Promise<unknown>;
	if (result instanceof Promise) {
		// the rejection, if any, is not the reason given
		result.catch(() => {});
		return { issues: [ASYNC_VALIDATOR] };
	}
	if (result.issues) return { issues: result.issues.map((issue) => issue.message) };
	return { value: result.value };
}

function kitError(code: string, text: string): Error {
	return Object.assign(new Error(kitMessage(code, text)), { name: 'SvelteKit error' });
}
