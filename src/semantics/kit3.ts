import { kit3ImportRules } from '../app/imports.js';
import { kit3TypesRules } from '../sync/kit3.js';
import { kit2 } from './kit2.js';
import type { Semantics } from './profile.js';

/**
 * SvelteKit 3.x, as read in the 3.2.0 source (`@sveltejs/kit@3` ships its `src/`) and observed
 * on a 3.2.0 server with adapter-node 6. Where an answer is still SvelteKit 2's, the two majors
 * agree on it.
 */
export const kit3: Semantics = {
	...kit2,
	major: 3,
	imports: kit3ImportRules,
	types: kit3TypesRules
};
