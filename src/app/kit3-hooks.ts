// What route and hook files get for `import … from '@sveltejs/kit/hooks'` under SvelteKit 3's
// rules: the same `sequence` (SvelteKit's reads its own request store), and the
// `defineEnvVars` that 3.x keeps there only to say it moved (`exports/hooks/index.js`).
import { kitMessage } from './imports.js';

export { sequence } from './kit-hooks.js';

export function defineEnvVars(): never {
	throw Object.assign(
		new Error(kitMessage('define_env_vars_moved', '`defineEnvVars` has moved — import it from `@sveltejs/kit/env` instead')),
		{ name: 'SvelteKit error' }
	);
}
