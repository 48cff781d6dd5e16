// Build-time errors of rules §1.1, §1.5, §1.7, §1.8 and §1.10, each on a real tree under
// test/fixtures/bad-trees/<name>/routes (matchers, when any, in bad-trees/<name>/params).
import assert from 'node:assert/strict';
import path from 'node:path';
import { RouteTreeError } from '../../src/errors.js';
import { loadRouteTree } from '../../src/routes/index.js';
import { scanRoutes } from '../../src/routes/scan.js';
import { fixture, isTreeError } from './helpers.js';

interface Problem {
	/** SvelteKit's message text */
	re: RegExp;
	/** strings the problem must contain: the route id or the file at fault */
	names?: string[];
}

interface BadTree {
	name: string;
	/** `scan`: scanRoutes throws and loadRouteTree rejects; `load`: only found once modules are imported */
	stage: 'scan' | 'load';
	problems: Problem[];
}

const f = (...parts: string[]) => path.join(...parts);

const VALID_SERVER_EXPORTS =
	'valid exports are GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD, fallback, prerender, trailingSlash, config, entries, ' +
	"or anything with a '_' prefix";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const BAD_TREES: BadTree[] = [
	// rules §1.7 route ids
	{
		name: 'params-adjacent',
		stage: 'scan',
		problems: [{ re: /Invalid route \/\[foo\]\[bar\] — parameters must be separated/ }]
	},
	{
		name: 'brackets-unbalanced',
		stage: 'scan',
		problems: [{ re: /Invalid route \/\[foo — brackets are unbalanced/ }]
	},
	{
		name: 'hash-in-name',
		stage: 'scan',
		problems: [{ re: /Route \/a#b should be renamed to \/a\[x\+23\]b/ }]
	},
	{
		name: 'optional-after-rest',
		stage: 'scan',
		problems: [
			{
				re: /Invalid route \/\[\.\.\.rest\]\/\[\[opt\]\] — an \[\[optional\]\] route segment cannot follow a \[\.\.\.rest\] route segment/
			}
		]
	},
	{
		name: 'optional-rest',
		stage: 'scan',
		problems: [
			{
				re: /Invalid route \/\[\[\.\.\.catchall\]\] — a rest route segment is always optional, remove the outer square brackets/
			}
		]
	},
	{
		name: 'bad-param-name',
		stage: 'scan',
		problems: [
			{
				re: /Invalid param: foo-bar\. Params and matcher names can only have underscores and alphanumeric characters\./,
				names: ['[foo-bar]']
			}
		]
	},
	{
		name: 'bad-matcher-name-in-route',
		stage: 'scan',
		problems: [
			{
				re: /Invalid param: foo=bar-baz\. Params and matcher names can only have underscores and alphanumeric characters\./,
				names: ['[foo=bar-baz]']
			}
		]
	},
	// rules §1.4 escapes
	{
		name: 'escape-uppercase',
		stage: 'scan',
		problems: [{ re: /Character escape sequence in \/\[X\+41\] must be lowercase/ }]
	},
	{
		name: 'escape-uppercase-hex',
		stage: 'scan',
		problems: [{ re: /Character escape sequence in \/\[x\+4A\] must be lowercase/ }]
	},
	{
		name: 'escape-not-hex',
		stage: 'scan',
		problems: [{ re: /Invalid character escape sequence in \/\[x\+zz\]/ }]
	},
	{
		name: 'escape-x-length',
		stage: 'scan',
		problems: [{ re: /Hexadecimal escape sequence in \/\[x\+4\] must be two characters/ }]
	},
	{
		name: 'escape-u-length',
		stage: 'scan',
		problems: [{ re: /Unicode escape sequence in \/\[u\+123\] must be between four and six characters/ }]
	},
	{
		name: 'escape-u-too-long',
		stage: 'scan',
		problems: [{ re: /Unicode escape sequence in \/\[u\+1234567\] must be between four and six characters/ }]
	},
	// rules §1.1 / §1.10 files
	{
		name: 'multiple-endpoints',
		stage: 'scan',
		problems: [{ re: /Multiple endpoint files found in .*\/x : \+server\.js and \+server\.ts/ }]
	},
	{
		name: 'multiple-layouts',
		stage: 'scan',
		problems: [{ re: /Multiple layout component files found in .*\/ : \+layout\.svelte and \+layout@\.svelte/ }]
	},
	{
		name: 'multiple-pages',
		stage: 'scan',
		problems: [{ re: /Multiple page component files found in .*\/ : \+page\.svelte and \+page@\.svelte/ }]
	},
	{
		name: 'multiple-page-modules',
		stage: 'scan',
		problems: [{ re: /Multiple universal page module files found in .*\/ : \+page\.js and \+page\.ts/ }]
	},
	{
		name: 'multiple-layout-server-modules',
		stage: 'scan',
		problems: [{ re: /Multiple server layout module files found in .*\/ : \+layout\.server\.js and \+layout\.server\.ts/ }]
	},
	{
		name: 'reserved-file',
		stage: 'scan',
		problems: [{ re: /Files prefixed with \+ are reserved \(saw .*\+foo\.js\)/, names: [f('x', '+foo.js')] }]
	},
	{
		name: 'reserved-component',
		stage: 'scan',
		problems: [{ re: /Files prefixed with \+ are reserved \(saw .*\+server\.svelte\)/, names: [f('x', '+server.svelte')] }]
	},
	{
		name: 'named-layout-in-module',
		stage: 'scan',
		problems: [
			{
				re: /Only Svelte files can reference named layouts\. Remove '@x' from \+page@x\.js \(at .*\+page@x\.js\)/,
				names: [f('x', '+page@x.js')]
			}
		]
	},
	{
		name: 'invalid-named-layout-reference',
		stage: 'scan',
		problems: [
			{
				re: /Only Svelte files can reference named layouts\. Remove '@' from \+page@\.js \(at .*\+page@\.js\)/,
				names: [f('x', '+page@.js')]
			}
		]
	},
	{
		name: 'missing-layout',
		stage: 'scan',
		problems: [{ re: /\+page@missing\.svelte references missing segment "missing"/ }]
	},
	{
		name: 'no-routes',
		stage: 'scan',
		problems: [
			{
				// the routes dir may be named after "No routes found"
				re: /No routes found(?: in .*)?\. If you are using a custom src\/routes directory, make sure it is specified in your Svelte config file/
			}
		]
	},
	// rules §1.8 conflicts
	{
		name: 'conflicting-groups',
		stage: 'scan',
		problems: [{ re: /The "\/\(x\)\/a" and "\/\(y\)\/a" routes conflict with each other/ }]
	},
	{
		name: 'conflicting-params',
		stage: 'scan',
		problems: [{ re: /The "\/\[slug1\]" and "\/\[slug2\]" routes conflict with each other/ }]
	},
	{
		name: 'conflicting-optional',
		stage: 'scan',
		problems: [{ re: /The "\/x\/\[\[opt\]\]\/y" and "\/x\/y" routes conflict with each other/ }]
	},
	{
		name: 'self-conflict',
		stage: 'scan',
		problems: [
			{
				re: new RegExp(
					escape(
						'The "/[[slug1=doesntmatch]]/[[slug2=matches]]/[[slug3=doesntmatch]]/[...rest].json" and ' +
							'"/[[slug1=doesntmatch]]/[[slug2=matches]]/[[slug3=doesntmatch]]/[...rest].json" routes conflict with each other'
					)
				)
			}
		]
	},
	// rules §1.5 matchers
	{
		name: 'missing-matcher',
		stage: 'scan',
		problems: [{ re: /No matcher found for parameter 'nope' in route \/\[id=nope\]/ }]
	},
	{
		name: 'duplicate-matchers',
		stage: 'scan',
		problems: [{ re: /Duplicate matchers: .*foo\.(js|ts) and .*foo\.(js|ts)/, names: ['foo.js', 'foo.ts'] }]
	},
	{
		name: 'bad-matcher-file-name',
		stage: 'scan',
		problems: [{ re: /Matcher names can only have underscores and alphanumeric characters — "boo-galoo\.js" is invalid/ }]
	},
	{
		name: 'matcher-without-match',
		stage: 'load',
		problems: [{ re: /match/, names: ['nomatch.js'] }]
	},
	// rules §1.1 / §2.11 endpoint exports
	{
		name: 'invalid-export',
		stage: 'load',
		problems: [
			{
				re: new RegExp(`Invalid export 'foo' in .*\\(${escape(VALID_SERVER_EXPORTS)}\\)`),
				names: [f('x', '+server.js')]
			}
		]
	},
	{
		name: 'invalid-export-hint',
		stage: 'load',
		problems: [
			{
				re: /Invalid export 'load' in .*\('load' is a valid export in \+layout\.js, \+page\.js, \+layout\.server\.js or \+page\.server\.js\)/,
				names: [f('x', '+server.js')]
			}
		]
	},
	{
		name: 'prerender-mutative',
		stage: 'load',
		problems: [{ re: /Cannot prerender a \+server file with POST, PATCH, PUT, or DELETE \(\/x\)/ }]
	},
	{
		name: 'prerendered-dual-route',
		stage: 'load',
		problems: [{ re: /Cannot prerender a route \(\/x\) with both a `\+page\.svelte` and a `\+server\.js`/ }]
	}
];

describe('bad route trees', () => {
	for (const { name, stage, problems } of BAD_TREES) {
		describe(name, () => {
			const routes = fixture('bad-trees', name, 'routes');

			if (stage === 'scan') {
				it('scanRoutes throws a RouteTreeError', () => {
					assert.throws(
						() => scanRoutes(routes),
						(err) => isTreeError(err, problems)
					);
				});
			}

			it('loadRouteTree rejects with a RouteTreeError', async () => {
				await assert.rejects(loadRouteTree(routes), (err) => isTreeError(err, problems));
			});
		});
	}

	describe('three-problems: every problem is reported at once', () => {
		const routes = fixture('bad-trees/three-problems/routes');
		const problems: Problem[] = [
			{ re: /Invalid route \/a\/\[foo\]\[bar\] — parameters must be separated/ },
			{ re: /Files prefixed with \+ are reserved \(saw .*\+foo\.js\)/, names: [f('b', '+foo.js')] },
			{ re: /No matcher found for parameter 'nope' in route \/c\/\[id=nope\]/ }
		];

		it('scanRoutes', () => {
			assert.throws(
				() => scanRoutes(routes),
				(err) => isTreeError(err, problems)
			);
		});

		it('loadRouteTree', async () => {
			await assert.rejects(loadRouteTree(routes), (err) => isTreeError(err, problems));
		});
	});

	it('a missing routes dir is a RouteTreeError', async () => {
		const missing = fixture('bad-trees/does-not-exist/routes');
		assert.throws(() => scanRoutes(missing), RouteTreeError);
		await assert.rejects(loadRouteTree(missing), RouteTreeError);
	});
});
