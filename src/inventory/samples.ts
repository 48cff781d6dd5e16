/**
 * Sample paths for the shadowing report: concrete paths that a route pattern matches, from a
 * SvelteKit route id or an Express/@koa/router path pattern. The report runs each sample
 * through both sides' real matchers, so a sample only has to be plausible: one that its own
 * pattern turns out not to match (a value a custom regexp or a param matcher refuses) is simply
 * no witness. What sampling cannot do is prove that two patterns never overlap: see
 * docs/migration.md.
 */
import { pathSegments } from '../routes/parse.js';

/** Param values tried, each for every param of a pattern at once: a number, a word, a boolean. */
export const SAMPLE_VALUES: readonly string[] = ['1', 'abc', 'true'];

// enough for a pattern's optional and rest variants; more would only repeat shapes
const MAX_VARIANTS = 32;

const ESCAPE = /^([ux])\+([0-9a-f-]+)$/i;
const PARAM = /\[\[(.+?)\]\]|\[(.+?)\]/g;

/** Paths a SvelteKit route id matches: its params filled in, optional and rest params present or not. */
export function routeIdSamples(id: string): string[] {
	const out = new Set<string>();
	for (const value of SAMPLE_VALUES) {
		let paths = [''];
		for (const segment of pathSegments(id)) {
			const options = segmentOptions(segment, value);
			paths = cap(paths.flatMap((p) => options.map((o) => (o === null ? p : `${p}/${o}`))));
		}
		for (const p of paths) out.add(encodeURI(p || '/'));
	}
	return [...out];
}

/** What one segment can be; null: the segment is left out (a whole-segment optional or rest param). */
function segmentOptions(segment: string, value: string): Array<string | null> {
	const whole = /^\[\[[^\]]+\]\]$/.test(segment) ? 'optional' : /^\[\.\.\.[^\]]+\]$/.test(segment) ? 'rest' : undefined;
	if (whole === 'optional') return [value, null];
	if (whole === 'rest') return [null, value, `${value}/${value}`];
	let options = [''];
	let at = 0;
	for (const match of segment.matchAll(PARAM)) {
		const literal = segment.slice(at, match.index);
		at = match.index + match[0].length;
		const inner = match[2] ?? match[1]!;
		const escaped = ESCAPE.exec(inner);
		const part = escaped
			? [String.fromCodePoint(...escaped[2]!.split('-').map((code) => parseInt(code, 16)))]
			: match[1] !== undefined
				? [value, '']
				: inner.startsWith('...')
					? ['', value, `${value}/${value}`]
					: [value];
		options = cap(options.flatMap((o) => part.map((p) => o + literal + p)));
	}
	return options.map((o) => o + segment.slice(at));
}

/**
 * Paths an Express or @koa/router string pattern matches. One tolerant reading serves both
 * syntaxes: path-to-regexp 8 (Express 5, @koa/router: `:name`, `*name`, `{optional}`, `\\`
 * escapes) and 0.1 (Express 4: `:name?`, `:name(regex)`, `*`, `(regex)`).
 */
export function patternSamples(pattern: string): string[] {
	const out = new Set<string>();
	for (const value of SAMPLE_VALUES) for (const p of expand(pattern, value)) out.add(p.startsWith('/') ? p : `/${p}`);
	return [...out];
}

function expand(pattern: string, value: string): string[] {
	let paths = [''];
	const append = (options: string[]) => (paths = cap(paths.flatMap((p) => options.map((o) => p + o))));
	let i = 0;
	while (i < pattern.length) {
		const c = pattern[i]!;
		if (c === '\\') {
			append([pattern[i + 1] ?? '']);
			i += 2;
		} else if (c === ':' && /^:(?:"[^"]+"|[\w$]+)/.test(pattern.slice(i))) {
			i += /^:(?:"[^"]+"|[\w$]+)/.exec(pattern.slice(i))![0].length;
			// Express 4's `:id(\\d+)`: the value may not fit; the matcher will say
			if (pattern[i] === '(') i = closing(pattern, i, '(', ')') + 1;
			const modifier = pattern[i];
			if (modifier === '?') {
				// Express 4's optional param takes its slash with it
				paths = cap(paths.flatMap((p) => [p + value, p.endsWith('/') ? p.slice(0, -1) : p]));
				i += 1;
			} else if (modifier === '*' || modifier === '+') {
				append([value, `${value}/${value}`]);
				i += 1;
			} else append([value]);
		} else if (c === '*') {
			i += /^\*(?:"[^"]+"|[\w$]+)?/.exec(pattern.slice(i))![0].length;
			append([value, `${value}/${value}`]);
		} else if (c === '{') {
			const end = closing(pattern, i, '{', '}');
			append(['', ...expand(pattern.slice(i + 1, end), value)]);
			i = end + 1;
		} else if (c === '(') {
			i = closing(pattern, i, '(', ')') + 1;
			append([value]);
		} else {
			append([c]);
			i += 1;
		}
	}
	return paths;
}

/** The index of the bracket that closes the one at `start` (the end of the pattern if none). */
function closing(pattern: string, start: number, open: string, close: string): number {
	let depth = 0;
	for (let i = start; i < pattern.length; i++) {
		if (pattern[i] === '\\') i += 1;
		else if (pattern[i] === open) depth += 1;
		else if (pattern[i] === close && --depth === 0) return i;
	}
	return pattern.length;
}

function cap<T>(values: T[]): T[] {
	return values.length > MAX_VARIANTS ? values.slice(0, MAX_VARIANTS) : values;
}
