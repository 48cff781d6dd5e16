/**
 * kit-endpoints' Vite plugin: SvelteKit's virtual modules (`$env/*`, `$app/*`,
 * `@sveltejs/kit/hooks`, `./$types`) for route files loaded through Vite, built by the same
 * import rules (`src/app/imports.ts`) as the Node loader's, so that both paths give a route file
 * the same modules. `$lib` and the app's aliases are Vite aliases (`config.ts`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { VirtualModule } from '../app/imports.js';

export const PLUGIN_NAME = 'kit-endpoints';

// Rollup's convention for ids no file stands for
const PREFIX = '\0kit-endpoints:';
const TYPES = /^\.\/\$types(?:\.[cm]?[jt]s)?$/;

// SvelteKit generates `./$types` for type imports only; a transform may keep an empty import of it
const TYPES_MODULE = 'export {};\n';

export interface PluginInput {
	/** the virtual modules by specifier; read at each resolution, since a load may change them (SvelteKit 3's declared variables) */
	modules(): Record<string, VirtualModule>;
	/** what importing `$lib` says when the app has none (SvelteKit 3 without the `lib` option) */
	libMissing: string | undefined;
}

/** The plugin; `enforce: 'pre'` so that it answers before Vite's resolver looks for files. */
export function kitEndpointsPlugin(input: PluginInput): Plugin {
	return {
		name: PLUGIN_NAME,
		enforce: 'pre',
		resolveId(specifier) {
			if (TYPES.test(specifier)) return `${PREFIX}types`;
			if (input.libMissing && (specifier === '$lib' || specifier.startsWith('$lib/'))) this.error(input.libMissing);
			const modules = input.modules();
			const module = Object.hasOwn(modules, specifier) ? modules[specifier] : undefined;
			if (module === undefined) {
				if (/^\$(?:env|app)\//.test(specifier)) this.error(unsupported(specifier, Object.keys(modules)));
				return undefined;
			}
			if ('error' in module) this.error(module.error);
			if ('file' in module) return ownModule(module.file);
			return PREFIX + specifier;
		},
		load(id) {
			if (!id.startsWith(PREFIX)) return undefined;
			const specifier = id.slice(PREFIX.length);
			if (specifier === 'types') return TYPES_MODULE;
			const module = input.modules()[specifier];
			return module && 'source' in module ? module.source : undefined;
		}
	};
}

// The package's own modules that virtual imports stand for (`$app/server`, `@sveltejs/kit/hooks`),
// in src/app: `.ts` when the package runs from its sources, `.js` from dist. Vite loads (or, in a
// build, bundles) them like the app's own; they keep their state on `globalThis`, so every copy
// shares it.
function ownModule(name: string): string {
	const here = fileURLToPath(import.meta.url);
	return path.join(path.dirname(here), '..', 'app', name + path.extname(here));
}

function unsupported(specifier: string, provided: string[]): string {
	const names = provided.filter((name) => name.startsWith('$'));
	return `Cannot find module '${specifier}': kit-endpoints provides ${names.join(', ')}, and no other SvelteKit virtual module`;
}
