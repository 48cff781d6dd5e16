import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedOptions } from './options.js';

/**
 * Calls `changed` when anything of the app changes on disk: the `src` directory (routes,
 * matchers, `$lib`, hooks) and whichever of those live elsewhere. The watchers do not keep
 * the process alive, and a directory that cannot be watched only loses reloading.
 */
export function watchApp(options: ResolvedOptions, changed: () => void): void {
	const places = [options.root, options.lib, options.params, typeof options.hooks === 'string' ? path.dirname(options.hooks) : undefined]
		.filter((place): place is string => place !== undefined)
		.map((place) => path.resolve(place));
	const unique = [...new Set(places)];
	const roots = unique.filter((place) => !unique.some((other) => other !== place && isInside(place, other)));

	for (const dir of roots) {
		if (!fs.existsSync(dir)) continue;
		try {
			const watcher = fs.watch(dir, { recursive: true, persistent: false }, (_event, file) => {
				// editors' swap and backup files are not the app's
				if (file && /(?:^|[/\\])(?:\.#|#)|~$|\.sw[px]$/.test(String(file))) return;
				changed();
			});
			watcher.on('error', () => watcher.close());
		} catch (error) {
			console.warn(`kit-endpoints: cannot watch ${dir} for changes, so edits there need a restart:`, (error as Error).message);
		}
	}
}

function isInside(child: string, parent: string): boolean {
	const relative = path.relative(parent, child);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
