// The Koa middleware people already run, around the endpoints, over the real packages: each sees
// and may change the endpoint's response as it would any other (a session cookie, compression,
// an ETag and a 304, CORS and security headers, a logger reading ctx.state.routeId), and none of
// it makes Koa report an error. Koa 3 and 2.
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import cors from '@koa/cors';
import Koa from 'koa';
import compress from 'koa-compress';
import conditional from 'koa-conditional-get';
import etag from '@koa/etag';
import helmet from 'koa-helmet';
import session from 'koa-session';
import koa2Untyped from 'koa2';
import request from 'supertest';
import { endpoints, type EndpointsOptions } from '../../src/koa.js';
import {
	call,
	captureConsole,
	deferred,
	listen,
	rawRequest,
	routesOf,
	setCookies,
	type HandleErrorInput,
	type Listening
} from '../support/helpers.js';

const ROUTES = routesOf('host-middleware');
const Koa2 = koa2Untyped as typeof Koa;

interface Stack {
	server: Listening;
	/** what reached app.on('error'), with whether the response had been sent by then */
	appErrors: { error: Error; sent: boolean }[];
	/** what handleError saw */
	handled: HandleErrorInput[];
	/** what the logger upstream saw once `await next()` returned */
	logged: { routeId: unknown; status: number }[];
	/** resolves when the stream of the next request is cancelled (its cancel(), through locals) */
	cancelled: () => Promise<unknown>;
}

/** A Koa app with the usual middleware in the usual order, the endpoints innermost. */
async function stack(Lib: typeof Koa, options: EndpointsOptions = {}): Promise<Stack> {
	const app = new Lib();
	app.keys = ['a secret for the session cookie'];
	const appErrors: Stack['appErrors'] = [];
	app.on('error', (error: Error, ctx: Koa.Context) => void appErrors.push({ error, sent: ctx.res.writableFinished }));
	const logged: Stack['logged'] = [];
	let cancel = deferred<unknown>();
	app.use(async (ctx, next) => {
		await next();
		logged.push({ routeId: ctx.state.routeId, status: ctx.status });
	});
	app.use(helmet());
	app.use(cors());
	// each chunk of a live stream flushed, as event streams need
	app.use(compress({ gzip: { flush: zlib.constants.Z_SYNC_FLUSH } }));
	app.use(conditional());
	app.use(etag());
	app.use(session(app));
	app.use(async (ctx, next) => {
		ctx.state.onCancel = cancel.resolve;
		await next();
		// a middleware that sends another body than the endpoint's
		if (ctx.query.replace !== undefined) ctx.body = 'replaced';
	});
	const handled: HandleErrorInput[] = [];
	const middleware = endpoints(ROUTES, { handleError: (input) => void handled.push(input), ...options });
	app.use(middleware);
	await middleware.ready;
	const server = await listen(app.callback());
	// the cancel() of the next request's stream
	const cancelled = () => {
		cancel = deferred<unknown>();
		return cancel.promise;
	};
	return { server, appErrors, handled, logged, cancelled };
}

