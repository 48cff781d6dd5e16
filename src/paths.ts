import path from 'node:path';

/** Whether `child` is `parent` or lies below it (a folder named `..x` inside it counts). */
export function isInside(child: string, parent: string): boolean {
	const relative = path.relative(parent, child);
	return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
