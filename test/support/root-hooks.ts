// Loaded by .mocharc.json for the whole run. SvelteKit's `sveltekit()`, evaluated with a fixture
// app's Vite config, looks for svelte.config.js in the working directory, which is the
// repository's root here, and prints that it found none. kit-endpoints drops that plugin and
// reads the app's own svelte.config.js, so the notice says nothing about the test: only that
// exact line is kept out of the run's output.
const NOTICE = /^No Svelte config file found in .* - using SvelteKit's default configuration without an adapter\.$/;

const log = console.log;

export const mochaHooks = {
	beforeAll(): void {
		console.log = (...args: unknown[]) => {
			if (args.length === 1 && typeof args[0] === 'string' && NOTICE.test(args[0])) return;
			log(...args);
		};
	},
	afterAll(): void {
		console.log = log;
	}
};
