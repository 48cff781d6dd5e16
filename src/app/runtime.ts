import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestEvent } from '../types.js';
import type { ImportRules } from './imports.js';
import type { HooksData } from './loader.js';

/** What the generated modules of one app read (`$app/environment`, `$env/dynamic/*`...), and what its loads need. */
export interface AppRuntime {
	dev: boolean;
	version: string;
	/** the variables split by prefix, under rules that split them so */
	env: { private: Record<string, string>; public: Record<string, string> };
	/** the app's `src` */
	root: string;
	/** every variable, read at registration, for what `src/env` declares (rules with declared variables) */
	variables: Record<string, string>;
	rules: ImportRules;
	/** load version → the declared variables' values, validated, as that load's modules hold them */
	declared: Map<number, { private: Record<string, unknown>; public: Record<string, unknown> }>;
}

/**
 * State shared by every copy of this module in the process. The package can be loaded twice
 * (from `src` through tsx and from `dist`, or two installed copies), and the modules generated
 * by the loader reach it by this symbol too, since they cannot import a file of ours.
 */
export interface Runtime {
	/** App id → what its generated modules read. */
	apps: Map<string, AppRuntime>;
	/** Registration key (the whole app config and env) → app id, so each app registers its hooks once. */
	registrations: Map<string, string>;
	nextId: number;
	/** The last version handed out for importing an app afresh (dev reloading). */
	version: number;
	/** The URL of the hooks module registered for every app, once registered. */
	loader: string | undefined;
	/** Hands an app's data to the hooks, where they run in the main thread (`module.registerHooks`). */
	addToHooks?: (data: HooksData) => void;
	/** The request store; absent until something imports `$app/server`. */
	store: AsyncLocalStorage<RequestEvent> | undefined;
	/** The once-per-process TypeScript decision of `ensureTypeScript`. */
	typescript: Promise<'native' | 'loader' | 'none'> | undefined;
}

const RUNTIME_KEY = Symbol.for('kit-endpoints.runtime');

export function runtime(): Runtime {
	const holder = globalThis as { [RUNTIME_KEY]?: Runtime };
	return (holder[RUNTIME_KEY] ??= {
		apps: new Map(),
		registrations: new Map(),
		nextId: 1,
		version: 0,
		loader: undefined,
		store: undefined,
		typescript: undefined
	});
}

// the shared object is never replaced, so the per-request functions below can hold on to it
const shared = runtime();

/**
 * Called when an app imports `$app/server`. Until then no request pays for `als.run`, which
 * costs measurable throughput on every request.
 */
export function enableRequestStore(): void {
	shared.store ??= new AsyncLocalStorage();
}

export function requestStoreEnabled(): boolean {
	return shared.store !== undefined;
}

/** Runs `fn` with `event` as the current request event, when anything can ask for it. */
export function runWithEvent<T>(event: RequestEvent, fn: () => T): T {
	const store = shared.store;
	return store ? store.run(event, fn) : fn();
}

/** `getRequestEvent` from `$app/server`. */
export function getRequestEvent(): RequestEvent {
	const event = shared.store?.getStore();
	if (!event) {
		// SvelteKit's own wording, so that messages people search for still match
		throw new Error(
			'Can only read the current request event inside functions invoked during `handle`, such as server `load` functions, actions, endpoints, and other server hooks.'
		);
	}
	return event;
}

/** A version no app of the process has imported its modules under yet. */
export function nextVersion(): number {
	return ++runtime().version;
}
