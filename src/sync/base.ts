import fs from 'node:fs';
import path from 'node:path';

/** Whose `RequestHandler` and `RequestEvent` the generated types build on. */
export type BaseTypes = 'kit' | 'kit-endpoints';

export interface BaseChoice {
	types: BaseTypes;
	/** why: shown in a comment of every generated file */
	reason: string;
}

/** The module each base's types are imported from. */
export const BASE_MODULE: Record<BaseTypes, string> = {
	kit: '@sveltejs/kit',
	'kit-endpoints': 'kit-endpoints'
};

/**
 * SvelteKit's own types when the project has `@sveltejs/kit`, so route files type-check as they
 * would in a SvelteKit app; kit-endpoints' types otherwise. `requested` overrides the guess.
 */
export function chooseBase(cwd: string, requested?: BaseTypes): BaseChoice {
	if (requested) return { types: requested, reason: `chosen with --types ${requested}` };
	return hasKit(cwd)
		? { types: 'kit', reason: '@sveltejs/kit is installed; --types kit-endpoints overrides' }
		: { types: 'kit-endpoints', reason: '@sveltejs/kit is not installed; --types kit overrides' };
}

/**
 * Looks for `@sveltejs/kit` the way TypeScript will, through every `node_modules` above the
 * project. Its exports offer no `require` condition, so `require.resolve` cannot be the test.
 */
function hasKit(cwd: string): boolean {
	for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'node_modules', '@sveltejs', 'kit', 'package.json'))) return true;
		if (path.dirname(dir) === dir) return false;
	}
}
