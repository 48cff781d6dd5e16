// Request bodies (rules §6.1): event.request as a streamed Fetch Request, the body size limit,
// a body consumed earlier in the app, request.signal, and rules §8 row 17. Bodies read by the hosts'
// own parsers: express-bodies.test.ts and koa-bodies.test.ts.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import { call, deferred, jsonOf, rawExchange, rawRequest } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

describeHosts('request bodies', (host) => {
	let t: TestApp;
	before(async () => {
		t = await host.createApp();
	});

	it('request body can be read slowly (row 17)', async () => {
		const data = randomBytes(256 * 1024);
		const res = await call(request(t.app).put('/endpoint-input/sha256').set('content-type', 'application/octet-stream').send(data));
		assert.equal(res.status, 200);
		assert.equal(res.text, createHash('sha256').update(data).digest('base64url'));
	});

	it('event.request is a Fetch Request with the method, headers and body', async () => {
		const res = await call(request(t.app).patch('/echo').set('content-type', 'application/x-custom').send(Buffer.from('héllo')));
		assert.deepEqual(jsonOf(res), { method: 'PATCH', type: 'application/x-custom', length: 6, text: 'héllo' });
	});

	it('a chunked body with no content-length is read whole', async () => {
		const res = await rawRequest(`${t.origin}/echo`, {
			method: 'PUT',
			headers: { 'content-type': 'application/octet-stream' },
			chunks: ['one ', 'two ', 'three']
		});
		assert.deepEqual(JSON.parse(res.text), { method: 'PUT', type: 'application/octet-stream', length: 13, text: 'one two three' });
	});

	it('a POST without content-type keeps its body (a deliberate difference from SvelteKit 2)', async () => {
		const res = await rawRequest(`${t.origin}/echo`, { method: 'POST', body: 'no type', headers: { 'content-length': '7' } });
		assert.deepEqual(JSON.parse(res.text), { method: 'POST', type: null, length: 7, text: 'no type' });
	});

	it('content-length: 0, and no length and no transfer-encoding, mean no body', async () => {
		const zero = await rawRequest(`${t.origin}/echo/null-body`, {
			method: 'POST',
			headers: { 'content-type': 'application/octet-stream', 'content-length': '0' }
		});
		assert.deepEqual(JSON.parse(zero.text), { bodyIsNull: true, text: '' });
		const none = await rawExchange(
			t.port,
			'POST /echo/null-body HTTP/1.1\r\nHost: app.test\r\ncontent-type: text/x-none\r\nConnection: close\r\n\r\n'
		);
		assert.match(none, /^HTTP\/1\.1 200/);
		assert.match(none, /\{"bodyIsNull":true,"text":""\}$/);
	});

	describe('body size limit', () => {
		let limited: TestApp;
		before(async () => {
			limited = await host.createApp({ options: { bodySizeLimit: 10 } });
		});
		beforeEach(() => {
			limited.errors.length = 0;
		});

		it('a declared content-length over the limit is a 413 (JSON for */*)', async () => {
			const res = await call(
				request(limited.app)
					.post('/echo')
					.set('content-type', 'application/octet-stream')
					.set('accept', '*/*')
					.send(Buffer.from('01234567890'))
			);
			assert.equal(res.status, 413);
			assert.equal(res.text, '{"message":"Payload Too Large"}');
			assert.equal(limited.errors[0]?.status, 413);
			assert.equal(limited.errors[0]?.message, 'Payload Too Large');
			assert.equal((limited.errors[0]?.error as Error).message, 'Content-length of 11 exceeds limit of 10 bytes.');
		});

		it('… and the error page for browsers', async () => {
			const res = await call(
				request(limited.app)
					.post('/echo')
					.set('content-type', 'application/octet-stream')
					.set('accept', 'text/html')
					.send(Buffer.from('01234567890'))
			);
			assert.equal(res.status, 413);
			assert.match(res.text, /<h1>Error 413<\/h1>/);
			assert.match(res.text, /The fixture app says: Payload Too Large/);
		});

		it('a body at the limit is fine', async () => {
			const res = await call(
				request(limited.app).post('/echo').set('content-type', 'application/octet-stream').send(Buffer.from('0123456789'))
			);
			assert.equal(res.status, 200);
			assert.equal((jsonOf(res) as { length: number }).length, 10);
		});

		it('a chunked body that grows over the limit is a 413', async () => {
			const res = await rawRequest(`${limited.origin}/echo`, {
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
				limited.port,
				'PUT /echo HTTP/1.1\r\nHost: app.test\r\nAccept: */*\r\nContent-Type: application/octet-stream\r\n' +
					'Content-Length: 100000\r\nConnection: close\r\n\r\nabc'
			);
			assert.match(answer, /^HTTP\/1\.1 413 /);
			assert.match(answer, /\{"message":"Payload Too Large"\}$/);
		});

		it('a handler that never reads the body is not affected', async () => {
			const res = await call(
				request(limited.app).put('/ignore-body').set('content-type', 'application/octet-stream').send(randomBytes(200))
			);
			assert.equal(res.status, 200);
			assert.equal(res.text, 'ignored');
			assert.equal(limited.errors.length, 0);
		});

		it('an unread body does not break the next request on the same connection', async () => {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			try {
				const url = `${limited.origin}/ignore-body`;
				const first = await new Promise<number>((resolve, reject) => {
					const req = http.request(
						url,
						{ method: 'PUT', agent, headers: { 'content-type': 'application/octet-stream' } },
						(res) => {
							res.resume();
							res.on('end', () => resolve(res.statusCode!));
						}
					);
					req.on('error', reject);
					req.end(randomBytes(500));
				});
				assert.equal(first, 200);
				const second = await new Promise<string>((resolve, reject) => {
					const req = http.request(`${limited.origin}/endpoint-output/body`, { agent }, (res) => {
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
			const kilo = await host.createApp({ options: { bodySizeLimit: '1K' } });
			const ok = await call(
				request(kilo.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(randomBytes(1024))
			);
			assert.equal(ok.status, 200);
			const over = await call(
				request(kilo.app).post('/echo/bytes').set('content-type', 'application/octet-stream').send(randomBytes(1025))
			);
			assert.equal(over.status, 413);

			const unlimited = await host.createApp({ options: { bodySizeLimit: Infinity } });
			const big = await call(
				request(unlimited.app)
					.post('/echo/bytes')
					.set('content-type', 'application/octet-stream')
					.send(randomBytes(600 * 1024))
			);
			assert.equal(big.status, 200);
			assert.equal((jsonOf(big) as { length: number }).length, 600 * 1024);
		});

		it('the default limit is 512K', async () => {
			const res = await call(
				request(t.app)
					.post('/echo/bytes')
					.set('content-type', 'application/octet-stream')
					.send(randomBytes(512 * 1024 + 1))
			);
			assert.equal(res.status, 413);
			const ok = await call(
				request(t.app)
					.post('/echo/bytes')
					.set('content-type', 'application/octet-stream')
					.send(randomBytes(512 * 1024))
			);
			assert.equal(ok.status, 200);
		});
	});

	describe('a body read earlier in the app', () => {
		it('a body nobody kept fails clearly instead of hanging', async () => {
			const app = await host.createApp({
				before: [
					({ req }) =>
						new Promise<void>((resolve) => {
							// reads and throws away the body, keeps nothing
							req.on('end', () => resolve());
							req.resume();
						})
				]
			});
			const res = await call(
				request(app.app)
					.post('/echo')
					.set('content-type', 'application/octet-stream')
					.set('accept', '*/*')
					.send(Buffer.from('lost'))
			);
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
			const server = await host.createApp({
				before: [
					({ locals }) => {
						locals.onStart = () => started.resolve();
						locals.onAbort = (value: boolean) => aborted.resolve(value);
					}
				]
			});
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
			const server = await host.createApp({
				before: [
					({ locals }) => {
						locals.keepSignal = (signal: AbortSignal) => kept.resolve(signal);
					}
				]
			});
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
				if (server.app.listening) await server.close();
			}
		});
	});
});
