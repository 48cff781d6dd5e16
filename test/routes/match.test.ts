// exec and decodePathname: rules §1.6, run directly on parseRouteId output (no files involved).
import assert from 'node:assert/strict';
import { decodePathname, exec } from '../../src/routes/match.js';
import { parseRouteId } from '../../src/routes/parse.js';
import { EXEC_CASES, EXEC_MATCHERS } from './exec-table.js';
import { defined } from './helpers.js';

function run(route: string, path: string, matchers = EXEC_MATCHERS): Record<string, string> | undefined {
	const { pattern, params } = parseRouteId(route);
	const match = pattern.exec(path);
	return match ? exec(match, params, matchers) : undefined;
}

describe('exec', () => {
	describe('rules §1.6 exec table (parseRouteId + exec)', () => {
		for (const { route, paths } of EXEC_CASES) {
			for (const [path, expected] of paths) {
				it(`${route} on ${JSON.stringify(path)} -> ${expected ? JSON.stringify(expected) : 'no match'}`, () => {
					const result = run(route, path);
					if (expected === null) {
						assert.equal(result, undefined);
						return;
					}
					assert.ok(result, 'expected a match');
					// `{ lang: undefined }` in the table means "no value": an explicit undefined key and a
					// missing key are both accepted, any other value is not.
					for (const [key, value] of Object.entries(expected)) {
						assert.equal(result[key], value, `param ${key}`);
					}
					assert.deepEqual(defined(result), defined(expected));
				});
			}
		}
	});

	it('returns raw values: nothing is decoded', () => {
		assert.deepEqual(run('/enc/[v]', '/enc/AC%2FDC'), { v: 'AC%2FDC' });
		assert.deepEqual(run('/enc/[v]', '/enc/a%20b'), { v: 'a%20b' });
	});

	it('passes the raw value to the matcher and skips the route when it fails', () => {
		const seen: string[] = [];
		const matchers = {
			word: (p: string) => {
				seen.push(p);
				return /^\w+$/.test(p);
			}
		};
		assert.deepEqual(run('/blog/[slug=word]', '/blog/hello', matchers), { slug: 'hello' });
		assert.equal(run('/blog/[slug=word]', '/blog/hello-world', matchers), undefined);
		assert.equal(run('/blog/[slug=word]', '/blog/a%2Fb', matchers), undefined);
		assert.deepEqual(seen, ['hello', 'hello-world', 'a%2Fb']);
	});

	it('runs the matcher of a missing rest param on the empty string', () => {
		const seen: string[] = [];
		const matchers = { m: (p: string) => (seen.push(p), true) };
		assert.deepEqual(run('/p/[...rest=m]', '/p', matchers), { rest: '' });
		assert.deepEqual(seen, ['']);
	});

	it('rules §8 row 67: the last param of a segment takes the rest ([a]-[b] on x-y-z)', () => {
		assert.deepEqual(run('/routing/split-params/[a]-[b]', '/routing/split-params/x-y-z'), { a: 'x', b: 'y-z' });
	});

	it('rules §8 row 66: rest params do not swallow characters', () => {
		assert.deepEqual(run('/foo/[...rest]', '/foo/one/two'), { rest: 'one/two' });
		assert.equal(run('/foo/[...rest]', '/food/one/two'), undefined);
		assert.deepEqual(run('/[dynamic]-bar/[...rest]', '/one-bar/two/three'), { dynamic: 'one', rest: 'two/three' });
		assert.equal(run('/[dynamic]-bar/[...rest]', '/one-bard/two/three'), undefined);
	});
});

describe('decodePathname', () => {
	const cases: Array<[string, string]> = [
		['/blog/hello%20world', '/blog/hello world'],
		['/enc/%E8%8B%97', '/enc/苗'],
		['/enc/a+b', '/enc/a+b'],
		// %25 is never decoded, so a%2520b keeps its %2520 and a%25b its %25
		['/enc/a%2520b', '/enc/a%2520b'],
		['/enc/a%25b', '/enc/a%25b'],
		['/100%25', '/100%25'],
		// decodeURI leaves reserved characters encoded
		['/enc/AC%2FDC', '/enc/AC%2FDC'],
		['/x/%3F%3f%23%3A%40%26%3D%2B%24%2C%3B', '/x/%3F%3f%23%3A%40%26%3D%2B%24%2C%3B'],
		['/x/%5B%5d%3C%22', '/x/[]<"'],
		['/x/%F0%9F%A4%AA', '/x/🤪'],
		['/x/%0A', '/x/\n']
	];
	for (const [input, output] of cases) {
		it(`${input} -> ${JSON.stringify(output)}`, () => {
			assert.equal(decodePathname(input), output);
		});
	}

	for (const malformed of ['/%c0%ae%c0%ae/etc/passwd', '/%E8%8B', '/100%', '/%zz', '/a%2']) {
		it(`throws on malformed ${malformed}`, () => {
			assert.throws(() => decodePathname(malformed));
		});
	}
});
