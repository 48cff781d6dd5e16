// The route inventory: middleware.routes on both middlewares, `kit-endpoints routes --json`
// printing the same data, and, in development, the tree as of the latest reload.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import request from 'supertest';
import { endpoints, type RouteInfo } from '../../src/index.js';
import { endpoints as koaEndpoints } from '../../src/koa.js';
import { FIXTURES } from '../support/helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(root, 'dist', 'cli.js');
const LEGACY = path.join(FIXTURES, 'legacy-express');
const ROUTES = path.join(LEGACY, 'src', 'routes');

describe('middleware.routes', () => {
	it('lists the routes in match order: id, pattern, methods, file, page, params with their matchers', async () => {
		const kit = endpoints(ROUTES, { pages: ['/api/stats'] });
		await kit.ready;
		const routes: RouteInfo[] = kit.routes;
		assert.deepEqual(
			routes.map((route) => route.id),
			['/api/echo', '/api/orders/[id=integer]', '/api/stats', '/api/users', '/api/users/[id]', '/health', '/profile/[id]']
		);
		const orders = routes.find((route) => route.id === '/api/orders/[id=integer]')!;
		assert.deepEqual(orders, {
			id: '/api/orders/[id=integer]',
			pattern: '^/api/orders/([^/]+?)/?$',
			methods: ['GET', 'HEAD'],
			fallback: false,
			file: path.join(ROUTES, 'api', 'orders', '[id=integer]', '+server.js'),
			page: false,
			params: [{ name: 'id', matcher: 'integer', optional: false, rest: false }]
		});
		const echo = routes.find((route) => route.id === '/api/echo')!;
		assert.deepEqual([echo.methods, echo.fallback], [[], true]);
		// a +page file, and the pages option
		assert.equal(routes.find((route) => route.id === '/profile/[id]')!.page, true);
		assert.equal(routes.find((route) => route.id === '/api/stats')!.page, true);
		assert.equal(routes.find((route) => route.id === '/api/users')!.page, false);
	});

	it('throws until the app has loaded, saying to await ready', async () => {
		const kit = endpoints(ROUTES);
		assert.throws(() => kit.routes, /await middleware\.ready first/);
		await kit.ready;
		assert.equal(kit.routes.length, 7);
	});

	it('is the same on the Koa middleware', async () => {
		const kit = koaEndpoints(ROUTES);
		await kit.ready;
		assert.deepEqual(kit.routes, await loaded(ROUTES));
	});

	it('`kit-endpoints routes --json` prints the same data', async () => {
		const result = spawnSync(process.execPath, [CLI, 'routes', 'src/routes', '--json'], { cwd: LEGACY, encoding: 'utf8' });
		assert.equal(result.status, 0, result.stderr);
		assert.deepEqual(JSON.parse(result.stdout), await loaded(ROUTES));
	});

	it('in development, reflects the tree as of the latest reload', async function () {
		this.timeout(15000);
		const dir = path.join(FIXTURES, `.tmp-inventory-${process.pid}`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(path.join(dir, 'src', 'routes', 'a'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'src', 'routes', 'a', '+server.js'), 'export const GET = () => new Response("a");\n');
		try {
			const kit = endpoints(path.join(dir, 'src', 'routes'), { dev: true });
			const app = express().use(kit);
			await kit.ready;
			assert.deepEqual(
				kit.routes.map((route) => route.id),
				['/a']
			);
			fs.mkdirSync(path.join(dir, 'src', 'routes', 'b'));
			fs.writeFileSync(path.join(dir, 'src', 'routes', 'b', '+server.js'), 'export const POST = () => new Response("b");\n');
			const deadline = Date.now() + 5000;
			while ((await request(app).post('/b')).status !== 200) {
				if (Date.now() > deadline) assert.fail('the new route never answered');
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			assert.deepEqual(
				kit.routes.map((route) => [route.id, route.methods]),
				[
					['/a', ['GET', 'HEAD']],
					['/b', ['POST']]
				]
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

async function loaded(dir: string): Promise<RouteInfo[]> {
	const kit = endpoints(dir);
	await kit.ready;
	return kit.routes;
}
