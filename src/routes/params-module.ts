import fs from 'node:fs';
import path from 'node:path';
import { relative } from '../paths.js';
import type { EndpointModule, ParamMatcher } from './types.js';

/**
 * SvelteKit 3's param matchers: one module (`files.params`, `src/params.js` or
 * `src/params/index.js`) that exports `params = defineParams({ name: definition })`, each
 * definition a Standard Schema once `defineParams` has made it one (exports/params/index.js).
 * The module is loaded only when a route uses a matcher, and checked as `load_and_validate_params`
 * checks it (core/params.js).
 */

/**
 * `files.params` as resolve_entry finds it (utils/filesystem.js): the path itself when it is a
 * file, the `index` module of a folder that has one, else the file beside it named like it with
 * a module extension (`src/params` → `src/params.js`). A folder of SvelteKit 2 matchers without
 * an index is not a params module.
 */
export function resolveParamsModule(entry: string, extensions: readonly string[]): string | null {
	const stats = statOf(entry);
	if (stats?.isFile()) return entry;
	if (stats?.isDirectory()) {
		const index = path.join(entry, 'index');
		if (extensions.some((extension) => fs.existsSync(index + extension))) return resolveParamsModule(index, extensions);
	}
	let names: string[];
	try {
		// sorted as Node lists them, so that `params.js` wins over `params.ts` as in SvelteKit
		names = fs.readdirSync(path.dirname(entry)).sort();
	} catch {
		return null;
	}
	const base = path.basename(entry);
	const found = names.find(
		(name) =>
			(name === base || extensions.some((extension) => name === base + extension)) &&
			!!statOf(path.join(path.dirname(entry), name))?.isFile()
	);
	return found === undefined ? null : path.join(path.dirname(entry), found);
}

function statOf(file: string): fs.Stats | undefined {
	try {
		return fs.statSync(file);
	} catch {
		return undefined;
	}
}

/** The params module for each of the `used` matcher names; none when there is no module. */
export function findParamsModule(location: string, used: ReadonlySet<string>, extensions: readonly string[]): Record<string, string> {
	const matchers: Record<string, string> = Object.create(null);
	// SvelteKit does not look for the module when no route uses a matcher
	if (!used.size) return matchers;
	const file = resolveParamsModule(location, extensions);
	if (file) for (const name of used) matchers[name] = file;
	return matchers;
}

/** The matchers `names` of the imported params module at `file`, each checked as SvelteKit checks it. */
export function readParamsModule(
	module: EndpointModule,
	file: string,
	names: readonly string[],
	problems: string[]
): Record<string, ParamMatcher> {
	const matchers: Record<string, ParamMatcher> = Object.create(null);
	const where = relative(file);
	const params = module.params as Record<string, unknown> | undefined;
	if (!params || typeof params !== 'object') {
		problems.push(`\`${where}\` does not export \`params\` from \`defineParams\``);
		return matchers;
	}
	for (const name of names) {
		if (!Object.hasOwn(params, name)) {
			problems.push(`No matcher found for parameter \`${name}\` in \`${where}\``);
			continue;
		}
		const standard = standardOf(params[name]);
		if (standard) {
			matchers[name] = toMatcher(standard);
		} else {
			// SvelteKit would fail each request that reaches it with a TypeError: say so at once
			problems.push(
				`\`params.${name}\` in \`${where}\` is not a param matcher: define it with \`defineParams\` from \`@sveltejs/kit/params\``
			);
		}
	}
	return matchers;
}

interface StandardProps {
	validate(value: unknown): unknown;
}

interface StandardResult {
	value?: unknown;
	issues?: unknown;
}

/** The `~standard` side of a Standard Schema, which is what `defineParams` makes of every definition. */
function standardOf(schema: unknown): StandardProps | undefined {
	if (!schema || (typeof schema !== 'object' && typeof schema !== 'function')) return undefined;
	const standard = (schema as { '~standard'?: StandardProps })['~standard'];
	return standard && typeof standard.validate === 'function' ? standard : undefined;
}

/**
 * `run_matcher` (utils/routing.js): the value the schema produced, undefined when it reports
 * issues; an async result or a value that a URL cannot hold is an error, as in SvelteKit.
 */
function toMatcher(standard: StandardProps): ParamMatcher {
	return (param) => {
		const result = standard.validate(param) as StandardResult;
		if (result instanceof Promise) throw kitError('param_matcher_async', 'Async param matchers are not supported');
		if (result.issues) return undefined;
		const value = result.value;
		const type = typeof value;
		if (type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint') return value;
		throw kitError('param_matcher_result_invalid', 'Param matcher must return a string, number, boolean, or bigint');
	};
}

/** An error as SvelteKit 3's messages throw it: code, sentence and documentation link. */
function kitError(code: string, message: string): Error {
	const error = new Error(`${code}\n${message}\nhttps://svelte.dev/e/kit/${code}`);
	error.name = 'SvelteKit error';
	return error;
}
