// Hardening §4: clients that go away, and bodies nobody reads. A disconnect aborts
// request.signal and cancels the response stream (timers stop); an unread request body never
// desynchronises a keep-alive connection, and is not read without bound.
import assert from 'node:assert/strict';
import net from 'node:net';
import {
	connections,
	deferred,
	exchange,
	parseResponses,
	quietly,
	requestText,
	send,
	sleep,
	startExpress,
	startKoa,
	until,
	type Server
} from './helpers.js';

const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'HPE_INVALID_EOF_STATE']);
const HARDENING = Symbol.for('kit-endpoints.hardening');
type State = { timers: number; cancels: number; streams: number };
const state = (): State => ((globalThis as Record<symbol, State | undefined>)[HARDENING] ??= { timers: 0, cancels: 0, streams: 0 });

/** Opens a socket, writes `text`, and resolves with it once connected. */
function open(port: number, text: string | Buffer): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1', () => {
			socket.write(text);
			resolve(socket);
		});
		socket.on('error', reject);
	});
}

/** Resolves with the first data the socket receives. */
function firstData(socket: net.Socket): Promise<Buffer> {
	return new Promise((resolve) => socket.once('data', resolve));
}

for (const [host, start] of [
	['express', startExpress],
	['koa', startKoa]
] as const) {
	describe(`hardening: clients that go away (${host})`, () => {
		let server: Server;
		before(async () => {
			server = await start();
		});
		after(() => server.close());
		afterEach(async () => {
			server.errors.length = 0;
			for (const key of Object.keys(server.locals)) delete server.locals[key];
			await until(async () => (await connections(server.server)) === 0, 2000, 'connections to close').catch(() => {});
			const res = await send(server.port, requestText('GET', '/ok'));
			assert.equal(res.body.toString(), 'ok', 'the next request is served');
			// Koa itself reports a client that went away (its on-finished sees the socket's ECONNRESET or
			// Node's early-EOF parse error), as it does for any app: not kit-endpoints' report
			const reported = server.hostErrors.filter((e) => !CLIENT_GONE.has(String((e as { code?: unknown }).code)));
			server.hostErrors.length = 0;
			assert.deepEqual(reported, []);
		});

		it('a disconnect while the handler waits aborts request.signal', async () => {
			const started = deferred();
			const aborted = deferred<boolean>();
			server.locals.onStart = started.resolve;
			server.locals.onAbort = aborted.resolve;
			const socket = await open(server.port, requestText('GET', '/wait/abort', { connection: 'keep-alive' }));
			await started.promise;
			socket.destroy();
			assert.equal(await aborted.promise, true);
		});

		it('a disconnect during the upload aborts request.signal and fails the body read, reported once at most', async () => {
			const started = deferred();
			const aborted = deferred<boolean>();
			const failed = deferred<unknown>();
			server.locals.onStart = started.resolve;
			server.locals.onAbort = aborted.resolve;
			server.locals.onBodyError = failed.resolve;
			const { logged } = await quietly(async () => {
				const socket = await open(
					server.port,
					requestText('POST', '/wait/body', { 'content-length': '100000', connection: 'keep-alive' }, 'x'.repeat(1000))
				);
				await started.promise;
				socket.destroy();
				assert.equal(await aborted.promise, true);
				assert.ok(await failed.promise, 'request.text() rejected');
				await sleep(20);
			});
			assert.deepEqual(logged, []);
			assert.ok(server.errors.length <= 1, `handleError called ${server.errors.length} times`);
		});

		it('a disconnect mid-response cancels the server-sent events stream, and its timer stops', async () => {
			const before = state().timers;
			const cancelled = deferred();
			server.locals.onCancel = cancelled.resolve;
			const socket = await open(server.port, requestText('GET', '/wait/sse', { connection: 'keep-alive' }));
			const first = await firstData(socket);
			assert.match(first.toString(), /^HTTP\/1\.1 200 OK/);
			assert.equal(state().timers, before + 1);
			socket.destroy();
			await cancelled.promise;
			assert.equal(state().timers, before, 'the interval was cleared');
		});

		it('a disconnect mid-response cancels an endless byte stream', async () => {
			const before = state().streams;
			const cancelled = deferred();
			server.locals.onCancel = cancelled.resolve;
			const socket = await open(server.port, requestText('GET', '/wait/stream', { connection: 'keep-alive' }));
			await firstData(socket);
			socket.destroy();
			await cancelled.promise;
			assert.equal(state().streams, before);
		});

		it('a client that stops reading (backpressure) and then leaves: the stream is cancelled', async () => {
			const before = state().streams;
			const cancelled = deferred();
			server.locals.onCancel = cancelled.resolve;
			const socket = await open(server.port, requestText('GET', '/wait/stream', { connection: 'keep-alive' }));
			await firstData(socket);
			socket.pause();
			await sleep(50);
			socket.destroy();
			await cancelled.promise;
			assert.equal(state().streams, before);
		});

		it('a half-close (FIN) after the request does not stop a normal response', async () => {
			const result = await exchange(server.port, requestText('GET', '/ok', { connection: 'keep-alive' }), { end: true });
			const [res] = parseResponses(result.bytes, ['GET']).responses;
			assert.equal(res?.body.toString(), 'ok');
		});

		describe('keep-alive with an unread body: the next request gets its own response', () => {
			const keepAlive = { connection: 'keep-alive' };
			// POST never touches event.request; PUT builds it without reading; PATCH reads one chunk
			for (const method of ['POST', 'PUT', 'PATCH']) {
				for (const size of [10, 5000, 100_000, 400_000]) {
					it(`${method} with ${size} unread bytes, then GET, pipelined`, async () => {
						const first = requestText(
							method,
							'/ignore-body',
							{ ...keepAlive, 'content-type': 'application/octet-stream' },
							'x'.repeat(size)
						);
						const result = await exchange(server.port, Buffer.concat([first, requestText('GET', '/echo?second', keepAlive)]), {
							responses: 2,
							methods: [method, 'GET']
						});
						const { responses, invalid } = parseResponses(result.bytes, [method, 'GET'], false);
						assert.equal(invalid, undefined);
						assert.equal(responses[0]!.status, 200);
						assert.match(responses[0]!.body.toString(), /^(ignored|read \d+)/);
						assert.deepEqual(JSON.parse(responses[1]!.body.toString()), { method: 'GET', search: 7 });
					});

					it(`${method} with ${size} unread bytes, then GET after the first response`, async () => {
						const first = requestText(
							method,
							'/ignore-body',
							{ ...keepAlive, 'content-type': 'application/octet-stream' },
							'x'.repeat(size)
						);
						const result = await exchange(server.port, [first, requestText('GET', '/echo?second', keepAlive)], {
							responses: 2,
							methods: [method, 'GET'],
							gap: 30
						});
						const { responses } = parseResponses(result.bytes, [method, 'GET'], false);
						assert.equal(responses.length, 2);
						assert.deepEqual(JSON.parse(responses[1]!.body.toString()), { method: 'GET', search: 7 });
					});
				}

				it(`${method} with an unread chunked body, then GET`, async () => {
					const body = `${'1000\r\n'}${'y'.repeat(0x1000)}\r\n`.repeat(8) + '0\r\n\r\n';
					const first = requestText(
						method,
						'/ignore-body',
						{ ...keepAlive, 'transfer-encoding': 'chunked', 'content-type': 'application/octet-stream' },
						body
					);
					const result = await exchange(server.port, Buffer.concat([first, requestText('GET', '/echo?second', keepAlive)]), {
						responses: 2,
						methods: [method, 'GET']
					});
					const { responses } = parseResponses(result.bytes, [method, 'GET'], false);
					assert.deepEqual(JSON.parse(responses[1]!.body.toString()), { method: 'GET', search: 7 });
				});
			}

			it('a 413 (declared over the limit), then GET: the GET gets its own response or the connection is closed', async () => {
				const first = requestText('POST', '/echo', { ...keepAlive, accept: '*/*' }, 'x'.repeat(600_000));
				const result = await exchange(server.port, Buffer.concat([first, requestText('GET', '/echo?second', keepAlive)]), {
					responses: 2,
					methods: ['POST', 'GET']
				});
				const { responses } = parseResponses(result.bytes, ['POST', 'GET'], result.closedByServer);
				assert.equal(responses[0]!.status, 413);
				if (responses[1]) assert.deepEqual(JSON.parse(responses[1].body.toString()), { method: 'GET', search: 7 });
				else assert.equal(result.closedByServer, true);
			});
		});

		describe('an unread body is not read without bound (README: "drained within bounds, else the connection is closed")', () => {
			/**
			 * Streams a chunked (or declared) body of up to 64 MiB to a handler that ignores it, and
			 * reports how much the server took before it closed the connection.
			 */
			function flood(
				method: string,
				path: string,
				headers: Record<string, string>,
				chunked: boolean
			): Promise<{ sent: number; closed: boolean; answer: string }> {
				return new Promise((resolve) => {
					const socket = net.connect(server.port, '127.0.0.1');
					const payload = Buffer.alloc(0x10000, 'x');
					const chunk = chunked ? Buffer.concat([Buffer.from('10000\r\n'), payload, Buffer.from('\r\n')]) : payload;
					const total = 64 * 1024 * 1024;
					let sent = 0;
					let answer = '';
					let done = false;
					const finish = (closed: boolean) => {
						if (done) return;
						done = true;
						socket.destroy();
						resolve({ sent, closed, answer });
					};
					socket.on('data', (data: Buffer) => void (answer += data.toString('latin1')));
					socket.on('error', () => finish(true));
					socket.on('close', () => finish(true));
					socket.write(requestText(method, path, { connection: 'keep-alive', ...headers }));
					const pump = () => {
						while (!done && sent < total) {
							sent += chunk.length;
							if (!socket.write(chunk)) return void socket.once('drain', pump);
						}
						if (!done) finish(false);
					};
					pump();
				});
			}

			it('a handler that never touches event.request: the server stops reading and closes', async function () {
				this.timeout(10_000);
				const { sent, closed, answer } = await flood('POST', '/ignore-body', { 'transfer-encoding': 'chunked' }, true);
				assert.match(answer, /^HTTP\/1\.1 200 OK/);
				assert.ok(closed, `the server read all ${sent} bytes of a body nobody wanted`);
			});

			it('a body declared over bodySizeLimit: the server stops reading and closes', async function () {
				this.timeout(10_000);
				const { sent, closed, answer } = await flood(
					'PUT',
					'/ignore-body',
					{ 'content-length': String(1024 * 1024 * 1024) },
					false
				);
				assert.match(answer, /^HTTP\/1\.1 200 OK/);
				assert.ok(closed, `the server read all ${sent} bytes of a body nobody wanted`);
			});

			it('a body the handler began to read: the server stops reading and closes (as it does today)', async function () {
				this.timeout(10_000);
				const { sent, closed, answer } = await flood('PATCH', '/ignore-body', { 'transfer-encoding': 'chunked' }, true);
				assert.match(answer, /^HTTP\/1\.1 200 OK/);
				assert.ok(closed, `the server read all ${sent} bytes of a body nobody wanted`);
			});
		});
	});
}
