// The Express middleware people already run, around the endpoints, over the real packages:
// express-session (what the endpoint writes to req.session is saved), compression, helmet, cors,
// express-rate-limit, and the loggers morgan and pino-http (reading res.locals.routeId); none of
// it sends an error to the error middleware. Express 5 and 4.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import compression from 'compression';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import express4Untyped from 'express4';
import rateLimit from 'express-rate-limit';
import session from 'express-session';
import helmet from 'helmet';
import morgan from 'morgan';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { endpoints, type EndpointsOptions } from '../../src/index.js';
import {
	call,
	captureConsole,
	listen,
	rawRequest,
	routesOf,
	setCookies,
	type HandleErrorInput,
	type Listening
} from '../support/helpers.js';

const ROUTES = routesOf('host-middleware');
const express4 = express4Untyped as typeof express;

interface Stack {
	server: Listening;
	/** what reached the error middleware, with whether the response had been sent by then */
	hostErrors: { error: Error; sent: boolean }[];
	handled: HandleErrorInput[];
	/** morgan's lines: `<method> <url> <status> <route id>` */
	morganLines: string[];
	/** pino-http's records */
	pinoRecords: { res: { statusCode: number }; routeId?: string; msg: string }[];
}

function lines(into: string[]): Writable {
	return new Writable({
		write(chunk: Buffer, _encoding, done) {
			into.push(...chunk.toString().split('\n').filter(Boolean));
			done();
		}
	});
}