for (const [label, Lib] of [
	['Koa 3', Koa],
	['Koa 2', Koa2]
] as const) {
	describe(`${label}: the host's middleware around the endpoints`, () => {
		let s: Stack;
		before(async () => (s = await stack(Lib)));
		after(() => s.server.close());
		beforeEach(() => {
			s.appErrors.length = 0;
			s.handled.length = 0;
			s.logged.length = 0;
		});
		afterEach(() => assert.deepEqual(s.appErrors, [], 'nothing reaches app.on("error")'));

		it('koa-session: what the endpoint writes to ctx.session is saved, its cookie set', async () => {
			const agent = request.agent(s.server.server);
			const first = await call(agent.post('/session').set('accept', 'application/json'));
			assert.equal(first.status, 200);
			assert.deepEqual(JSON.parse(first.text), { views: 1 });
			const cookies = setCookies(first).map((line) => line.split('=')[0]);
			assert.deepEqual(cookies, ['koa.sess', 'koa.sess.sig']);
			await call(agent.post('/session'));
			const read = await call(agent.get('/session'));
			assert.deepEqual(JSON.parse(read.text), { views: 2 });
		});

		it('koa-compress: the endpoint response is compressed, its content-type kept exactly', async () => {
			const plain = await rawRequest(`${s.server.origin}/page`, { headers: { 'accept-encoding': 'identity' } });
			const res = await rawRequest(`${s.server.origin}/page`, { headers: { 'accept-encoding': 'gzip' } });
			assert.equal(res.status, 200);
			assert.equal(res.headers['content-encoding'], 'gzip');
			assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
			assert.ok(res.body.length < plain.body.length / 4, `${res.body.length} bytes for ${plain.body.length}`);
			assert.equal(zlib.gunzipSync(res.body).toString(), plain.text);
		});

		it('koa-compress: a live stream is compressed whole, chunk after chunk', async () => {
			const res = await rawRequest(`${s.server.origin}/events`, { headers: { 'accept-encoding': 'gzip' } });
			assert.equal(res.headers['content-encoding'], 'gzip');
			assert.equal(res.headers['content-type'], 'text/event-stream');
			assert.equal(res.headers['x-accel-buffering'], 'no');
			assert.equal(zlib.gunzipSync(res.body).toString(), 'data: 1\n\ndata: 2\n\ndata: 3\n\n');
		});

		it('@koa/etag and koa-conditional-get: an ETag, then a 304 for it', async () => {
			const first = await rawRequest(`${s.server.origin}/page`, { headers: { 'accept-encoding': 'identity' } });
			const tag = first.headers.etag;
			assert.ok(tag, 'an ETag');
			assert.equal(first.headers['content-length'], String(first.body.length));
			const again = await rawRequest(`${s.server.origin}/page`, { headers: { 'if-none-match': tag } });
			assert.equal(again.status, 304);
			assert.equal(again.body.length, 0);
			assert.deepEqual(
				s.logged.map((entry) => entry.status),
				[200, 304]
			);
		});

		it('@koa/cors and koa-helmet: their headers on the endpoint response', async () => {
			const res = await call(request(s.server.server).get('/page').set('origin', 'https://elsewhere.example'));
			assert.equal(res.headers['access-control-allow-origin'], '*');
			assert.equal(res.headers['x-content-type-options'], 'nosniff');
			assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
			const preflight = await call(
				request(s.server.server)
					.options('/session')
					.set('origin', 'https://elsewhere.example')
					.set('access-control-request-method', 'POST')
			);
			assert.equal(preflight.status, 204);
			assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
		});

		it('a logger upstream reads ctx.state.routeId and the status once the endpoint answered', async () => {
			await call(request(s.server.server).get('/page'));
			await call(request(s.server.server).get('/teapot').set('accept', 'application/json'));
			await call(request(s.server.server).get('/no-such-route'));
			assert.deepEqual(s.logged, [
				{ routeId: '/page', status: 200 },
				{ routeId: '/teapot', status: 418 },
				{ routeId: undefined, status: 404 }
			]);
		});

		it("Koa's rules for bodies do not reshape the endpoint's response", async () => {
			const shape = (kind: string) =>
				rawRequest(`${s.server.origin}/shapes?kind=${kind}`, { headers: { 'accept-encoding': 'identity' } });
			const empty = await shape('empty');
			// as adapter-node: no length, chunked
			assert.deepEqual(
				[
					empty.status,
					empty.headers['content-length'],
					empty.headers['transfer-encoding'],
					empty.headers['content-type'],
					empty.text
				],
				[200, undefined, 'chunked', undefined, '']
			);
			const emptyString = await shape('empty-string');
			assert.deepEqual(
				[emptyString.status, emptyString.headers['content-length'], emptyString.headers['content-type']],
				[200, '0', 'text/plain;charset=UTF-8']
			);
			assert.equal((await shape('no-content')).status, 204);
			const own = await shape('own-type');
			assert.equal(own.headers['content-type'], 'application/vnd.example+json; v=1');
			const bytes = await shape('bytes-no-type');
			assert.deepEqual(
				[bytes.headers['content-type'], bytes.headers['content-length'], [...bytes.body]],
				[undefined, '3', [1, 2, 3]]
			);
			const stream = await shape('stream-no-type');
			assert.deepEqual(
				[stream.headers['content-type'], stream.headers['transfer-encoding'], stream.text],
				[undefined, 'chunked', 'one']
			);
		});

		it('a HEAD request: the length of the GET body, no body', async () => {
			const res = await rawRequest(`${s.server.origin}/page`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
			const get = await call(request(s.server.server).get('/page').set('accept-encoding', 'identity'));
			assert.equal(res.status, 200);
			assert.equal(res.body.length, 0);
			assert.equal(res.headers['content-length'], String(get.body.length));
			assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
		});

		it('a client that leaves mid-stream cancels the endpoint stream, through koa-compress too', async () => {
			for (const encoding of ['identity', 'gzip']) {
				const cancelled = s.cancelled();
				await new Promise<void>((resolve, reject) => {
					const req = http.get(`${s.server.origin}/forever`, { headers: { 'accept-encoding': encoding } }, (res) => {
						res.once('data', () => {
							req.destroy();
							resolve();
						});
					});
					req.on('error', () => {});
					req.setTimeout(3000, () => reject(new Error('no data')));
				});
				await cancelled;
			}
			// Koa 3 reports a streamed body cut short; a client leaving is no error
			await new Promise((resolve) => setTimeout(resolve, 20));
		});

		it('a middleware that replaces a live body: the endpoint stream is cancelled', async () => {
			const cancelled = s.cancelled();
			const res = await rawRequest(`${s.server.origin}/forever?replace`);
			assert.equal(res.text, 'replaced');
			await cancelled;
		});

		it('a body that fails mid-way ends the connection and goes to handleError once, not to Koa', async () => {
			const { result } = await captureConsole(() =>
				rawRequest(`${s.server.origin}/fails-midway`).then(String, (error: Error) => error.message)
			);
			assert.equal(result, 'aborted');
			await new Promise((resolve) => setTimeout(resolve, 20));
			assert.deepEqual(
				s.handled.map((input) => (input.error as Error).message),
				['the stream failed mid-way']
			);
		});

		it('an unexpected error goes to handleError, not to Koa', async () => {
			const res = await call(request(s.server.server).get('/throws').set('accept', 'application/json'));
			assert.equal(res.status, 500);
			assert.equal(s.handled.length, 1);
		});
	});

	describe(`${label}: forwardErrors`, () => {
		let s: Stack;
		before(async () => (s = await stack(Lib, { forwardErrors: true })));
		after(() => s.server.close());
		beforeEach(() => {
			s.appErrors.length = 0;
			s.handled.length = 0;
		});

		it("hands each unexpected error to app.on('error') once, after the response is sent", async () => {
			const res = await call(request(s.server.server).get('/throws').set('accept', 'application/json'));
			assert.equal(res.status, 500);
			assert.deepEqual(JSON.parse(res.text), { message: 'Internal Error' });
			await new Promise((resolve) => setTimeout(resolve, 20));
			assert.deepEqual(
				s.appErrors.map(({ error, sent }) => [error.message, sent]),
				[['the endpoint failed', true]]
			);
			assert.equal(s.handled.length, 1, 'handleError saw it too');
		});

		it("hands on an event.fetch sub-request's error as well, each once", async () => {
			await call(request(s.server.server).get('/throws?fetch').set('accept', 'application/json'));
			await new Promise((resolve) => setTimeout(resolve, 20));
			assert.deepEqual(
				s.appErrors.map(({ error }) => error.message),
				['the endpoint failed', 'the endpoint failed']
			);
		});

		it('hands on a body that failed mid-way, once', async () => {
			await captureConsole(() => rawRequest(`${s.server.origin}/fails-midway`).catch(() => undefined));
			await new Promise((resolve) => setTimeout(resolve, 20));
			assert.deepEqual(
				s.appErrors.map(({ error }) => error.message),
				['the stream failed mid-way']
			);
		});

		it('leaves expected errors and client errors alone', async () => {
			assert.equal((await call(request(s.server.server).get('/teapot'))).status, 418);
			assert.equal((await rawRequest(`${s.server.origin}/session%E0%A4%A`)).status, 400);
			await new Promise((resolve) => setTimeout(resolve, 20));
			assert.deepEqual(s.appErrors, []);
		});
	});
}
