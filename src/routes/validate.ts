import { paramPatterns } from './parse.js';
import type { RouteRules } from './rules.js';

/** The first thing wrong with a route id, in SvelteKit's words, or undefined. */
export function checkRouteId(id: string, segment: string, rules: RouteRules): string | undefined {
	let invalid: string | undefined;
	const unescaped = id.replace(/\[([ux])\+([^\]]+)\]/gi, (match, type: string, code: string) => {
		invalid ??= checkEscape(id, match, type, code);
		// an escape is static text: `[x][x+3c][y]` has separated params
		return '_';
	});
	if (invalid) return invalid;

	if (/\]\[/.test(unescaped)) return `Invalid route ${id} — parameters must be separated`;
	if (count('[', id) !== count(']', id)) return `Invalid route ${id} — brackets are unbalanced`;
	if (segment.includes('#')) return `Route ${id} should be renamed to ${id.replace(/#/g, '[x+23]')}`;
	if (paramPatterns(rules).restBeforeOptional.test(id)) {
		return `Invalid route ${id} — an [[optional]] route segment cannot follow a [...rest] route segment`;
	}
	if (/\[\[\.\.\./.test(id)) {
		return `Invalid route ${id} — a rest route segment is always optional, remove the outer square brackets`;
	}
	return undefined;
}

function checkEscape(id: string, match: string, type: string, code: string): string | undefined {
	if (match !== match.toLowerCase()) return `Character escape sequence in ${id} must be lowercase`;
	const codes = type === 'x' ? [code] : code.split('-');
	if (!codes.every((c) => /^[0-9a-f]+$/.test(c))) return `Invalid character escape sequence in ${id}`;
	if (type === 'x') {
		if (code.length !== 2) return `Hexadecimal escape sequence in ${id} must be two characters`;
		return undefined;
	}
	if (codes.some((c) => c.length < 4 || c.length > 6)) {
		return `Unicode escape sequence in ${id} must be between four and six characters`;
	}
	if (codes.some((c) => parseInt(c, 16) > 0x10ffff)) return `Invalid character escape sequence in ${id}`;
	return undefined;
}

function count(char: string, text: string): number {
	return text.split(char).length - 1;
}
