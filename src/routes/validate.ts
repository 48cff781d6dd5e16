import { paramPatterns } from './parse.js';
import type { RouteMessages } from './messages.js';
import type { RouteRules } from './rules.js';

/** The first thing wrong with a route id, in SvelteKit's words, or undefined. */
export function checkRouteId(id: string, segment: string, rules: RouteRules): string | undefined {
	const messages = rules.messages;
	let invalid: string | undefined;
	const unescaped = id.replace(/\[([ux])\+([^\]]+)\]/gi, (match, type: string, code: string) => {
		invalid ??= checkEscape(id, match, type, code, messages);
		// an escape is static text: `[x][x+3c][y]` has separated params
		return '_';
	});
	if (invalid) return invalid;

	if (/\]\[/.test(unescaped)) return messages.paramsAdjacent(id);
	if (count('[', id) !== count(']', id)) return messages.unbalancedBrackets(id);
	if (segment.includes('#')) return messages.hashCharacter(id, id.replace(/#/g, '[x+23]'));
	if (paramPatterns(rules).restBeforeOptional.test(id)) return messages.optionalAfterRest(id);
	if (/\[\[\.\.\./.test(id)) return messages.optionalRest(id);
	return undefined;
}

function checkEscape(id: string, match: string, type: string, code: string, messages: RouteMessages): string | undefined {
	if (match !== match.toLowerCase()) return messages.escapeUppercase(id);
	const codes = type === 'x' ? [code] : code.split('-');
	if (!codes.every((c) => /^[0-9a-f]+$/.test(c))) return messages.escapeInvalid(id);
	if (type === 'x') {
		if (code.length !== 2) return messages.escapeHexLength(id);
		return undefined;
	}
	if (codes.some((c) => c.length < 4 || c.length > 6)) return messages.escapeUnicodeLength(id);
	if (codes.some((c) => parseInt(c, 16) > 0x10ffff)) return messages.escapeInvalid(id);
	return undefined;
}

function count(char: string, text: string): number {
	return text.split(char).length - 1;
}
