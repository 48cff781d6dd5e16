import { createRequire } from 'node:module';
import path from 'node:path';
import { kit2 } from './kit2.js';
import { kit3 } from './kit3.js';
import type { Semantics } from './profile.js';

export type { Semantics } from './profile.js';

/** The SvelteKit majors whose behaviour the endpoints can follow. */
export type KitMajor = 2 | 3;

const PROFILES: Record<KitMajor, Semantics> = { 2: kit2, 3: kit3 };

/**
 * The profile for `kit`, or for the major of the `@sveltejs/kit` the app's route files import
 * (resolved from the routes directory, as they resolve it); without one, the current release.
 */
export function semanticsFor(kit: unknown, routes: string): Semantics {
	if (kit === undefined) return PROFILES[installedKitMajor(routes) ?? 3];
	if (kit !== 2 && kit !== 3) throw new TypeError(`kit must be 2 or 3, the SvelteKit major to follow (got ${JSON.stringify(kit)})`);
	return PROFILES[kit];
}

/** The major of the `@sveltejs/kit` that route files in `routes` would import, if any. */
export function installedKitMajor(routes: string): KitMajor | undefined {
	try {
		const require = createRequire(path.join(routes, 'noop.js'));
		const { version } = require('@sveltejs/kit/package.json') as { version: string };
		const major = Number(version.split('.')[0]);
		return major === 2 || major === 3 ? major : undefined;
	} catch {
		return undefined;
	}
}
