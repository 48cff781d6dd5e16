import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedOptions } from './options.js';
import { isInside } from './paths.js';

// what an edit of the app touches: its modules (a folder added or removed shows as its files);
// data files, logs and uploads written under src/ must not reload the app
const MODULE = /\.(?:[cm]?[jt]s|json)$/;

/**
 * Calls `changed` when a module of the app changes on disk: in `src` (routes, matchers, `$lib`,
 * hooks) or in those of them that live elsewhere. The watchers do not keep the process alive,
 * and a place that cannot be watched only loses reloading, with a warning.
 */
export function watchApp(options: ResolvedOptions, changed: () => void): void {
	const dirs = [options.root, options.lib, options.params]
		.filter((dir): dir is string => dir !== undefined)
		.map((dir) => path.resolve(dir));
	const unique = [...new Set(dirs)];
	for (const dir of unique.filter((dir) => !unique.some((other) => other !== dir && isInside(dir, other)))) {
		watch(dir, true, (file) => (file === '' || MODULE.test(file)) && changed());
	}

	// a hooks file outside them: its folder may be the whole project, so watch only the file
	const hooks = typeof options.hooks === 'string' ? options.hooks : undefined;
	if (hooks && !unique.some((dir) => isInside(hooks, dir))) {
		watch(path.dirname(hooks), false, (file) => file === path.basename(hooks) && changed());
	}
}

function watch(dir: string, recursive: boolean, onChange: (file: string) => void): void {
	if (!fs.existsSync(dir)) return;
	const warn = (error: unknown) =>
		console.warn(`kit-endpoints: cannot watch ${dir} for changes, so edits there need a restart:`, (error as Error).message);
	try {
		const watcher = fs.watch(dir, { recursive, persistent: false }, (_event, file) => {
			// a change the platform could not name may be anything: reload
			onChange(file ? String(file) : '');
		});
		watcher.on('error', (error) => {
			watcher.close();
			// the folder went away with the app (a test's temporary copy, say): nothing to say
			if (fs.existsSync(dir)) warn(error);
		});
	} catch (error) {
		warn(error);
	}
}
