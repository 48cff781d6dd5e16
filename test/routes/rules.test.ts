// The route rules are the one place SvelteKit 2's conventions come from: a tree read under other
// rules follows them in the scan, the parser, the loader and matching alike.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RouteTreeError } from '../../src/errors.js';
import { kit2RouteRules, kit3RouteRules, loadRouteTree, type ParamMatcher, type RouteRules } from '../../src/routes/index.js';
import { parseRouteId } from '../../src/routes/parse.js';
import { scanRoutes } from '../../src/routes/scan.js';

/** Rules unlike SvelteKit 2's in every respect the seam covers. */
const OTHER_RULES: RouteRules = {
	...kit2RouteRules,
	methods: [...kit2RouteRules.methods, 'QUERY'],
	serverExports: [...kit2RouteRules.serverExports, 'QUERY'],
	paramName: { pattern: /[\w-]+/ },
	skippedInfixes: ['.test.'],
	matchers: {
		defaultLocation: (routesDir) => path.join(routesDir, '..', 'matchers.js'),
		// one module for every matcher, each an export named after it
		find: (file, used) => (fs.existsSync(file) ? Object.fromEntries([...used].map((name) => [name, file])) : {}),
		read: (module, _file, names) => Object.fromEntries(names.map((name) => [name, module[name] as ParamMatcher])),
		valueType: 'string'
	},
	readParams: kit3RouteRules.readParams
};

describe('route rules', () => {
	let root: string;
	let routes: string;
	before(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-rules-'));
		routes = path.join(root, 'routes');
		const write = (file: string, content: string) => {
			fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
			fs.writeFileSync(path.join(root, file), content);
		};
		write(
			'routes/[page-slug=slug]/+server.js',
			"export const GET = () => new Response('get');\nexport const QUERY = () => new Response('query');\n"
		);
		// a test beside the endpoint, which these rules skip
		write('routes/[page-slug=slug]/+server.test.js', '');
		write('matchers.js', 'export const slug = (value) => (/^[a-z-]+$/.test(value) ? value.toUpperCase() : undefined);\n');
	});
	after(() => fs.rmSync(root, { recursive: true, force: true }));

	it("SvelteKit 2's are the default: a hyphen in a param name is an error", () => {
		assert.throws(() => parseRouteId('/[page-slug]'), /Params and matcher names can only have underscores and alphanumeric characters/);
		assert.throws(() => scanRoutes(routes), RouteTreeError);
	});

	it('parseRouteId takes its param names from the rules', () => {
		const { params } = parseRouteId('/[page-slug]/[[lang-code]]/[...rest-of]', OTHER_RULES);
		assert.deepEqual(
			params.map((param) => param.name),
			['page-slug', 'lang-code', 'rest-of']
		);
	});

	it('scanRoutes takes names, skipped files and the matchers from the rules', () => {
		const scanned = scanRoutes(routes, { rules: OTHER_RULES });
		assert.deepEqual(
			scanned.routes.map((route) => [route.id, route.endpoint]),
			[['/[page-slug=slug]', path.join(routes, '[page-slug=slug]', '+server.js')]]
		);
		assert.deepEqual({ ...scanned.matchers }, { slug: path.join(root, 'matchers.js') });
	});

	it('loadRouteTree takes the methods, how a module becomes a matcher and how params are read from the rules', async () => {
		const tree = await loadRouteTree(routes, { rules: OTHER_RULES });
		assert.deepEqual(tree.routes[0]!.methods, ['GET', 'QUERY']);
		assert.deepEqual(tree.match('/a-b')?.params, { 'page-slug': 'A-B' });
		assert.equal(tree.match('/A'), null);
	});
});
