// Registered once for each app after the first: it brings the app to the hooks that
// `loader.ts` already runs, and no resolve or load hook of its own, so Node's hook chain (which
// every import walks) stays one link long however many apps a process serves.
export { initialize } from './loader.js';
