import fs from 'node:fs';
import path from 'node:path';

/** Whether `child` is `parent` or lies below it (a folder named `..x` inside it counts). */
export function isInside(child: string, parent: string): boolean {
	const relative = path.relative(parent, child);
	return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** Paths in messages are relative to the working directory, as in SvelteKit's, when inside it. */
export function relative(file: string): string {
	const cwd = process.cwd();
	if (!isInside(file, cwd)) return file;
	return path.relative(cwd, file).split(path.sep).join('/') || '.';
}

export function isDirectory(dir: string): boolean {
	try {
		return fs.statSync(dir).isDirectory();
	} catch {
		return false;
	}
}
