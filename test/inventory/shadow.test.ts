// The shadowing report: which of the legacy routes and the +server files answers each method,
// on legacy Express 4/5 and Koa apps with mounted routers; as a function, as `kit-endpoints
// shadow`, and printed once at the first request in development.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express5 from 'express';
import express4Untyped from 'express4';
import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { endpoints, formatShadowReport, RouteTreeError, shadowReport, type ShadowReport } from '../../src/index.js';
import { endpoints as koaEndpoints } from '../../src/koa.js';
import { createExpressApp, createKoaApp } from './legacy-apps.js';
import { captureConsole, FIXTURES } from '../support/helpers.js';

const express4 = express4Untyped as typeof express5;

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(root, 'dist', 'cli.js');
const ROUTES = path.join(FIXTURES, 'legacy-express', 'src', 'routes');

/** The report as lines a reader can check at a glance. */
function summary(report: ShadowReport) {
	const partial = (e: { partial: boolean }) => (e.partial ? ' (partly)' : '');
	return {
		moved: report.moved.map(
			(e) => `${e.method} ${e.legacy.path} -> ${e.answer} ${e.endpoint.base}${e.endpoint.id} e.g. ${e.example}${partial(e)}`
		),
		shadowed: report.shadowed.map(
			(e) => `${e.method} ${e.endpoint.base}${e.endpoint.id} <- ${e.legacy.path} e.g. ${e.example}${partial(e)}`
		),
		added: report.added.map((e) => `${e.method} ${e.endpoint.base}${e.endpoint.id}`),
		notMoved: report.notMoved.map((e) => `${e.method} ${e.legacy.path}`)
	};
}

const EXPRESS_UNMATCHED = {
	moved: [
		'GET /api/orders/:orderId -> handler /api/orders/[id=integer] e.g. /api/orders/1 (partly)',
		'GET /api/users -> handler /api/users e.g. /api/users',
		'POST /api/users -> 405 /api/users e.g. /api/users',
		'GET /api/users/:id -> handler /api/users/[id] e.g. /api/users/1',
		'PATCH /api/users/:id -> 405 /api/users/[id] e.g. /api/users/1',
		'DELETE /api/users/:id -> 405 /api/users/[id] e.g. /api/users/1',
		'GET /profile/:id -> handler /profile/[id] e.g. /profile/1',
		'PUT /profile/:id -> 405 /profile/[id] e.g. /profile/1'
	],
	shadowed: ['GET /health <- /health e.g. /health'],
	added: ['* /api/echo', 'GET /api/stats'],
	notMoved: ['GET /api/orders', '* /api/webhook', 'GET /legacy/report']
};

async function expressReport(express: unknown, fallthrough: 'unmatched' | 'unhandled' = 'unmatched'): Promise<ShadowReport> {
	const { app, kit } = await createExpressApp({ express, endpoints, options: { fallthrough } });
	await kit.ready;
	return shadowReport(app, kit);
}

