// Where the hooks run in a thread of their own (Node 20, early 22s): registered once for each
// app after the first, for each load that brings modules of its own (SvelteKit 3's declared
// variables) and for an app's aliases: it hands them to the hooks that the loader
// registered first already runs, and has no resolve or load hook of its own, so Node's hook
// chain (which every import walks) stays one link long however many apps a process serves.
import type { InitializeHook } from 'node:module';
import type { HooksData } from './loader.js';

/**
 * The registered loader is imported by the URL it was registered under, so this is the same
 * module instance in the hooks thread, whether it is `loader.js` (dist) or `loader.ts` (the
 * package's sources, where the hooks thread may have no TypeScript loader to map `.js` to `.ts`).
 */
export const initialize: InitializeHook<HooksData & { loader: string }> = async (data) => {
	const loader = (await import(data.loader)) as { initialize(data: HooksData): void };
	loader.initialize(data);
};
