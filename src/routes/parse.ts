import type { RouteParam } from './types.js';

const GROUP = /^\([^)]+\)$/;
const WHOLE_REST = /^\[\.\.\.(\w+)(?:=(\w+))?\]$/;
const WHOLE_OPTIONAL = /^\[\[(\w+)(?:=(\w+))?\]\]$/;
const INLINE_PARAM = /^(\[)?(\.\.\.)?(\w+)(?:=(\w+))?(\])?$/;
const ESCAPE = /^([ux])\+([0-9a-f-]+)$/;

/** `(group)` and empty segments leave the URL unchanged. */
function affectsPath(segment: string): boolean {
	return segment !== '' && !GROUP.test(segment);
}

/** The segments of a route id that appear in its URLs: `/(app)/a/[b]` → `['a', '[b]']`. */
export function pathSegments(id: string): string[] {
	return id.slice(1).split('/').filter(affectsPath);
}

/**
 * The character an escape such as `x+3f` or `u+1f600` stands for. Unicode escapes use the full
 * code point (SvelteKit 2 truncates to 16 bits, turning 😀 into U+F600); `u+d83e-dd2a` joins
 * several codes. Returns undefined when `content` is not an escape.
 */
function unescapeSequence(content: string): string | undefined {
	const match = ESCAPE.exec(content);
	if (!match) return undefined;
	return String.fromCodePoint(...match[2]!.split('-').map((code) => parseInt(code, 16)));
}

/**
 * Compiles a route id to the regular expression SvelteKit matches decoded pathnames with,
 * and lists its params in the order of the capture groups.
 */
export function parseRouteId(id: string): { pattern: RegExp; params: RouteParam[] } {
	const params: RouteParam[] = [];
	if (id === '/' || GROUP.test(id.slice(1))) return { pattern: /^\/$/, params };

	let source = '^';
	for (const segment of pathSegments(id)) {
		// a whole-segment rest or optional may match no segment at all, slash included
		const rest = WHOLE_REST.exec(segment);
		if (rest) {
			params.push({ name: rest[1]!, matcher: rest[2], optional: false, rest: true, chained: true });
			source += '(?:/([^]*))?';
			continue;
		}
		const optional = WHOLE_OPTIONAL.exec(segment);
		if (optional) {
			params.push({ name: optional[1]!, matcher: optional[2], optional: true, rest: false, chained: true });
			source += '(?:/([^/]+))?';
			continue;
		}

		// static text and [params] alternate: ['static', 'param', 'static', ...]
		const parts = segment.split(/\[(.+?)\](?!\])/);
		source += '/';
		for (let i = 0; i < parts.length; i += 1) {
			const content = parts[i]!;
			if (i % 2 === 0) {
				source += escapeStatic(content);
				continue;
			}
			const char = unescapeSequence(content);
			if (char !== undefined) {
				source += escapeStatic(char);
				continue;
			}
			const param = INLINE_PARAM.exec(content);
			if (!param) {
				throw new Error(
					`Invalid param: ${content}. Params and matcher names can only have underscores and alphanumeric characters.`
				);
			}
			const [, isOptional, isRest, name, matcher] = param;
			params.push({
				name: name!,
				matcher,
				optional: !!isOptional,
				rest: !!isRest,
				// only a rest that opens its segment can swallow the segment's slash
				chained: isRest ? i === 1 && parts[0] === '' : false
			});
			source += isRest ? '([^]*?)' : isOptional ? '([^/]*)?' : '([^/]+?)';
		}
	}

	return { pattern: new RegExp(source + '/?$'), params };
}

// Pathnames are matched after decodeURI, which leaves %, /, ? and # encoded: static text
// must be encoded the same way to match them.
const STATIC_REPLACEMENTS: Record<string, string> = {
	'%': '%25',
	'/': '%2[Ff]',
	'?': '%3[Ff]',
	'#': '%23'
};

function escapeStatic(text: string): string {
	return text
		.normalize()
		.replace(/[%/?#.*+^${}()|[\]\\]/g, (char) => STATIC_REPLACEMENTS[char] ?? `\\${char}`);
}