describe('shadowReport on a legacy Express app', () => {
	it('Express 5: (a) moved, with the 405s of a half-moved resource, (b) shadowed, (c) new, (d) not moved', async () => {
		const report = await expressReport(express5);
		assert.equal(report.framework, 'express');
		assert.deepEqual(report.endpoints, [{ base: '', fallthrough: 'unmatched', routes: 7 }]);
		assert.deepEqual(summary(report), EXPRESS_UNMATCHED);
		assert.deepEqual(report.notes, []);
	});

	it('Express 4 walks its routers the same way', async () => {
		assert.deepEqual(summary(await expressReport(express4)), EXPRESS_UNMATCHED);
	});

	it("with fallthrough 'unhandled', the legacy verbs of the half-moved resource are not moved yet", async () => {
		const report = await expressReport(express5, 'unhandled');
		assert.deepEqual(summary(report).moved, [
			'GET /api/orders/:orderId -> handler /api/orders/[id=integer] e.g. /api/orders/1 (partly)',
			'GET /api/users -> handler /api/users e.g. /api/users',
			'GET /api/users/:id -> handler /api/users/[id] e.g. /api/users/1',
			'GET /profile/:id -> handler /profile/[id] e.g. /profile/1'
		]);
		assert.deepEqual(summary(report).notMoved, [
			'POST /api/users',
			'PATCH /api/users/:id',
			'DELETE /api/users/:id',
			'GET /api/orders',
			'* /api/webhook',
			'PUT /profile/:id',
			'GET /legacy/report'
		]);
	});

	it('what it says is what the app does', async () => {
		const { app, kit } = await createExpressApp({ endpoints });
		await kit.ready;
		const report = await shadowReport(app);
		const send = (method: string, url: string) =>
			request(app as http.RequestListener)
				[method.toLowerCase() as 'get'](url)
				.set('accept', 'application/json');
		for (const entry of report.moved) {
			const res = await send(entry.method, entry.example);
			if (entry.answer === '405') assert.equal(res.status, 405, `${entry.method} ${entry.example}`);
			else assert.equal(res.body.from, 'kit', `${entry.method} ${entry.example}`);
		}
		for (const entry of report.shadowed) assert.equal((await send(entry.method, entry.example)).body.from, 'legacy');
	});

	it('regexp and array paths, wildcards, custom param regexps, and a mount point with a param (Express 5)', async () => {
		const kit = endpoints(ROUTES);
		const app = express5();
		app.get(/^\/api\/users\/\d+$/, (req, res) => res.send('regexp'));
		app.use(kit);
		app.get(['/api/stats', '/api/statistics'], (req, res) => res.send('array'));
		app.get('/api/users/*rest', (req, res) => res.send('wildcard'));
		const tenant = express5.Router();
		tenant.get('/api/users', (req, res) => res.send('tenant'));
		app.use('/t/:tenant', tenant);
		app.use('/admin', express5());
		app.all('/{*splat}', (req, res) => res.status(404).send('legacy 404'));
		await kit.ready;
		const report = summary(await shadowReport(app, kit));
		assert.ok(
			report.shadowed.includes('GET /api/users/[id] <- /^\\/api\\/users\\/\\d+$/ e.g. /api/users/1 (partly)'),
			report.shadowed.join('\n')
		);
		assert.ok(
			report.moved.includes('GET [/api/stats, /api/statistics] -> handler /api/stats e.g. /api/stats (partly)'),
			report.moved.join('\n')
		);
		assert.ok(
			report.moved.includes('GET /api/users/*rest -> handler /api/users/[id] e.g. /api/users/abc (partly)'),
			report.moved.join('\n')
		);
		assert.ok(report.notMoved.includes('GET /t/:tenant/api/users'), report.notMoved.join('\n'));
		assert.ok(!report.added.includes('GET /api/stats'));
		const notes = (await shadowReport(app)).notes.join('\n');
		assert.match(notes, /an Express app mounted at \/admin is not walked/);
		// a catch-all acts as middleware (here the legacy 404): as a route it would overlap everything
		assert.match(notes, /\/\{\*splat\} matches every path: taken as middleware that passes requests on, not as a route/);
		assert.ok(![...report.moved, ...report.notMoved].some((line) => line.includes('splat')));
	});

	it('says where sampling is blind: regexp routes, and param matchers that refuse every sample value', async () => {
		const kit = endpoints(path.join(FIXTURES, 'app', 'routes'));
		const app = express5();
		app.use(kit);
		app.get(/^\/legacy\/.*\.png$/, (req, res) => res.send('png'));
		app.get('/routing/matched/X', (req, res) => res.send('static'));
		await kit.ready;
		const report = await shadowReport(app);
		assert.ok(
			report.notes.includes(
				"/^\\/legacy\\/.*\\.png$/ is a regular expression: only the +server routes' sample paths were tried against it"
			),
			report.notes.join('\n')
		);
		assert.ok(
			report.notes.some((note) =>
				note.startsWith('/routing/matched/[letter=uppercase]: its param matchers refuse the sample values (1, abc, true)')
			),
			report.notes.join('\n')
		);
		// a legacy route's own path still finds it
		assert.ok(
			summary(report).moved.includes('GET /routing/matched/X -> handler /routing/matched/[letter=uppercase] e.g. /routing/matched/X')
		);
	});

	it("Express 4's :id(\\\\d+), optional params and a middleware mounted below a prefix", async () => {
		const kit = endpoints(ROUTES);
		const app = express4();
		const v2 = express4.Router();
		v2.use(kit);
		v2.get('/api/orders/:id(\\d+)', (req, res) => res.send('digits'));
		v2.get('/profile/:id?', (req, res) => res.send('optional'));
		app.use('/v2', v2);
		app.get('/api/users', (req, res) => res.send('root'));
		await kit.ready;
		const report = await shadowReport(app);
		assert.deepEqual(report.endpoints, [{ base: '/v2', fallthrough: 'unmatched', routes: 7 }]);
		const lines = summary(report);
		assert.ok(
			lines.moved.includes('GET /v2/api/orders/:id(\\d+) -> handler /v2/api/orders/[id=integer] e.g. /v2/api/orders/1'),
			lines.moved.join('\n')
		);
		assert.ok(
			lines.moved.includes('GET /v2/profile/:id? -> handler /v2/profile/[id] e.g. /v2/profile/1 (partly)'),
			lines.moved.join('\n')
		);
		assert.ok(lines.notMoved.includes('GET /api/users'), lines.notMoved.join('\n'));
		assert.ok(lines.added.includes('GET /v2/api/users'));
	});

	it('waits for the middleware to load; a broken route tree rejects with its RouteTreeError', async () => {
		const app = express5().use(endpoints(ROUTES));
		const pending = shadowReport(app);
		// a route added while the middleware loads is in the report
		app.get('/late', (req, res) => res.send('late'));
		const report = await pending;
		assert.equal(report.endpoints[0]!.routes, 7);
		assert.deepEqual(report.notMoved, [{ method: 'GET', legacy: { path: '/late', methods: ['GET'] } }]);
		const broken = express5().use(endpoints(path.join(FIXTURES, 'app-broken', 'routes')));
		await assert.rejects(shadowReport(broken), RouteTreeError);
	});

	it('refuses what it cannot read, saying why', async () => {
		await assert.rejects(shadowReport({}), /must be an Express app \(4 or 5\), an express\.Router, or a Koa app/);
		await assert.rejects(shadowReport(express5().get('/', () => {})), /No kit-endpoints middleware in the app's stack/);
		const kit = endpoints(ROUTES);
		await kit.ready;
		await assert.rejects(
			shadowReport(express5().use(kit), () => {}),
			/middleware is not a kit-endpoints middleware/
		);
		await assert.rejects(shadowReport(express5().use(kit), endpoints(ROUTES)), /No kit-endpoints middleware is that one/);
	});
});

describe('shadowReport on a legacy Koa app with @koa/router', () => {
	it('walks app.middleware and the routers, their prefixes and nested routers', async () => {
		const { app, kit } = await createKoaApp({ endpoints: koaEndpoints });
		await kit.ready;
		const report = await shadowReport(app);
		assert.equal(report.framework, 'koa');
		assert.deepEqual(summary(report), {
			moved: [
				'GET /api/v1/products -> handler /api/v1/products e.g. /api/v1/products',
				'POST /api/v1/products -> 405 /api/v1/products e.g. /api/v1/products',
				'GET /api/v1/products/:id -> handler /api/v1/products/[id] e.g. /api/v1/products/1',
				'PUT /api/v1/products/:id -> 405 /api/v1/products/[id] e.g. /api/v1/products/1',
				'DELETE /api/v1/products/:id -> 405 /api/v1/products/[id] e.g. /api/v1/products/1'
			],
			shadowed: ['GET /api/v1/status <- /api/v1/status e.g. /api/v1/status'],
			added: ['POST /api/v1/reviews'],
			notMoved: ['GET /api/v1/carts/:cartId']
		});
	});

	it("with fallthrough 'unhandled'", async () => {
		const { app, kit } = await createKoaApp({ endpoints: koaEndpoints, options: { fallthrough: 'unhandled' } });
		await kit.ready;
		assert.deepEqual(summary(await shadowReport(app)).notMoved, [
			'POST /api/v1/products',
			'PUT /api/v1/products/:id',
			'DELETE /api/v1/products/:id',
			'GET /api/v1/carts/:cartId'
		]);
	});

	it("the middleware under a route of a router (`router.all('/kit/{*rest}', ...)`)", async () => {
		const kit = koaEndpoints(ROUTES);
		const router = new Router();
		router.all('/kit/{*rest}', kit);
		router.get('/kit/api/users', (ctx) => void (ctx.body = 'legacy'));
		router.get('/api/users', (ctx) => void (ctx.body = 'legacy'));
		router.all('/{*rest}', (ctx) => void (ctx.status = 404));
		const app = new Koa();
		app.use(router.routes());
		await kit.ready;
		const report = await shadowReport(app);
		assert.deepEqual(report.endpoints, [{ base: '/kit', fallthrough: 'unmatched', routes: 7 }]);
		const lines = summary(report);
		assert.ok(lines.moved.includes('GET /kit/api/users -> handler /kit/api/users e.g. /kit/api/users'), lines.moved.join('\n'));
		assert.deepEqual(lines.notMoved, ['GET /api/users']);
		assert.deepEqual(report.notes, ['/{*rest} matches every path: taken as middleware that passes requests on, not as a route']);
		// what the report says is what Koa does
		assert.equal((await request(app.callback()).get('/kit/api/users')).body.from, 'kit');
	});

	it('a Koa app without the middleware', async () => {
		const app = new Koa();
		app.use(async () => {});
		await assert.rejects(shadowReport(app), /No kit-endpoints middleware in the app's stack \(looked through app\.middleware/);
	});
});

describe('kit-endpoints shadow', () => {
	const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'shadow', ...args], { cwd: root, encoding: 'utf8' });

	it('imports the app module, waits for the middleware and prints the report', () => {
		const result = run('test/fixtures/legacy-express/app.js');
		assert.equal(result.status, 0, result.stderr);
		assert.match(result.stdout, /^Shadowing report: Express app, kit-endpoints at \/ \(7 routes, fallthrough 'unmatched'\)/);
		assert.match(result.stdout, /Legacy routes now answered by \+server files[^\n]*\n {2}GET {5}\/api\/orders\/:orderId/);
		assert.match(result.stdout, /PATCH +\/api\/users\/:id +→ 405 from \/api\/users\/\[id\]/);
	});

	it('--json prints the same data as shadowReport', async () => {
		const result = run('test/fixtures/legacy-koa/app.js', '--json');
		assert.equal(result.status, 0, result.stderr);
		const { app, kit } = await createKoaApp({ endpoints: koaEndpoints });
		await kit.ready;
		assert.deepEqual(JSON.parse(result.stdout), JSON.parse(JSON.stringify(await shadowReport(app))));
	});

	it('usage mistakes: exit 2 with the usage', () => {
		const missing = run();
		assert.equal(missing.status, 2);
		assert.match(missing.stderr, /kit-endpoints shadow <app-module> \[--json\]/);
		const wrong = run('test/fixtures/legacy-express/app.js', '--kit', '3');
		assert.equal(wrong.status, 2);
		assert.match(wrong.stderr, /--kit is not an option of shadow/);
		const json = spawnSync(process.execPath, [CLI, 'sync', 'src/routes', '--json'], { cwd: root, encoding: 'utf8' });
		assert.equal(json.status, 2);
		assert.match(json.stderr, /--json is an option of routes and shadow/);
	});

	it('a module without an app: exit 1, saying so', () => {
		const result = run('test/fixtures/legacy-express/users.js');
		assert.equal(result.status, 1);
		assert.match(result.stderr, /exports neither a default export nor one named app/);
	});
});

