// What the module hooks (`loader.ts`) do as Vite does for an app's own files: the files an
// extensionless, `.js`-for-`.ts` or folder specifier finds, JSON imported without an import
// attribute, the app's `kit.alias`, and a clear refusal of what only Vite can load (asset and
// query imports, `import.meta.glob`). Like `loader.ts` it may run in Node's hooks thread, so it
// imports nothing but Node's own modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `code` of an import only Vite can do: the route loader passes its message on as it is. */
export const NEEDS_VITE = 'ERR_KIT_ENDPOINTS_NEEDS_VITE';

/** One of the app's `kit.alias` entries, as SvelteKit hands it to Vite (`get_config_aliases`). */
export interface Alias {
	/** the specifier, or (for a `key/*` entry) the prefix before `/` */
	find: string;
	/** `exact`: the specifier itself only (`key` beside `key/*`); `prefix`: `find/…` only (`key/*`); `both`: either */
	match: 'exact' | 'prefix' | 'both';
	/** absolute path that replaces `find` */
	replacement: string;
}

/** The path `specifier` stands for under the app's aliases, or undefined. */
export function aliased(aliases: readonly Alias[], specifier: string): string | undefined {
	for (const { find, match, replacement } of aliases) {
		if (specifier === find && match !== 'prefix') return replacement;
		if (specifier.startsWith(`${find}/`) && match !== 'exact') return replacement + specifier.slice(find.length);
	}
	return undefined;
}

/** A relative, absolute or `file:` specifier, which Vite resolves on disk: `.`, `..` and `./x` included. */
export function isPathLike(specifier: string): boolean {
	return /^\.{1,2}(?:\/|$)/.test(specifier) || specifier.startsWith('/') || specifier.startsWith('file:');
}

/**
 * The files Vite would accept for a path Node found nothing at, in Vite's order of extensions:
 * a `.ts` file for a `.js` name (as TypeScript writes imports), the name with an extension, and
 * a folder's index.
 */
export function* candidates(base: URL): Generator<URL> {
	const at = (pathname: string): URL => Object.assign(new URL(base.href), { pathname });
	const name = base.pathname;
	if (!name.endsWith('/')) {
		const js = /\.([cm]?)js$/.exec(name);
		if (js) yield at(`${name.slice(0, -js[0].length)}.${js[1]}ts`);
		for (const extension of EXTENSIONS) yield at(name + extension);
	}
	const dir = name.endsWith('/') ? name : `${name}/`;
	for (const extension of EXTENSIONS) yield at(`${dir}index${extension}`);
}

// Vite's `resolve.extensions` that Node can run (not `.jsx`, `.tsx`); `.ts` first, as this
// loader always had it
const EXTENSIONS = ['.ts', '.js', '.mjs', '.mts', '.json'];

export function isFile(url: URL): boolean {
	try {
		return fs.statSync(fileURLToPath(url), { throwIfNoEntry: false })?.isFile() ?? false;
	} catch {
		return false;
	}
}

// what Node runs as a module; any other file is an asset or needs a Vite plugin (`.svelte`, `.md`)
const MODULE_FILE = /^\.(?:[cm]?[jt]s|json|node|wasm)$/;

/**
 * Refuses a query import (`?raw`, `?url`, `?inline`...), which only Vite gives a meaning: Node
 * would take `./a.js?raw` for the module itself. URLs of other schemes (`data:`, `node:`) pass.
 */
export function refuseQuery(specifier: string, parent: string): void {
	const at = specifier.indexOf('?');
	if (at === -1 || /^(?!file:)[a-z][a-z\d+.-]*:/i.test(specifier)) return;
	const query = specifier.slice(at + 1).split(/[&=]/)[0];
	throw needsVite(`\`${specifier}\` is a \`?${query}\` import`, parent);
}

/**
 * Refuses the load of an app file whose URL kept a query: a TypeScript loader that resolves
 * before these hooks (tsx registered after them) strips the query from what they see, and puts
 * it back on the URL. `importer` is who imported the file, if known; `ownParam` the loader's own.
 */
export function refuseQueryURL(url: string, importer: string | undefined, ownParam: string): void {
	const { pathname, searchParams } = new URL(url);
	const query = [...searchParams.keys()].find((key) => key !== ownParam);
	if (query === undefined) return;
	throw needsVite(`\`${path.posix.basename(pathname)}?${query}\` is a \`?${query}\` import`, importer ?? url);
}

/** Refuses a file that is no module (an image, a stylesheet, a `.svelte` component), which Vite loads as an asset or through a plugin. */
export function refuseAsset(specifier: string, resolvedURL: string, parent: string): void {
	if (!resolvedURL.startsWith('file:')) return;
	const extension = path.extname(new URL(resolvedURL).pathname);
	if (!extension || MODULE_FILE.test(extension)) return;
	throw needsVite(`\`${specifier}\` imports a ${extension} file, which is no module`, parent);
}

/**
 * Refuses a module of the app that calls `import.meta.glob`: Vite replaces the call at build
 * time, and without Vite it would fail only when a request runs it.
 */
export function refuseGlob(source: string, url: string): void {
	if (!GLOB.test(withoutComments(source))) return;
	throw needsVite('it uses `import.meta.glob`', url, 'in');
}

const GLOB = /\bimport\.meta\.glob(?:Eager)?\s*(?:<[^>()]*>)?\s*\(/;

/** The source less its comments, roughly: enough that a commented-out glob does not count. */
function withoutComments(source: string): string {
	return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function needsVite(what: string, parent: string, preposition = 'imported by'): Error {
	const file = parent.startsWith('file:') ? path.relative(process.cwd(), fileURLToPath(parent)).split(path.sep).join('/') : parent;
	return Object.assign(
		new Error(
			`${what} (${preposition} ${file}): only Vite can load that. ` +
				'Install Vite (`npm install --save-dev vite`): kit-endpoints then loads the app through it, as SvelteKit does'
		),
		{ code: NEEDS_VITE }
	);
}

/**
 * A JSON file as Vite's JSON plugin makes it a module: the value as the default export, and each
 * top-level key that can be a name as a named export of the same value.
 */
export function jsonModule(text: string): string {
	const value: unknown = JSON.parse(text);
	let source = `const data = JSON.parse(${JSON.stringify(JSON.stringify(value))});\nexport default data;\n`;
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		for (const key of Object.keys(value)) {
			if (/^[A-Za-z_$][\w$]*$/.test(key) && !RESERVED.has(key)) source += `export const ${key} = data[${JSON.stringify(key)}];\n`;
		}
	}
	return source;
}

// words `export const` cannot take (the module runs in strict mode)
const RESERVED = new Set(
	(
		'arguments await break case catch class const continue debugger default delete do else enum eval export extends false ' +
		'finally for function if implements import in instanceof interface let new null package private protected public ' +
		'return static super switch this throw true try typeof var void while with yield'
	).split(' ')
);
