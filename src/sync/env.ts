import path from 'node:path';
import { checkPrefixes, filterEnv, loadEnv } from '../app/env.js';

export interface EnvOptions {
	/** where the `.env` files are; default: the working directory */
	dir?: string;
	/** default `PUBLIC_`, as SvelteKit's `kit.env.publicPrefix` */
	publicPrefix?: string;
	/** default `''`, as SvelteKit's `kit.env.privatePrefix` */
	privatePrefix?: string;
}

export interface EnvNames {
	public: string[];
	private: string[];
	publicPrefix: string;
	privatePrefix: string;
}

// only these can become `export const NAME` declarations
const IDENTIFIER = /^[a-zA-Z_$][a-zA-Z0-9_$]*$/;

/**
 * The names of the variables `$env/*` will offer, read as the runtime reads them in development
 * (the mode `svelte-kit sync` uses). Sorted, so that the output does not depend on the order the
 * environment happens to list them in.
 */
export function readEnvNames(options: EnvOptions = {}): EnvNames {
	const publicPrefix = options.publicPrefix ?? 'PUBLIC_';
	const privatePrefix = options.privatePrefix ?? '';
	checkPrefixes(publicPrefix, privatePrefix);

	const all = loadEnv('development', path.resolve(options.dir ?? '.'));
	const names = (vars: Record<string, string>) => Object.keys(vars).filter((name) => IDENTIFIER.test(name)).sort();
	return {
		public: names(filterEnv(all, publicPrefix, privatePrefix)),
		private: names(filterEnv(all, privatePrefix, publicPrefix)),
		publicPrefix,
		privatePrefix
	};
}
