/**
 * The fix for the most common import failure of an app that is CommonJS: route files written as
 * ES modules (SvelteKit's own are), in a package whose package.json says `"type": "commonjs"`,
 * which makes Node parse every `.js` file below it as CommonJS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { relative } from '../paths.js';

const ESM_SYNTAX = /Cannot use import statement outside a module|Unexpected token 'export'/;

/** What to do about `error`, when it is Node refusing ES module syntax in a CommonJS file. */
export function esmInCommonJs(file: string, error: unknown): string | undefined {
	if (!(error instanceof SyntaxError) || !ESM_SYNTAX.test(error.message)) return undefined;
	// the route file, or a module it imports, which Node names on the stack's first line
	const failing = /^(\/.*|[A-Za-z]:\\.*):\d+$/m.exec(error.stack ?? '')?.[1] ?? file;
	const scope = packageScope(path.dirname(failing));
	const because = scope
		? `${relative(scope.file)} has ${scope.type === undefined ? 'no "type"' : `"type": "${scope.type}"`}`
		: 'no package.json says "type": "module"';
	const what = failing === file ? 'an ES module' : `imports ${relative(failing)}, an ES module`;
	return (
		`${what} (import/export), which Node runs as CommonJS here: ${because}. ` +
		'Add a package.json with {"type": "module"} to src/ (the folder that holds routes/), or name the files .mjs' +
		` (${error.name}: ${error.message})`
	);
}

/** The nearest package.json at or above `dir`, which decides how Node parses `.js` files there. */
function packageScope(dir: string): { file: string; type: unknown } | undefined {
	for (let at = dir; ; at = path.dirname(at)) {
		const file = path.join(at, 'package.json');
		try {
			return { file, type: (JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown }).type };
		} catch (error) {
			// a package.json Node cannot read stops its search too; only a missing one goes on
			if ((error as { code?: unknown }).code !== 'ENOENT') return { file, type: undefined };
		}
		if (path.dirname(at) === at) return undefined;
	}
}
