import { pathSegments } from './parse.js';

type PartType = 'static' | 'required' | 'optional' | 'rest';

interface Part {
	type: PartType;
	content: string;
	/** has a `=matcher` */
	matched: boolean;
}

/** Stands for the segment a shallower route does not have. */
const EMPTY: Part = { type: 'static', content: '', matched: false };

/**
 * Sorts routes into SvelteKit's priority order (in place): at run time the first route whose
 * pattern and matchers accept a path wins.
 */
export function sortRoutes<T extends { id: string }>(routes: T[]): T[] {
	const cache = new Map<string, Part[][]>();
	const segmentsOf = (id: string): Part[][] => {
		let segments = cache.get(id);
		if (!segments) cache.set(id, (segments = splitForSort(id)));
		return segments;
	};
	return routes.sort((a, b) => compareRoutes(a.id, b.id, segmentsOf(a.id), segmentsOf(b.id)));
}

function compareRoutes(idA: string, idB: string, segmentsA: Part[][], segmentsB: Part[][]): number {
	for (let i = 0; i < Math.max(segmentsA.length, segmentsB.length); i += 1) {
		const segmentA = segmentsA[i] ?? [EMPTY];
		const segmentB = segmentsB[i] ?? [EMPTY];

		// parts alternate static, dynamic, static...: [a][b] is rejected when the tree is read
		for (let j = 0; j < Math.max(segmentA.length, segmentB.length); j += 1) {
			const a = segmentA[j];
			const b = segmentB[j];

			if (j % 2 === 0) {
				if (!a || !b || a.content === b.content) continue;
				// a shallower path outranks a deeper one
				if (a === EMPTY) return -1;
				if (b === EMPTY) return +1;
				return compareStatic(a.content, b.content);
			}

			// a segment that ends here outranks one with more dynamic parts
			if (!a) return -1;
			if (!b) return +1;

			// the static text after a rest decides between rests: `[...rest]/x` outranks `[...rest]`
			const nextA = staticAfter(segmentsA, i, j);
			const nextB = staticAfter(segmentsB, i, j);
			if (a.type === 'rest' && b.type === 'rest') {
				if (nextA && nextB) continue;
				if (nextA) return -1;
				if (nextB) return +1;
			}

			// `[...rest]/x` outranks `[required]` and `[required]/[required]`, but not `[required]/x`
			if (a.type === 'rest') return nextA && !nextB ? -1 : +1;
			if (b.type === 'rest') return nextB && !nextA ? +1 : -1;

			// a param with a matcher outranks one without
			if (a.matched !== b.matched) return a.matched ? -1 : +1;

			// `[required]` outranks `[[optional]]`
			if (a.type !== b.type) {
				if (a.type === 'required') return -1;
				if (b.type === 'required') return +1;
			}
		}
	}

	// identical shapes: reverse string order keeps the result deterministic
	return idA < idB ? +1 : -1;
}

/** The static text that follows dynamic part j of segment i, in that segment or the next. */
function staticAfter(segments: Part[][], i: number, j: number): string | undefined {
	return segments[i]![j + 1]!.content || segments[i + 1]?.[0]!.content;
}

/** Alphabetical by code unit, except that a longer string outranks its own prefix (`foobar` > `foo`). */
function compareStatic(a: string, b: string): number {
	for (let i = 0; ; i += 1) {
		const charA = a[i];
		const charB = b[i];
		if (charA === charB) continue;
		if (charA === undefined) return +1;
		if (charB === undefined) return -1;
		return charA < charB ? -1 : +1;
	}
}

/**
 * An `[[optional]]` counts only at the end of the id (trailing groups aside): `x/[[y]]/z`
 * ranks as `x/z`.
 */
function splitForSort(id: string): Part[][] {
	const withoutInnerOptionals = id.replace(/\[\[[^\]]+\]\](?!(?:\/\([^/]+\))*$)/g, '');
	return pathSegments(withoutInnerOptionals).map(splitSegment);
}

function splitSegment(segment: string): Part[] {
	const parts: Part[] = [];
	let i = 0;
	for (;;) {
		const start = segment.indexOf('[', i);
		if (start === -1) {
			parts.push({ type: 'static', content: segment.slice(i), matched: false });
			return parts;
		}
		parts.push({ type: 'static', content: segment.slice(i, start), matched: false });

		const next = segment[start + 1];
		const type: PartType = next === '[' ? 'optional' : next === '.' ? 'rest' : 'required';
		const close = type === 'optional' ? ']]' : ']';
		const end = segment.indexOf(close, start);
		if (end === -1) throw new Error(`Invalid route segment ${segment}`);
		i = end + close.length;
		const content = segment.slice(start, i);
		parts.push({ type, content, matched: content.includes('=') });
	}
}
