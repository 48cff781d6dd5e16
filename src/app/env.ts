import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export interface EnvConfig {
	/** Where the `.env` files are. */
	dir: string;
	publicPrefix: string;
	privatePrefix: string;
}

export interface KitEnv {
	public: Record<string, string>;
	private: Record<string, string>;
}

/**
 * The variables a SvelteKit app sees: what Vite's `loadEnv(mode, dir, '')` returns, split by
 * the prefixes as SvelteKit splits it. `mode` is `development` under `vite dev`, else
 * `production`.
 */
export function loadKitEnv(config: EnvConfig, mode: string): KitEnv {
	checkPrefixes(config.publicPrefix, config.privatePrefix);
	const all = loadEnv(mode, config.dir);
	return {
		public: filterEnv(all, config.publicPrefix, config.privatePrefix),
		private: filterEnv(all, config.privatePrefix, config.publicPrefix)
	};
}

/**
 * With overlapping prefixes a variable lands in neither module (or, when both are empty, a
 * secret lands in the public one), which is never what was meant; so refuse at start-up.
 */
export function checkPrefixes(publicPrefix: string, privatePrefix: string): void {
	for (const [name, value] of [
		['publicPrefix', publicPrefix],
		['privatePrefix', privatePrefix]
	] as const) {
		if (typeof value !== 'string') throw new TypeError(`env.${name} must be a string`);
	}
	const overlap =
		publicPrefix === privatePrefix ||
		(publicPrefix !== '' && privatePrefix !== '' && (publicPrefix.startsWith(privatePrefix) || privatePrefix.startsWith(publicPrefix)));
	if (overlap) {
		throw new Error(
			`env.publicPrefix (${JSON.stringify(publicPrefix)}) and env.privatePrefix (${JSON.stringify(privatePrefix)}) ` +
				'overlap, so a variable could not be told to be public or private. Choose prefixes that do not start with each other'
		);
	}
}

/** Public and private variables as SvelteKit tells them apart: `allowed` prefix, and not `excluded`'s. */
export function filterEnv(env: Record<string, string>, allowed: string, excluded: string): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(env)) {
		if (name.startsWith(allowed) && (excluded === '' || !name.startsWith(excluded))) result[name] = value;
	}
	return result;
}

/**
 * Vite's `loadEnv` with no prefix filter: `.env`, `.env.local`, `.env.[mode]`,
 * `.env.[mode].local` (later files win), `$NAME` references expanded, and `process.env` winning
 * over all of them. Unlike dotenv's `config()`, `process.env` itself is left alone, as Vite does.
 */
export function loadEnv(mode: string, dir: string): Record<string, string> {
	if (mode === 'local') {
		throw new Error('"local" cannot be a mode: it would be confused with the .local suffix of .env files');
	}
	const parsed: Record<string, string> = {};
	for (const name of ['.env', '.env.local', `.env.${mode}`, `.env.${mode}.local`]) {
		const file = path.join(dir, name);
		let content: string;
		try {
			content = fs.readFileSync(file, 'utf8');
		} catch (error) {
			// a missing file, or a directory of that name, is simply not used
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') continue;
			throw error;
		}
		for (const [key, value] of Object.entries(parseEnv(content))) {
			if (value !== undefined) parsed[key] = value;
		}
	}

	const processEnv = definedOnly(process.env);
	const env = expandAll(parsed, processEnv);
	return Object.assign(env, processEnv);
}

function definedOnly(dict: NodeJS.ProcessEnv): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(dict)) if (value !== undefined) result[key] = value;
	return result;
}

/** `${NAME}` or `$NAME`, optionally `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`; `\$` escapes. */
const REFERENCE = /\\\$|\$\{([^{}]+)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const OPERATOR = /^([A-Za-z_][A-Za-z0-9_]*)(:-|-|:\+|\+)?([\s\S]*)$/;

/**
 * Expands references in the `.env` values as dotenv-expand does for Vite: a reference reads
 * `process.env` first, then the files; references inside referenced values expand too, and a
 * cycle ends in an empty string rather than a hang.
 */
function expandAll(parsed: Record<string, string>, processEnv: Record<string, string>): Record<string, string> {
	const done = new Map<string, string>();
	const active = new Set<string>();

	const valueOf = (name: string): string | undefined => {
		if (Object.hasOwn(processEnv, name)) return processEnv[name];
		if (!Object.hasOwn(parsed, name)) return undefined;
		if (done.has(name)) return done.get(name);
		if (active.has(name)) return '';
		active.add(name);
		const value = expand(parsed[name]!);
		active.delete(name);
		done.set(name, value);
		return value;
	};

	const expand = (raw: string): string =>
		raw.replace(REFERENCE, (whole, braced: string | undefined, bare: string | undefined) => {
			if (whole === '\\$') return '$';
			if (bare !== undefined) return valueOf(bare) ?? '';
			const match = OPERATOR.exec(braced!);
			if (!match) return whole;
			const [, name, operator, operand] = match as unknown as [string, string, string | undefined, string];
			const value = valueOf(name);
			if (operator === undefined) return operand === '' ? (value ?? '') : whole;
			// as in Vite, an empty value counts as unset with or without the colon
			if (operator.endsWith('+')) return value ? expand(operand) : '';
			return value ? value : expand(operand);
		});

	const result: Record<string, string> = {};
	for (const name of Object.keys(parsed)) {
		// a name also in process.env keeps process.env's value, unexpanded, as in Vite
		result[name] = Object.hasOwn(processEnv, name) ? processEnv[name]! : valueOf(name)!;
	}
	return result;
}
