import { envSettings, type EnvSettings } from '../app/defaults.js';
import { checkPrefixes, filterEnv, loadEnv } from '../app/env.js';

/** SvelteKit's `kit.env`: `.env` files in `dir` (the working directory), `PUBLIC_` names public. */
export type EnvOptions = Partial<EnvSettings>;

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
	const { dir, publicPrefix, privatePrefix } = envSettings(options);
	checkPrefixes(publicPrefix, privatePrefix);

	const all = loadEnv('development', dir);
	const names = (vars: Record<string, string>) =>
		Object.keys(vars)
			.filter((name) => IDENTIFIER.test(name))
			.sort();
	return {
		public: names(filterEnv(all, publicPrefix, privatePrefix)),
		private: names(filterEnv(all, privatePrefix, publicPrefix)),
		publicPrefix,
		privatePrefix
	};
}
