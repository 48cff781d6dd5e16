// The semantics profile is chosen once, from the `kit` option or the app's @sveltejs/kit.
import assert from 'node:assert/strict';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { semanticsFor } from '../src/semantics/index.js';

const ROUTES = fileURLToPath(new URL('./fixtures/app/routes/', import.meta.url));

describe('semantics: which SvelteKit the endpoints follow', () => {
	it('follows the major of the @sveltejs/kit the route files resolve', () => {
		// the fixtures resolve the repository's @sveltejs/kit 2
		assert.equal(semanticsFor(undefined, ROUTES).major, 2);
	});

	it('follows SvelteKit 3, the current release, where no @sveltejs/kit resolves', () => {
		assert.equal(semanticsFor(undefined, os.tmpdir()).major, 3);
	});

	it('follows the kit option over what is installed', () => {
		assert.equal(semanticsFor(3, ROUTES).major, 3);
		assert.equal(semanticsFor(2, os.tmpdir()).major, 2);
	});

	it('refuses a major it does not know, at start-up', () => {
		assert.throws(() => semanticsFor(4, ROUTES), /kit must be 2 or 3/);
		assert.throws(() => semanticsFor('3', ROUTES), /kit must be 2 or 3/);
	});
});
