// SvelteKit 2's cookie codec (src/cookies/codec.ts, built on cookie@2) against cookie@0.6, the
// serialiser SvelteKit 2 itself calls (@sveltejs/kit 2's own dependency): random names, values
// and options must give the same Set-Cookie line, or both refuse them.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { serializeCookie } from '../src/cookies/codec.js';
import type { CookieOptions } from '../src/cookies/index.js';

type Serialize = (name: string, value: string, options: object) => string;
const kit2 = createRequire(import.meta.url).resolve('@sveltejs/kit/package.json');
const { serialize: serialize06 } = createRequire(kit2)('cookie') as { serialize: Serialize };

const text = fc.oneof(fc.string(), fc.constantFrom('a', 'a b', 'x, "y"', 'fü', '', '/p', 'example.com', '.example.com', 'a;b', '\t'));
const options = fc.record(
	{
		path: fc.oneof(text, fc.constant('/')),
		domain: fc.option(text, { nil: undefined }),
		maxAge: fc.option(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e300, -(2 ** 60), '60', Number.NaN, Infinity)), {
			nil: undefined
		}),
		expires: fc.option(
			fc.oneof(
				fc.date({ noInvalidDate: false }),
				fc.constantFrom(new Date(Date.UTC(10000, 0, 1)), new Date(Date.UTC(1000, 0, 1)), '2030')
			),
			{ nil: undefined }
		),
		httpOnly: fc.option(fc.boolean(), { nil: undefined }),
		secure: fc.option(fc.boolean(), { nil: undefined }),
		partitioned: fc.option(fc.boolean(), { nil: undefined }),
		priority: fc.option(fc.constantFrom('low', 'HIGH', 'medium', 'bogus'), { nil: undefined }),
		sameSite: fc.option(fc.constantFrom('lax', 'Strict', 'none', true, false, 'bogus'), { nil: undefined }),
		encode: fc.option(
			fc.constantFrom((value: string) => value, encodeURIComponent),
			{ nil: undefined }
		)
	},
	{ requiredKeys: ['path'] }
);

function outcome(fn: () => string): { line: string } | { error: string } {
	try {
		return { line: fn() };
	} catch (error) {
		assert.ok(error instanceof TypeError, String(error));
		return { error: error.message };
	}
}

// cookie@2 checks names, domains and paths against RFC 6265, where cookie@0.6 took any field text
const STRICTER = /^(argument name|option domain|option path) is invalid$/;

describe("SvelteKit 2's cookie codec against cookie@0.6", () => {
	it('writes the same line, or refuses as cookie@0.6 does (names, domains and paths more strictly)', () => {
		fc.assert(
			fc.property(text, text, options, (name, value, opts) => {
				const ours = outcome(() => serializeCookie(name, value, opts as CookieOptions));
				const theirs = outcome(() => serialize06(name, value, opts));
				if ('line' in ours) assert.deepEqual(ours, theirs);
				else if ('line' in theirs) assert.match(ours.error, STRICTER);
				else assert.match(ours.error, /^(argument|option) \w+ is invalid$/);
			}),
			{ numRuns: 5000 }
		);
	});

	it('writes what cookie@2 alone would refuse: huge max-ages, far expiry dates, any field text in values', () => {
		const line = serializeCookie('a', 'x, "y"', {
			path: '/',
			maxAge: 1e300,
			expires: new Date(Date.UTC(10000, 0, 1)),
			encode: (value) => value
		});
		assert.equal(
			line,
			serialize06('a', 'x, "y"', {
				path: '/',
				maxAge: 1e300,
				expires: new Date(Date.UTC(10000, 0, 1)),
				encode: (value: string) => value
			})
		);
		assert.match(line, /^a=x, "y"; Max-Age=1e\+300; Path=\/; Expires=/);
	});
});
