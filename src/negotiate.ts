// Accept-header negotiation with SvelteKit 2's quirks (rules §2.7, §2.8, §5.2).
//
// The header is parsed by a hand-written scanner rather than a regex so that parsing stays linear
// on hostile input: each character is looked at a bounded number of times.

interface MediaRange {
	type: string;
	subtype: string;
	q: number;
	/** position of the comma-separated segment in the header, the last tie-breaker */
	i: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const DOT = 0x2e;

function isBlank(code: number): boolean {
	return code === SPACE || code === TAB;
}

function isQChar(code: number): boolean {
	return (code >= 0x30 && code <= 0x39) || code === DOT;
}

/** Index of the first position in [from, end) that is not a space or tab (or `end`). */
function skipBlanks(text: string, from: number, end: number): number {
	let at = from;
	while (at < end && isBlank(text.charCodeAt(at))) at++;
	return at;
}

/**
 * The `q` of a segment, read after the subtype. Only `;` + blanks + `q=` + digits/dots directly
 * after the subtype counts: SvelteKit ignores a `q` that is not the first parameter.
 */
function readQ(text: string, from: number, end: number): number {
	let at = skipBlanks(text, from, end);
	if (at >= end || text.charCodeAt(at) !== SEMICOLON) return 1;
	at = skipBlanks(text, at + 1, end);
	if (at + 1 >= end || text[at] !== 'q' || text[at + 1] !== '=') return 1;

	const start = at + 2;
	let stop = start;
	while (stop < end && isQChar(text.charCodeAt(stop))) stop++;
	// `Number` (not parseFloat) on purpose: `1.2.3` becomes NaN, as it does in SvelteKit
	return stop > start ? Number(text.slice(start, stop)) : 1;
}

/** Parses text[start, end) from its very start; undefined when it is not a media range. */
function parseSegment(text: string, start: number, end: number, i: number): MediaRange | undefined {
	const typeStart = skipBlanks(text, start, end);
	let at = typeStart;
	while (at < end) {
		const code = text.charCodeAt(at);
		if (code === SLASH || isBlank(code)) break;
		at++;
	}
	if (at === typeStart || at === end || text.charCodeAt(at) !== SLASH) return undefined;
	const typeEnd = at;

	const subtypeStart = typeEnd + 1;
	at = subtypeStart;
	while (at < end) {
		const code = text.charCodeAt(at);
		if (code === SEMICOLON || isBlank(code)) break;
		at++;
	}
	if (at === subtypeStart) return undefined;

	return {
		type: text.slice(typeStart, typeEnd),
		subtype: text.slice(subtypeStart, at),
		q: readQ(text, at, end),
		i
	};
}

function parseAccept(accept: string): MediaRange[] {
	const ranges: MediaRange[] = [];
	let start = 0;
	for (let i = 0; start <= accept.length; i++) {
		let end = accept.indexOf(',', start);
		if (end === -1) end = accept.length;
		const range = parseSegment(accept, start, end, i);
		if (range) ranges.push(range);
		start = end + 1;
	}
	return ranges;
}

/**
 * Keeps SvelteKit's exact comparator shape: when either q is NaN the q branch returns NaN, which
 * `Array.prototype.sort` reads as "equal" without looking at the later tie-breakers.
 */
function compareRanges(a: MediaRange, b: MediaRange): number {
	if (a.q !== b.q) return b.q - a.q;

	const aAnySubtype = a.subtype === '*';
	if (aAnySubtype !== (b.subtype === '*')) return aAnySubtype ? 1 : -1;

	const aAnyType = a.type === '*';
	if (aAnyType !== (b.type === '*')) return aAnyType ? 1 : -1;

	return a.i - b.i;
}

/**
 * Picks the candidate in `types` that the Accept header ranks highest, or undefined if none
 * matches. q=0 is not "unacceptable", it merely sorts last; there is no case folding.
 */
export function negotiate(accept: string, types: string[]): string | undefined {
	const ranges = parseAccept(accept).sort(compareRanges);

	let accepted: string | undefined;
	let best = Infinity;
	for (const candidate of types) {
		// a candidate without a slash (SvelteKit's `'*'`) has no subtype and so only meets `*/*`
		const [type, subtype] = candidate.split('/');
		const rank = ranges.findIndex(
			(range) => (range.type === type || range.type === '*') && (range.subtype === subtype || range.subtype === '*')
		);
		if (rank !== -1 && rank < best) {
			accepted = candidate;
			best = rank;
		}
	}
	return accepted;
}

/** Should an error body be JSON rather than HTML (rules §5.1 step 4, §5.2)? */
export function prefersJson(accept: string | undefined): boolean {
	// a missing or empty header counts as a browser asking for HTML
	return negotiate(accept || 'text/html', ['application/json', 'text/html']) === 'application/json';
}
