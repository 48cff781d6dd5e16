// Route trees written for SvelteKit 3 (test/fixtures/kit3/), whose files get `@sveltejs/kit@3`.
// It needs Node 22.17 or later (its `engines`): tests that import it, directly or through one of
// these trees, skip themselves on older Node. Not a spec file.
import path from 'node:path';
import { FIXTURES } from './helpers.js';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

/** whether this Node can run `@sveltejs/kit@3` */
export const KIT3_NODE = major > 22 || (major === 22 && minor >= 17);

/** In a `describe`: skips the block's tests on a Node too old for `@sveltejs/kit@3`. */
export function skipBelowKit3Node(): void {
	before(function () {
		if (!KIT3_NODE) this.skip();
	});
}

/** `test/fixtures/kit3/<name>/routes` */
export function kit3Routes(name: string): string {
	return path.join(FIXTURES, 'kit3', name, 'routes');
}
