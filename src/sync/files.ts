import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `content` unless the file already holds it, so that a repeated sync leaves mtimes
 * alone and does not wake up watchers (a TypeScript server, `tsc --watch`). Returns whether
 * it wrote.
 */
export function writeIfChanged(file: string, content: string): boolean {
	try {
		if (fs.readFileSync(file, 'utf8') === content) return false;
	} catch {
		// missing: written below
	}
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
	return true;
}

/** `to` relative to `from`, with forward slashes, as TypeScript configs and imports want. */
export function posixRelative(from: string, to: string): string {
	return path.relative(from, to).split(path.sep).join('/');
}

/** A TypeScript string literal, in the house's single quotes. */
export function quote(text: string): string {
	return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}
