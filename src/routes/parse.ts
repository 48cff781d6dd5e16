import { kit2RouteRules, type RouteRules } from './rules.js';
import type { RouteParam } from './types.js';

const GROUP = /^\([^)]+\)$/;
const ESCAPE = /^([ux])\+([0-9a-f-]+)$/;

interface ParamPatterns {
	/** a whole segment `[...name=matcher]` */
	wholeRest: RegExp;
	/** a whole segment `[[name=matcher]]` */
	wholeOptional: RegExp;
	/** the inside of `[name]`, `[[name]]` or `[...name]` within a segment */
	inlineParam: RegExp;
	/** `[...rest]/[[optional]]`, which SvelteKit rejects */
	restBeforeOptional: RegExp;
}

// compiled once per rules object: the rules decide what a param name is
const compiled = new WeakMap<RouteRules, ParamPatterns>();

/** The patterns that find params in a route id under `rules`. */
export function paramPatterns(rules: RouteRules): ParamPatterns {
	let patterns = compiled.get(rules);
	if (patterns) return patterns;
	const name = `(?:${rules.paramName.pattern.source})`;
	const named = `(?<name>${name})(?:=(?<matcher>${name}))?`;
	patterns = {
		wholeRest: new RegExp(`^\\[\\.\\.\\.${named}\\]$`),
		wholeOptional: new RegExp(`^\\[\\[${named}\\]\\]$`),
		inlineParam: new RegExp(`^(?<optional>\\[)?(?<rest>\\.\\.\\.)?${named}\\]?$`),
		restBeforeOptional: new RegExp(`\\[\\.\\.\\.${name}\\]\\/\\[\\[`)
	};
	compiled.set(rules, patterns);
	return patterns;
}

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
export function parseRouteId(id: string, rules = kit2RouteRules): { pattern: RegExp; params: RouteParam[] } {
	const { wholeRest, wholeOptional, inlineParam } = paramPatterns(rules);
	const params: RouteParam[] = [];
	if (id === '/' || GROUP.test(id.slice(1))) return { pattern: /^\/$/, params };

	let source = '^';
	for (const segment of pathSegments(id)) {
		// a whole-segment rest or optional may match no segment at all, slash included
		const rest = wholeRest.exec(segment)?.groups;
		if (rest) {
			params.push({ name: rest.name!, matcher: rest.matcher, optional: false, rest: true, chained: true });
			source += '(?:/([^]*))?';
			continue;
		}
		const optional = wholeOptional.exec(segment)?.groups;
		if (optional) {
			params.push({ name: optional.name!, matcher: optional.matcher, optional: true, rest: false, chained: true });
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
			const param = inlineParam.exec(content)?.groups;
			if (!param) {
				throw new Error(rules.messages.paramInvalid(content, id));
			}
			const isRest = param.rest !== undefined;
			const isOptional = param.optional !== undefined;
			params.push({
				name: param.name!,
				matcher: param.matcher,
				optional: isOptional,
				rest: isRest,
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
	return text.normalize().replace(/[%/?#.*+^${}()|[\]\\]/g, (char) => STATIC_REPLACEMENTS[char] ?? `\\${char}`);
}
