import fs from 'node:fs';
import path from 'node:path';
import { isDirectory, relative } from '../paths.js';
import type { RouteMessages } from './messages.js';
import type { Dir } from './walk.js';

/** The matcher modules of a params directory, each named after its matcher. */
export function listMatcherDir(dir: string, extensions: readonly string[], problems: string[]): Record<string, string> {
	const matchers: Record<string, string> = Object.create(null);
	if (!isDirectory(dir)) return matchers;

	for (const file of fs.readdirSync(dir).sort()) {
		const ext = path.extname(file);
		if (!extensions.includes(ext)) continue;
		const name = file.slice(0, -ext.length);
		const full = path.join(dir, file);

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
	location: string,
	problems: string[],
	messages: RouteMessages
): void {
	for (const dir of dirs) {
		for (const param of dir.params) {
			if (param.matcher && !matchers[param.matcher]) {
				problems.push(
					messages.matcherMissing(param.matcher, `route ${dir.id}`, `at ${relative(dir.dir)}; looked in ${relative(location)}`)
				);
			}
		}
	}
}
