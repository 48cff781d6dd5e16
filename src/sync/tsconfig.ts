import path from 'node:path';
import { posixRelative } from './files.js';
import { isInside } from '../paths.js';

interface TsconfigInput {
	/** the project root, where SvelteKit's tsconfig.json sits */
	cwd: string;
	outDir: string;
	routes: string;
	lib: string;
}

/**
 * The tsconfig.json a project's own extends (`"extends": "./.svelte-kit/tsconfig.json"`), shaped
 * as SvelteKit's so that a SvelteKit project's unmodified tsconfig.json works with it. Every path
 * is relative to `outDir`, because TypeScript reads an extended config's paths that way.
 */
export function tsconfig({ cwd, outDir, routes, lib }: TsconfigInput): object {
	const fromOut = (file: string) => posixRelative(outDir, file) || '.';
	// `paths` entries must look relative to be read as paths
	const pathFromOut = (file: string) => {
		const relative = fromOut(file);
		return relative.startsWith('.') ? relative : `./${relative}`;
	};

	const include = ['ambient.d.ts', './types/**/$types.d.ts'];
	for (const dir of sourceDirs(cwd, routes, lib)) {
		for (const ext of ['js', 'ts', 'svelte']) include.push(`${fromOut(dir)}/**/*.${ext}`);
	}

	return {
		compilerOptions: {
			paths: {
				// SvelteKit maps $lib only once the folder exists; mapping it always means
				// creating src/lib later needs no second sync
				$lib: [pathFromOut(lib)],
				'$lib/*': [`${pathFromOut(lib)}/*`]
			},
			// a route file's `./$types` is looked up in the mirror under ./types as well
			rootDirs: [fromOut(cwd), './types'],
			// route files are compiled one at a time (tsx, Vite): type-only imports must say so
			verbatimModuleSyntax: true,
			isolatedModules: true,
			lib: ['esnext', 'DOM', 'DOM.Iterable'],
			moduleResolution: 'bundler',
			module: 'esnext',
			noEmit: true,
			target: 'esnext'
		},
		include,
		exclude: [`${fromOut(path.join(cwd, 'node_modules'))}/**`]
	};
}

/**
 * The app's source: the routes directory's parent (SvelteKit's `src`) when it lies inside the
 * project, and the routes and lib directories where they lie outside it.
 */
function sourceDirs(cwd: string, routes: string, lib: string): string[] {
	const src = path.dirname(routes);
	const dirs = isInside(src, cwd) && src !== cwd ? [src] : [];
	for (const dir of [routes, lib]) {
		if (!dirs.some((parent) => isInside(dir, parent))) dirs.push(dir);
	}
	return dirs;
}
