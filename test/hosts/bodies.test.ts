// Request bodies (spec §6.1): event.request as a streamed Fetch Request, the body size limit,
// bodies consumed by Express parsers earlier in the app, request.signal, and §8 row 17.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import express from 'express';
import request from 'supertest';
import {
	call,
	createApp,
	deferred,
	jsonOf,
	listen,
	rawExchange,
	rawRequest,
	type Listening,
	type TestApp
} from './helpers.js';

describe('express: request bodies', () => {
	let t: TestApp;
	before(async () => {
		t = await createApp();
	});

	it('request body can be read slowly (row 17)', async () => {
		const data = randomBytes(256 * 1024);
		const res = await call(
			request(t.app).put('/endpoint-input/sha256').set('content-type', 'application/octet-stream').send(data)
		);
		assert.equal(res.status, 200);
		assert.equal(res.text, createHash('sha256').update(data).digest('base64url'));
	});

	it('event.request is a Fetch Request with the method, headers and body', async () => {
		const res = await call(request(t.app).patch('/echo').set('content-type', 'application/x-custom').send(Buffer.from('héllo')));
		assert.deepEqual(jsonOf(res), { method: 'PATCH', type: 'application/x-custom', length: 6, text: 'héllo' });
	});

	it('a chunked body with no content-length is read whole', async () => {
		const server = await listen(t.app);
		try {
			const res = await rawRequest(`${server.origin}/echo`, {
				method: 'PUT',
				headers: { 'content-type': 'application/octet-stream' },
				chunks: ['one ', 'two ', 'three']
			});
			assert.deepEqual(JSON.parse(res.text), { method: 'PUT', type: 'application/octet-stream', length: 13, text: 'one two three' });
		} finally {
			await server.close();
		}
	});

	it('a POST without content-type keeps its body (a deliberate difference from SvelteKit 2)', async () => {
		const server = await listen(t.app);
		try {
			const res = await rawRequest(`${server.origin}/echo`, { method: 'POST', body: 'no type', headers: { 'content-length': '7' } });
			assert.deepEqual(JSON.parse(res.text), { method: 'POST', type: null, length: 7, text: 'no type' });
		} finally {
			await server.close();
		}
	});

	it('content-length: 0, and no length and no transfer-encoding, mean no body', async () => {
		const server = await listen(t.app);
		try {
			const zero = await rawRequest(`${server.origin}/echo/null-body`, {
				method: 'POST',
				headers: { 'content-type': 'application/octet-stream', 'content-length': '0' }
			});
			assert.deepEqual(JSON.parse(zero.text), { bodyIsNull: true, text: '' });
			const none = await rawExchange(
				server.port,
				'POST /echo/null-body HTTP/1.1\r\nHost: app.test\r\ncontent-type: text/x-none\r\nConnection: close\r\n\r\n'
			);
			assert.match(none, /^HTTP\/1\.1 200/);
			assert.match(none, /\{"bodyIsNull":true,"text":""\}$/);
		} finally {
			await server.close();
		}
	});

	describe('body size limit', () => {
		let limited: TestApp;
		let server: Listening;
		before(async () => {
			limited = await createApp({ options: { bodySizeLimit: 10 } });
			server = await listen(limited.app);
		});
		after(() => server.close());
		beforeEach(() => {
			limited.errors.length = 0;
		});

		it('a declared content-length over the limit is a 413 (JSON for */*)', async () => {
			const res = await call(
				request(limited.app).post('/echo').set('content-type', 'application/octet-stream').set('accept', '*/*').send(Buffer.from('01234567890'))
			);
			assert.equal(res.status, 413);
			assert.equal(res.text, '{"message":"Payload Too Large"}');
			assert.equal(limited.errors[0]?.status, 413);
			assert.equal(limited.errors[0]?.message, 'Payload Too Large');
			assert.equal((limited.errors[0]?.error as Error).message, 'Content-length of 11 exceeds limit of 10 bytes.');
		});

		it('… and the error page for browsers', async () => {
			const res = await call(
				request(limited.app).post('/echo').set('content-type', 'application/octet-stream').set('accept', 'text/html').send(Buffer.from('01234567890'))
			);
			assert.equal(res.status, 413);
			assert.match(res.text, /<h1>Error 413<\/h1>/);
			assert.match(res.text, /The fixture app says: Payload Too Large/);
		});

		it('a body at the limit is fine', async () => {
			const res = await call(request(limited.app).post('/echo').set('content-type', 'application/octet-stream').send(Buffer.from('0123456789')));
			assert.equal(res.status, 200);
			assert.equal((jsonOf(res) as { length: number }).length, 10);
		});

		it('a chunked body that grows over the limit is a 413', async () => {
			const res = await rawRequest(`${server.origin}/echo`, {
				method: 'PUT',
				headers: { 'content-type': 'application/octet-stream', accept: '*/*' },
				chunks: ['012345', '6789', 'abcdef']
			});
			assert.equal(res.status, 413);
			assert.equal(res.text, '{"message":"Payload Too Large"}');
			assert.equal((limited.errors[0]?.error as Error).message, 'request body size exceeded BODY_SIZE_LIMIT of 10');
		});

		it('a lying content-length over the limit is a 413 at once, without waiting for the body', async () => {
			const answer = await rawExchange(
				server.port,
				'PUT /echo HTTP/1.1\r\nHost: app.test\r\nAccept: */*\r\nContent-Type: application/octet-stream\r\n' +
					'Content-Length: 100000\r\nConnection: close\r\n\r\nabc'
			);
			assert.match(answer, /^HTTP\/1\.1 413 /);
			assert.match(answer, /\{"message":"Payload Too Large"\}$/);
		});

		it('a handler that never reads the body is not affected', async () => {
			const res = await call(request(limited.app).put('/ignore-body').set('content-type', 'application/octet-stream').send(randomBytes(200)));
			assert.equal(res.status, 200);
			assert.equal(res.text, 'ignored');
			assert.equal(limited.errors.length, 0);
		});

		it('an unread body does not break the next request on the same connection', async () => {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			try {
				const url = `${server.origin}/ignore-body`;
				const first = await new Promise<number>((resolve, reject) => {
					const req = http.request(url, { method: 'PUT', agent, headers: { 'content-type': 'application/octet-stream' } }, (res) => {
						res.resume();
						res.on('end', () => resolve(res.statusCode!));
					});
					req.on('error', reject);
					req.end(randomBytes(500));
				});
				assert.equal(first, 200);
				const second = await new Promise<string>((resolve, reject) => {
					const req = http.request(`${server.origin}/endpoint-output/body`, { agent }, (res) => {
						let text = '';
						res.setEncoding('utf8');
						res.on('data', (chunk: string) => (text += chunk));
						res.on('end', () => resolve(`${res.statusCode} ${text}`));
					});
					req.on('error', reject);
					req.end();
				});
				assert.equal(second, '200 {}');
			} finally {
				agent.destroy();
			}
		});

		it('string sizes such as 1K and Infinity', async () => {
			const kilo = await createApp({ options: { bodySizeLimit: '1K' } });
			const ok = await call(request(kilo.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(randomBytes(1024)));
			assert.equal(ok.status, 200);
			const over = await call(request(kilo.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(randomBytes(1025)));
			assert.equal(over.status, 413);

			const unlimited = await createApp({ options: { bodySizeLimit: Infinity } });
			const big = await call(
				request(unlimited.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(randomBytes(600 * 1024))
			);
			assert.equal(big.status, 200);
			assert.equal((jsonOf(big) as { length: number }).length, 600 * 1024);
		});

		it('the default limit is 512K', async () => {
			const res = await call(request(t.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(randomBytes(512 * 1024 + 1)));
			assert.equal(res.status, 413);
			const ok = await call(request(t.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(randomBytes(512 * 1024)));
			assert.equal(ok.status, 200);
		});
	});

	describe('bodies already read by Express parsers', () => {
		const HOST = 'app.test';
		const ORIGIN = 'http://app.test';

		it('express.json(): request.json() works', async () => {
			const app = await createApp({ before: (app) => app.use(express.json()) });
			const res = await call(
				request(app.app).post('/echo/json').set('content-type', 'application/json').send('{ "oddly" : { "formatted" : "json" } }')
			);
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), { type: 'application/json', body: { oddly: { formatted: 'json' } } });
		});

		it('express.json() leaves other content types to be streamed as they are', async () => {
			const app = await createApp({ before: (app) => app.use(express.json()) });
			const data = randomBytes(4096);
			const res = await call(request(app.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(data));
			assert.deepEqual(jsonOf(res), {
				type: 'application/octet-stream',
				length: 4096,
				sha256: createHash('sha256').update(data).digest('hex')
			});
		});

		const postForm = async (app: TestApp, body: string) =>
			call(
				request(app.app)
					.post('/echo/form')
					.set('host', HOST)
					.set('origin', ORIGIN)
					.set('content-type', 'application/x-www-form-urlencoded')
					.send(body)
			);

		it('express.urlencoded({ extended: false }): request.formData() sees the same fields, repeated keys included', async () => {
			const app = await createApp({ before: (app) => app.use(express.urlencoded({ extended: false })) });
			const res = await postForm(app, 'a=1&b=x+y&c=1&c=2&d=%C3%A9');
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), {
				type: 'application/x-www-form-urlencoded',
				fields: { a: ['1'], b: ['x y'], c: ['1', '2'], d: ['é'] }
			});
		});

		it('express.urlencoded({ extended: true }): request.formData() sees the same fields', async () => {
			const app = await createApp({ before: (app) => app.use(express.urlencoded({ extended: true })) });
			const res = await postForm(app, 'a=1&b=x+y&d=%C3%A9&e=');
			assert.equal(res.status, 200);
			assert.deepEqual(jsonOf(res), {
				type: 'application/x-www-form-urlencoded',
				fields: { a: ['1'], b: ['x y'], d: ['é'], e: [''] }
			});
		});

		it('express.text(): request.text() works', async () => {
			const app = await createApp({ before: (app) => app.use(express.text()) });
			const res = await call(
				request(app.app).post('/echo').set('host', HOST).set('origin', ORIGIN).set('content-type', 'text/plain; charset=utf-8').send('héllo wörld')
			);
			assert.equal(res.status, 200);
			const body = jsonOf(res) as { text: string; type: string; length: number };
			assert.equal(body.text, 'héllo wörld');
			assert.equal(body.length, Buffer.byteLength('héllo wörld'));
			assert.match(body.type, /^text\/plain/);
		});

		it('express.raw(): the bytes come back', async () => {
			const app = await createApp({ before: (app) => app.use(express.raw({ type: 'application/octet-stream' })) });
			const data = randomBytes(2048);
			const res = await call(request(app.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(data));
			assert.deepEqual(jsonOf(res), {
				type: 'application/octet-stream',
				length: 2048,
				sha256: createHash('sha256').update(data).digest('hex')
			});
		});

		it('a body nobody kept fails clearly instead of hanging', async () => {
			const app = await createApp({
				before: (app) =>
					app.use((req, _res, next) => {
						// reads and throws away the body, keeps nothing
						req.on('end', () => next());
						req.resume();
					})
			});
			const res = await call(request(app.app).post('/echo').set('content-type', 'application/octet-stream').set('accept', '*/*').send(Buffer.from('lost')));
			assert.equal(res.status, 500);
			assert.equal(res.text, '{"message":"Internal Error"}');
			assert.equal(app.errors.length, 1);
			assert.match(String((app.errors[0]!.error as Error).message), /body/i);
		});
	});

	describe('request.signal', () => {
		it('aborts when the client disconnects before the response', async () => {
			const started = deferred();
			const aborted = deferred<boolean>();
			const app = await createApp({
				before: (app) =>
					app.use((_req, res, next) => {
						res.locals.onStart = () => started.resolve();
						res.locals.onAbort = (value: boolean) => aborted.resolve(value);
						next();
					})
			});
			const server = await listen(app.app);
			try {
				const client = rawRequest(`${server.origin}/abort`, {
					onRequest: (req) => void started.promise.then(() => req.destroy())
				});
				await assert.rejects(client);
				assert.equal(await aborted.promise, true);
				const next = await rawRequest(`${server.origin}/endpoint-output/body`);
				assert.equal(next.status, 200);
			} finally {
				await server.close();
			}
		});

		it('does not abort for a request that completed normally', async () => {
			const kept = deferred<AbortSignal>();
			const app = await createApp({
				before: (app) =>
					app.use((_req, res, next) => {
						res.locals.keepSignal = (signal: AbortSignal) => kept.resolve(signal);
						next();
					})
			});
			const server = await listen(app.app);
			try {
				const res = await rawRequest(`${server.origin}/signal`, {
					method: 'POST',
					headers: { 'content-type': 'application/octet-stream' },
					body: 'payload'
				});
				assert.equal(res.text, 'payload');
				const signal = await kept.promise;
				await server.close();
				assert.equal(signal.aborted, false);
			} finally {
				if (server.server.listening) await server.close();
			}
		});
	});
});
