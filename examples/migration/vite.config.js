// Only for `kit-endpoints verify` (see the README): it builds src/routes with real SvelteKit.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	// In this repository, the cookie package at the top of node_modules is kit-endpoints' own
	// (2.x); SvelteKit 2's (0.6) is nested under it. Bundling it keeps SvelteKit's, as a
	// SvelteKit app's own install would.
	ssr: { noExternal: ['cookie'] }
});
