import fs from 'node:fs';
import path from 'node:path';
import { isDirectory, relative } from '../paths.js';
import { MODULE_EXTENSIONS } from './filenames.js';
import type { Dir } from './walk.js';

/** The matcher modules of a params directory, by name. */
export function listMatchers(paramsDir: string, problems: string[]): Record<string, string> {
	const matchers: Record<string, string> = Object.create(null);
	if (!isDirectory(paramsDir)) return matchers;

	for (const file of fs.readdirSync(paramsDir).sort()) {
		const ext = path.extname(file);
		if (!MODULE_EXTENSIONS.includes(ext)) continue;
		const name = file.slice(0, -ext.length);
		const full = path.join(paramsDir, file);

		if (/^\w+$/.test(name)) {
			const existing = matchers[name];
			if (existing) problems.push(`Duplicate matchers: ${relative(full)} and ${relative(existing)}`);
			else matchers[name] = full;
		} else if (!name.endsWith('.test') && !name.endsWith('.spec')) {
			problems.push(
				`Matcher names can only have underscores and alphanumeric characters — "${file}" is invalid (at ${relative(full)})`
			);
		}
	}
	return matchers;
}

/** Every `[param=matcher]` must name a matcher that exists. */
export function checkMatchersExist(
	dirs: Dir[],
	matchers: Record<string, string>,
	paramsDir: string,
	problems: string[]
): void {
	for (const dir of dirs) {
		for (const param of dir.params) {
			if (param.matcher && !matchers[param.matcher]) {
				problems.push(
					`No matcher found for parameter '${param.matcher}' in route ${dir.id} (at ${relative(dir.dir)}; looked in ${relative(paramsDir)})`
				);
			}
		}
	}
}
