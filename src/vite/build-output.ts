/**
 * The output of `kit-endpoints build`: the route files, matchers, hooks and `src/env` bundled by
 * Vite in their source layout (`src/routes/…/+server.js`), shared chunks beside them, and this
 * manifest, by which `endpoints()` knows a build when it is pointed at one.
 */
import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST = 'kit-endpoints.json';

export interface BuildManifest {
	/** the manifest's format */
	format: 1;
	/** the id its bundled virtual modules reach their app by (`src/app/runtime.ts`) */
	id: string;
	kit: 2 | 3;
	/** `version` from `$app/environment`, fixed at build time as SvelteKit's `kit.version.name` */
	version: string;
	/** the routes folder, relative to the output */
	routes: string;
	/** the param matchers (a folder, or SvelteKit 3's module), relative to the output */
	params?: string;
	/** the hooks file, relative to the output */
	hooks?: string;
}

export interface Build extends BuildManifest {
	/** the output folder */
	dir: string;
}

/** The build in `dir`, if `dir` is the output of `kit-endpoints build`. */
export function readBuild(dir: string): Build | undefined {
	const file = path.join(dir, MANIFEST);
	if (!fs.existsSync(file)) return undefined;
	let manifest: BuildManifest;
	try {
		manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BuildManifest;
	} catch (error) {
		throw new Error(`${file} is not a kit-endpoints build manifest: ${(error as Error).message}`, { cause: error });
	}
	if (manifest.format !== 1) throw new Error(`${file} comes from another version of kit-endpoints build: build the app again`);
	return { ...manifest, dir };
}
