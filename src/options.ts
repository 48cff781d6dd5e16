import fs from 'node:fs';
import path from 'node:path';
import { defaultLib, envSettings, type EnvSettings } from './app/defaults.js';
import { resolveCompare, type CompareSettings } from './compare/options.js';
import { defaultErrorTemplate } from './error-page.js';
import { semanticsFor, type Semantics } from './semantics/index.js';
import type { EndpointsOptions, Fallthrough, HandleServerError, ServerHooks } from './types.js';
import { readBuild, type Build } from './vite/build-output.js';
import { detectVite, type ViteApp } from './vite/detect.js';

export interface ResolvedOptions {
	/** the SvelteKit whose behaviour the endpoints follow */
	semantics: Semantics;
	routes: string;
	params: string | undefined;
	extensions: string[] | undefined;
	bodySizeLimit: number;
	checkOrigin: boolean;
	trustedOrigins: string[];
	hostPage: (routeId: string) => boolean;
	hostPageIds: string[];
	errorTemplate: string;
	/** the handleError option, which a hooks file's own handleError must not contradict */
	handleError: HandleServerError | undefined;
	defaultHandleError: HandleServerError;
	/** whether unexpected errors also go to the host app, once the response is sent */
	forwardErrors: boolean;
	/** whether the global Response is the light one (installed by serveApp) */
	lightGlobals: boolean;
	dev: boolean;
	/** the app's `src`: the routes directory's parent, where `$lib` and the hooks live */
	root: string;
	lib: string;
	/** whether `lib` was given: SvelteKit 3 has `$lib` only when configured (its `alias`) */
	libGiven: boolean;
	hooks: string | ServerHooks | undefined;
	env: EnvSettings;
	version: string;
	/** the app's Vite, when its modules load through Vite's module runner */
	vite: ViteApp | undefined;
	/** the output of `kit-endpoints build` being served, when `endpoints()` was pointed at one */
	build: Build | undefined;
	fallthrough: Fallthrough;
	/** compare mode, when on */
	compare: CompareSettings | undefined;
}

/** Validates options once, when the middleware is created, so that mistakes fail at start-up. */
export function resolveOptions(routes: string, options: EndpointsOptions = {}): ResolvedOptions {
	if (typeof routes !== 'string' || !routes) {
		throw new TypeError('endpoints(dir): dir must be the path of a routes directory, such as "src/routes"');
	}
	const build = readBuild(path.resolve(routes));
	if (build) options = fromBuild(build, options);
	const dir = build ? path.join(build.dir, build.routes) : path.resolve(routes);
	const trustedOrigins = options.csrf?.trustedOrigins ?? [];
	if (!Array.isArray(trustedOrigins) || trustedOrigins.some((o) => typeof o !== 'string')) {
		throw new TypeError('csrf.trustedOrigins must be an array of origins, such as ["https://example.com"]');
	}
	const pages = options.pages ?? [];
	if (typeof pages !== 'function' && !(Array.isArray(pages) && pages.every((id) => typeof id === 'string'))) {
		throw new TypeError('pages must be an array of route ids or a function (routeId) => boolean');
	}
	const hostPageIds = typeof pages === 'function' ? [] : pages;
	const ids = new Set(hostPageIds);

	const semantics = semanticsFor(options.kit, dir);
	return {
		semantics,
		routes: dir,
		params: options.params,
		extensions: options.extensions,
		bodySizeLimit: parseBytes(options.bodySizeLimit ?? '512K'),
		checkOrigin: (options.csrf?.checkOrigin ?? true) && !trustedOrigins.includes('*'),
		trustedOrigins,
		hostPage: typeof pages === 'function' ? pages : (id) => ids.has(id),
		hostPageIds,
		errorTemplate: readErrorTemplate(dir, options.errorTemplate),
		handleError: options.handleError,
		defaultHandleError: semantics.errors.defaultHandleError,
		forwardErrors: flag('forwardErrors', options.forwardErrors),
		lightGlobals: flag('lightGlobals', options.lightGlobals),
		dev: options.dev ?? process.env.NODE_ENV === 'development',
		root: path.dirname(dir),
		lib: path.resolve(options.lib ?? defaultLib(dir)),
		libGiven: options.lib !== undefined,
		hooks: resolveHooks(options.hooks),
		env: envSettings(options.env),
		// SvelteKit's default version name: the time of the build, here of the start
		version: options.version ?? Date.now().toString(),
		fallthrough: resolveFallthrough(options.fallthrough),
		compare: resolveCompare(options.compare),
		vite: build ? undefined : detectVite(dir, options.vite),
		build
	};
}

/**
 * The options of a build's output: its files and SvelteKit major are the build's; a hooks
 * object given here applies only when the build has no hooks file. It runs in production mode.
 */
function fromBuild(build: Build, options: EndpointsOptions): EndpointsOptions {
	const at = (file: string | undefined) => (file === undefined ? undefined : path.join(build.dir, file));
	const hooks = at(build.hooks) ?? (typeof options.hooks === 'object' ? options.hooks : undefined);
	return {
		...options,
		kit: build.kit,
		params: at(build.params),
		hooks,
		lib: undefined,
		dev: false,
		version: options.version ?? build.version
	};
}

function flag(name: string, value: unknown): boolean {
	if (value === undefined || typeof value === 'boolean') return value === true;
	throw new TypeError(`${name} must be true or false`);
}

function resolveFallthrough(value: unknown): Fallthrough {
	if (value === undefined || value === 'unmatched' || value === 'unhandled') return value ?? 'unmatched';
	throw new TypeError(`fallthrough must be 'unmatched' or 'unhandled', not ${JSON.stringify(value)}`);
}

function resolveHooks(hooks: EndpointsOptions['hooks']): string | ServerHooks | undefined {
	if (hooks === undefined || (typeof hooks === 'object' && hooks !== null)) return hooks;
	if (typeof hooks === 'string' && hooks) {
		const file = path.resolve(hooks);
		if (!fs.existsSync(file)) throw new TypeError(`hooks: ${hooks} does not exist (expected a file such as src/hooks.server.js)`);
		return file;
	}
	throw new TypeError('hooks must be the path of a hooks file, such as "src/hooks.server.js", or an object of hooks');
}

/** adapter-node's BODY_SIZE_LIMIT syntax: bytes, or a number with K, M or G (powers of 1024). */
function parseBytes(value: number | string): number {
	if (typeof value === 'number') {
		if (value >= 0) return value;
	} else {
		const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$/i.exec(value);
		if (match) {
			const power = ' kmg'.indexOf(match[2]!.toLowerCase() || ' ');
			return Number(match[1]) * 1024 ** power;
		}
		if (value.trim() === 'Infinity') return Infinity;
	}
	throw new TypeError(`Invalid bodySizeLimit: '${value}'. Please provide a number of bytes, a size such as '512K' or '1M', or Infinity.`);
}

function readErrorTemplate(routes: string, file: string | undefined): string {
	if (file !== undefined) {
		try {
			return fs.readFileSync(file, 'utf8');
		} catch (error) {
			throw new Error(`Cannot read the error template ${file}: ${(error as Error).message}`, { cause: error });
		}
	}
	const beside = path.join(routes, '..', 'error.html');
	return fs.existsSync(beside) ? fs.readFileSync(beside, 'utf8') : defaultErrorTemplate(routes);
}