describe('the shadowing report at start-up, in development', () => {
	it('is printed once, after the first request shows the middleware its app', async () => {
		// created inside: the fixture served in production elsewhere in the run gets a warning
		const { output } = await captureConsole(async () => {
			const { app } = await createExpressApp({ endpoints, options: { dev: true } });
			await request(app as http.RequestListener).get('/api/users');
			await request(app as http.RequestListener).get('/api/users');
			await new Promise((resolve) => setTimeout(resolve, 100));
		});
		const printed = output.split('\n').filter((line) => line.startsWith('Shadowing report'));
		assert.equal(printed.length, 1, output);
		assert.match(output, /Legacy routes not moved yet:\n {2}GET +\/api\/orders\n/);
	});

	it('on Koa too, through ctx.app', async () => {
		const { output } = await captureConsole(async () => {
			const { app } = await createKoaApp({ endpoints: koaEndpoints, options: { dev: true } });
			await request(app.callback()).get('/api/v1/products');
			await new Promise((resolve) => setTimeout(resolve, 100));
		});
		assert.match(output, /^Shadowing report: Koa app/m);
	});

	it('prints nothing, and warns of nothing, on a host it cannot read (a bare node:http server)', async () => {
		const kit = endpoints(ROUTES, { dev: true });
		const server = (req: http.IncomingMessage, res: http.ServerResponse) => kit(req, res, () => res.writeHead(404).end());
		const { output } = await captureConsole(async () => {
			assert.equal((await request(server).get('/api/stats')).status, 200);
			await new Promise((resolve) => setTimeout(resolve, 100));
		});
		assert.equal(output, '');
	});

	it('is not printed in production', async () => {
		const { app } = await createExpressApp({ endpoints, options: { dev: false } });
		const { output } = await captureConsole(async () => {
			await request(app as http.RequestListener).get('/api/users');
			await new Promise((resolve) => setTimeout(resolve, 100));
		});
		assert.doesNotMatch(output, /Shadowing report/);
	});

	it('formatShadowReport is what the CLI prints', async () => {
		const text = formatShadowReport(await expressReport(express5));
		assert.match(text, /\n\*: every method neither side names/);
	});
});
