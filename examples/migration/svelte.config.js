// Only for `kit-endpoints verify` (see the README): it builds src/routes with real SvelteKit.
/** @type {import('@sveltejs/kit').Config} */
export default {};
