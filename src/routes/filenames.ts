import type { RouteRules } from './rules.js';

/** A route file, by what its name says it is. */
export type RouteFile =
	| { kind: 'endpoint' }
	| { kind: 'error' }
	| {
			kind: 'page' | 'layout';
			part: 'component' | 'universal' | 'server';
			/** the `x` of `+page@x.svelte`; a module naming one is an error the caller reports */
			layout: string | undefined;
	  };

/** What a file in a route directory is, by its name alone. */
export type FileName =
	| RouteFile
	/** not a route file: another extension, or a file the rules skip such as `+page.d.ts` or `+server.test.js` */
	| { kind: 'ignored' }
	/** a route file's name without the `+`, most likely a slip */
	| { kind: 'unprefixed' }
	/** a `+` name that no route file has */
	| { kind: 'reserved' };

const IGNORED: FileName = { kind: 'ignored' };
const UNPREFIXED: FileName = { kind: 'unprefixed' };
const RESERVED: FileName = { kind: 'reserved' };

const COMPONENT_NAME = /^\+(?<kind>page|layout|error)(?:@(?<layout>.*))?$/;
const MODULE_NAME = /^\+(?<kind>server|page|layout)(?:@(?<layout>[a-zA-Z0-9_-]*))?(?<server>\.server)?$/;

/** `+page`, `+layout@x` or `+error`, as the name of a component without its extension. */
function componentFile(stem: string): RouteFile | undefined {
	const groups = COMPONENT_NAME.exec(stem)?.groups;
	if (!groups) return undefined;
	if (groups.kind === 'error') return groups.layout === undefined ? { kind: 'error' } : undefined;
	return { kind: groups.kind as 'page' | 'layout', part: 'component', layout: groups.layout };
}

/** `+server`, `+page.server` or `+layout`, as the name of a module without its extension. */
function moduleFile(stem: string): RouteFile | undefined {
	const groups = MODULE_NAME.exec(stem)?.groups;
	if (!groups) return undefined;
	if (groups.kind === 'server') {
		return groups.layout === undefined && groups.server === undefined ? { kind: 'endpoint' } : undefined;
	}
	return { kind: groups.kind as 'page' | 'layout', part: groups.server ? 'server' : 'universal', layout: groups.layout };
}

/** Whether a name without its extension is that of a route file, whichever extension it has. */
function isRouteFileName(stem: string): boolean {
	return !!(componentFile(stem) ?? moduleFile(stem));
}

/** Names the files of a route directory as SvelteKit's create_manifest_data does. */
export function createFileClassifier(componentExtensions: string[], rules: RouteRules): (name: string) => FileName {
	const extensions = [...componentExtensions, ...rules.moduleExtensions];
	const extensionOf = (name: string) => extensions.find((extension) => name.endsWith(extension));

	// `+page.d.ts` and `+page.js.d.ts` go with a route file without being one
	const isSkipped = (name: string) =>
		rules.skippedSuffixes.some((suffix) => {
			if (!name.endsWith(suffix)) return false;
			const base = name.slice(0, -suffix.length);
			const inner = extensionOf(base);
			return isRouteFileName(inner ? base.slice(0, -inner.length) : base);
		});

	// `page.svelte` would be a route file with a `+`; so would `server.svelte`, as a module
	const wouldBeRouteFile = (stem: string, component: boolean) =>
		rules.prefixHintByKind ? !!(component ? componentFile(stem) : moduleFile(stem)) : isRouteFileName(stem);

	return (name) => {
		const extension = extensionOf(name);
		if (!extension) return IGNORED;
		const stem = name.slice(0, -extension.length);
		const component = componentExtensions.includes(extension);
		if (!name.startsWith('+')) return wouldBeRouteFile(`+${stem}`, component) ? UNPREFIXED : IGNORED;
		if (rules.skippedInfixes.some((infix) => name.includes(infix)) || isSkipped(name)) return IGNORED;
		const file = component ? componentFile(stem) : moduleFile(stem);
		return file ?? RESERVED;
	};
}