/** An Express app with the usual middleware in the usual order, an error middleware last. */
async function stack(lib: typeof express, options: EndpointsOptions = {}): Promise<Stack> {
	const app = lib();
	// Express's final handler logs what reaches it, outside of tests
	app.set('env', 'test');
	const morganLines: string[] = [];
	const pinoLines: string[] = [];
	morgan.token('route', (_req, res) => String((res as Response).locals.routeId ?? '-'));
	app.use(morgan(':method :url :status :route', { stream: lines(morganLines) }));
	app.use(
		pinoHttp(
			{ customSuccessObject: (_req, res, value: object) => ({ ...value, routeId: (res as Response).locals.routeId }) },
			lines(pinoLines)
		)
	);
	app.use(helmet());
	app.use(cors());
	app.use(compression());
	app.use('/events', rateLimit({ windowMs: 60_000, limit: 2, standardHeaders: 'draft-6', legacyHeaders: false }));
	app.use(session({ secret: 'a secret for the session cookie', resave: false, saveUninitialized: false }));
	const handled: HandleErrorInput[] = [];
	app.use(endpoints(ROUTES, { handleError: (input) => void handled.push(input), ...options }));
	const hostErrors: Stack['hostErrors'] = [];
	// as an error tracker's middleware: take note, then leave the rest to Express
	app.use((error: Error, _req: Request, res: Response, next: NextFunction) => {
		hostErrors.push({ error, sent: res.writableFinished });
		next(error);
	});
	const server = await listen(app);
	const stackOf: Stack = { server, hostErrors, handled, morganLines, pinoRecords: [] };
	Object.defineProperty(stackOf, 'pinoRecords', { get: () => pinoLines.map((line) => JSON.parse(line) as Stack['pinoRecords'][number]) });
	return stackOf;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

for (const [label, lib] of [
	['Express 5', express],
	['Express 4', express4]
] as const) {
	describe(`${label}: the host's middleware around the endpoints`, () => {
		let s: Stack;
		before(async () => (s = await stack(lib)));
		after(() => s.server.close());
		beforeEach(() => {
			s.hostErrors.length = 0;
			s.handled.length = 0;
			s.morganLines.length = 0;
		});
		afterEach(async () => {
			await settle();
			assert.deepEqual(s.hostErrors, [], 'nothing reaches the error middleware');
		});

		it('express-session: what the endpoint writes to req.session is saved, its cookie set', async () => {
			const agent = request.agent(s.server.server);
			const first = await call(agent.post('/session'));
			assert.deepEqual(JSON.parse(first.text), { views: 1 });
			assert.deepEqual(
				setCookies(first).map((line) => line.split('=')[0]),
				['connect.sid']
			);
			await call(agent.post('/session'));
			assert.deepEqual(JSON.parse((await call(agent.get('/session'))).text), { views: 2 });
		});

		it('compression: the endpoint response is compressed, its content-type kept exactly', async () => {
			const plain = await rawRequest(`${s.server.origin}/page`, { headers: { 'accept-encoding': 'identity' } });
			const res = await rawRequest(`${s.server.origin}/page`, { headers: { 'accept-encoding': 'gzip' } });
			assert.equal(res.headers['content-encoding'], 'gzip');
			assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
			assert.ok(res.body.length < plain.body.length / 4, `${res.body.length} bytes for ${plain.body.length}`);
			assert.equal(zlib.gunzipSync(res.body).toString(), plain.text);
		});

		it('helmet and cors: their headers on the endpoint response', async () => {
			const res = await call(request(s.server.server).get('/page').set('origin', 'https://elsewhere.example'));
			assert.equal(res.headers['access-control-allow-origin'], '*');
			assert.equal(res.headers['x-content-type-options'], 'nosniff');
			assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
		});

		it('express-rate-limit: its headers on endpoint responses, its 429 past the limit', async () => {
			const answers = [];
			for (let i = 0; i < 3; i++) answers.push(await call(request(s.server.server).get('/events')));
			assert.deepEqual(
				answers.map((res) => res.status),
				[200, 200, 429]
			);
			assert.equal(answers[0]!.headers['ratelimit-limit'], '2');
			assert.equal(answers[0]!.text, 'data: 1\n\ndata: 2\n\ndata: 3\n\n');
		});

		it('morgan and pino-http log the status and res.locals.routeId', async () => {
			await call(request(s.server.server).get('/page'));
			await call(request(s.server.server).get('/teapot').set('accept', 'application/json'));
			await settle();
			assert.deepEqual(s.morganLines, ['GET /page 200 /page', 'GET /teapot 418 /teapot']);
			const records = s.pinoRecords.slice(-2);
			assert.deepEqual(
				records.map((record) => [record.res.statusCode, record.routeId]),
				[
					[200, '/page'],
					[418, '/teapot']
				]
			);
		});

		it('a body that fails mid-way and an unexpected error go to handleError, not to the error middleware', async () => {
			await captureConsole(() => rawRequest(`${s.server.origin}/fails-midway`).catch(() => undefined));
			const res = await call(request(s.server.server).get('/throws').set('accept', 'application/json'));
			assert.equal(res.status, 500);
			await settle();
			assert.deepEqual(
				s.handled.map((input) => (input.error as Error).message),
				['the stream failed mid-way', 'the endpoint failed']
			);
		});
	});

	describe(`${label}: forwardErrors`, () => {
		let s: Stack;
		before(async () => (s = await stack(lib, { forwardErrors: true })));
		after(() => s.server.close());
		beforeEach(() => {
			s.hostErrors.length = 0;
			s.handled.length = 0;
		});

		it('hands each unexpected error to the error middleware once, after the response is sent', async () => {
			const res = await call(request(s.server.server).get('/throws').set('accept', 'application/json'));
			assert.equal(res.status, 500);
			assert.deepEqual(JSON.parse(res.text), { message: 'Internal Error' });
			await settle();
			assert.deepEqual(
				s.hostErrors.map(({ error, sent }) => [error.message, sent]),
				[['the endpoint failed', true]]
			);
			assert.equal(s.handled.length, 1, 'handleError saw it too');
		});

		it("an event.fetch sub-request's error and the endpoint's: one AggregateError", async () => {
			await call(request(s.server.server).get('/throws?fetch').set('accept', 'application/json'));
			await settle();
			assert.equal(s.hostErrors.length, 1);
			const { error } = s.hostErrors[0]!;
			assert.ok(error instanceof AggregateError);
			assert.deepEqual(
				error.errors.map((inner: Error) => inner.message),
				['the endpoint failed', 'the endpoint failed']
			);
		});

		it('hands on a body that failed mid-way, once', async () => {
			await captureConsole(() => rawRequest(`${s.server.origin}/fails-midway`).catch(() => undefined));
			await settle();
			assert.deepEqual(
				s.hostErrors.map(({ error }) => error.message),
				['the stream failed mid-way']
			);
		});

		it('leaves expected errors and client errors alone', async () => {
			assert.equal((await call(request(s.server.server).get('/teapot'))).status, 418);
			assert.equal((await rawRequest(`${s.server.origin}/session%E0%A4%A`)).status, 400);
			await settle();
			assert.deepEqual(s.hostErrors, []);
		});
	});
}
