// Bodies that Koa's body parsers (koa-bodyparser, @koa/bodyparser, koa-body) read earlier in the
// app, from ctx.request.body (and ctx.request.rawBody where the parser keeps it), are given back
// to event.request (rules §6.1), under Koa 3 and 2.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { bodyParser as koaBodyParser } from '@koa/bodyparser';
import type Koa from 'koa';
import { koaBody } from 'koa-body';
import bodyParser from 'koa-bodyparser';
import request from 'supertest';
import { call, jsonOf } from '../support/helpers.js';
import { describeKoa, type TestApp } from '../support/hosts.js';

const HOST = 'app.test';
const ORIGIN = 'http://app.test';

/** What the parser left for the middleware after it. */
interface Seen {
	body: unknown;
	rawBody: unknown;
	bodyWasRead: boolean;
}

const PARSERS: [string, () => Koa.Middleware][] = [
	['koa-bodyparser', () => bodyParser({ enableTypes: ['json', 'form', 'text'] }) as Koa.Middleware],
	['@koa/bodyparser', () => koaBodyParser({ enableTypes: ['json', 'form', 'text'] }) as unknown as Koa.Middleware],
	['koa-body', () => koaBody() as unknown as Koa.Middleware]
];

describeKoa('request bodies read by Koa body parsers', (host) => {
	for (const [name, parser] of PARSERS) {
		describe(name, () => {
			let t: TestApp;
			const seen: Seen[] = [];
			before(async () => {
				t = await host.createApp({
					koa: {
						before: (app) => {
							app.use(parser());
							app.use(async (ctx, next) => {
								const request = ctx.request as { body?: unknown; rawBody?: unknown };
								seen.push({ body: request.body, rawBody: request.rawBody, bodyWasRead: ctx.req.readableEnded });
								await next();
							});
						}
					}
				});
			});
			beforeEach(() => {
				seen.length = 0;
			});

			it('JSON: request.json() works', async () => {
				const res = await call(
					request(t.app).post('/echo/json').set('content-type', 'application/json').send('{ "oddly" : { "formatted" : "json" } }')
				);
				assert.equal(res.status, 200);
				assert.deepEqual(jsonOf(res), { type: 'application/json', body: { oddly: { formatted: 'json' } } });
				assert.deepEqual(seen[0]?.body, { oddly: { formatted: 'json' } }, 'the parser read the body first');
				assert.equal(seen[0]?.bodyWasRead, true);
			});

			it('a urlencoded form: request.formData() sees the same fields, repeated keys included', async () => {
				const res = await call(
					request(t.app)
						.post('/echo/form')
						.set('host', HOST)
						.set('origin', ORIGIN)
						.set('content-type', 'application/x-www-form-urlencoded')
						.send('a=1&b=x+y&c=1&c=2&d=%C3%A9&e=')
				);
				assert.equal(res.status, 200);
				assert.deepEqual(jsonOf(res), {
					type: 'application/x-www-form-urlencoded',
					fields: { a: ['1'], b: ['x y'], c: ['1', '2'], d: ['é'], e: [''] }
				});
				assert.equal(seen[0]?.bodyWasRead, true);
			});

			it('text: request.text() works', async () => {
				const res = await call(
					request(t.app)
						.post('/echo')
						.set('host', HOST)
						.set('origin', ORIGIN)
						.set('content-type', 'text/plain; charset=utf-8')
						.send('héllo wörld')
				);
				assert.equal(res.status, 200);
				const body = jsonOf(res) as { text: string; type: string; length: number };
				assert.equal(body.text, 'héllo wörld');
				assert.equal(body.length, Buffer.byteLength('héllo wörld'));
				assert.match(body.type, /^text\/plain/);
				assert.equal(seen[0]?.body, 'héllo wörld');
			});

			it('other content types are left to be streamed as they are', async () => {
				const data = randomBytes(4096);
				const res = await call(request(t.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(data));
				assert.deepEqual(jsonOf(res), {
					type: 'application/octet-stream',
					length: 4096,
					sha256: createHash('sha256').update(data).digest('hex')
				});
				assert.equal(seen[0]?.bodyWasRead, false);
			});
		});
	}
});
