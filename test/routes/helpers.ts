// Shared helpers for the route-tree tests. Not a spec file (mocha only runs `*.test.ts`).
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RouteTreeError } from '../../src/errors.js';
import type { RouteParam } from '../../src/routes/types.js';

/** Absolute path of `test/fixtures`. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Absolute path inside `test/fixtures`. */
export function fixture(...parts: string[]): string {
	return path.join(FIXTURES, ...parts);
}

/** A param as a plain object, with `matcher` always present, for `deepEqual`. */
export interface Flags {
	name: string;
	matcher: string | undefined;
	optional: boolean;
	rest: boolean;
	chained: boolean;
}

export function flags(params: readonly RouteParam[]): Flags[] {
	return params.map((p) => ({
		name: p.name,
		matcher: p.matcher ?? undefined,
		optional: p.optional,
		rest: p.rest,
		chained: p.chained
	}));
}

/** Shorthand for an expected param: `param('slug', undefined, false, false, false)`. */
export function param(name: string, matcher: string | undefined, optional: boolean, rest: boolean, chained: boolean): Flags {
	return { name, matcher, optional, rest, chained };
}

/** Mulberry32: a tiny seeded PRNG, so a failing shuffle can be replayed from its seed. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Fisher-Yates shuffle into a new array. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
	const next = random(seed);
	const out = [...items];
	for (let i = out.length - 1; i > 0; i -= 1) {
		const j = Math.floor(next() * (i + 1));
		const a = out[i] as T;
		out[i] = out[j] as T;
		out[j] = a;
	}
	return out;
}

/** Drops keys whose value is `undefined` (SvelteKit's tests compare with `toEqual`, which ignores them). */
export function defined(record: Record<string, string | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(record)) {
		if (value !== undefined) out[key] = value;
	}
	return out;
}

/**
 * Validates a thrown RouteTreeError: exactly `count` problems (default: one per pattern), each
 * pattern matched by some problem, that problem containing every string of `names` (the route id
 * or file it must point at), and the message repeating every problem.
 * Returns true so it can be passed to `assert.throws` / `assert.rejects`.
 */
export function isTreeError(
	err: unknown,
	expected: ReadonlyArray<{ re: RegExp; names?: readonly string[] }>,
	count: number = expected.length
): true {
	assert.ok(err instanceof RouteTreeError, `expected a RouteTreeError, got: ${String(err)}`);
	const problems: string[] = [...err.problems];
	const shown = JSON.stringify(problems, null, 2);
	assert.equal(problems.length, count, `wrong number of problems: ${shown}`);
	for (const { re, names = [] } of expected) {
		const problem = problems.find((p) => re.test(p));
		assert.ok(problem !== undefined, `no problem matches ${re}; problems: ${shown}`);
		for (const name of names) {
			assert.ok(problem.includes(name), `problem ${JSON.stringify(problem)} should name ${JSON.stringify(name)}`);
		}
	}
	for (const problem of problems) {
		assert.ok(err.message.includes(problem), `message should contain ${JSON.stringify(problem)}: ${err.message}`);
	}
	return true;
}

/** Reads the `status` of whatever was thrown. */
export function statusOf(err: unknown): unknown {
	return typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
}
