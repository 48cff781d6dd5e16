// The response half of the bridge contract: what a client receives for the Response a handler
// returns. Not a spec file: contract.ts runs it for each bridge.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { json, text } from '../../src/kit/index.js';
import type { NodeBridge, WriteRules } from '../../src/node/index.js';
import { deferred, rawRequest, setCookies } from '../support/helpers.js';
import { bridgeServer, connect, pieces, requestText, turn, type Arrival, type BridgeServer } from './harness.js';

const encoder = new TextEncoder();
const noop = () => {};
const DECLARED: WriteRules = { headLength: 'declared' };
const MEASURED: WriteRules = { headLength: 'measured' };

/** A stream of `chunks`, all there from the start. */
function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
	return new ReadableStream({
		start(controller) {
			for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
			controller.close();
		}
	});
}

/** A stream that never ends, a small chunk each time it is read, which says when it is cancelled. */
function endless() {
	const cancelled = deferred<unknown>();
	const stream = new ReadableStream<Uint8Array>({
		async pull(controller) {
			await turn();
			controller.enqueue(encoder.encode('tick\n'));
		},
		cancel(reason) {
			cancelled.resolve(reason);
		}
	});
	return { stream, cancelled: cancelled.promise };
}

/** Calls to console.error while `fn` runs. */
async function consoleErrors(fn: () => Promise<void>): Promise<unknown[][]> {
	const calls: unknown[][] = [];
	const saved = console.error;
	console.error = (...args: unknown[]) => void calls.push(args);
	try {
		await fn();
	} finally {
		console.error = saved;
	}
	return calls;
}

export function writeContract(bridge: NodeBridge): void {
	let server: BridgeServer;
	before(async () => {
		server = await bridgeServer();
	});
	after(() => server.close());

	/** Sends GET `path` (connection: close), answers it with `make()` through the bridge; gives what the client saw. */
	async function serve(path: string, make: (a: Arrival) => Response | Promise<Response>, method = 'GET', rules?: WriteRules) {
		const arrived = server.next(path);
		const client = rawRequest(`${server.origin}${path}`, { method });
		const a = await arrived;
		await bridge.write(a.req, a.res, await make(a), undefined, rules);
		return client;
	}

	/** Sends `method path` on a raw socket, answers it with `make()`; gives every byte the client got. */
	async function rawExchange(path: string, make: () => Response, method = 'GET', rules?: WriteRules): Promise<Buffer> {
		const arrived = server.next(path);
		const socket = await connect(server.port, requestText(method, path, { connection: 'close' }));
		const received = pieces(socket);
		const a = await arrived;
		await bridge.write(a.req, a.res, make(), undefined, rules);
		return Buffer.concat(await received);
	}

	describe('bodies known at once', () => {
		const cases: [string, () => Response, string, string | null][] = [
			['a string', () => new Response('héllo'), 'héllo', 'text/plain;charset=UTF-8'],
			['bytes', () => new Response(encoder.encode('bytes')), 'bytes', null],
			['json()', () => json({ a: 1 }), '{"a":1}', 'application/json'],
			['text()', () => text('pong'), 'pong', null],
			['Response.json()', () => Response.json({ b: [2] }), '{"b":[2]}', 'application/json'],
			['a stream of one chunk, complete from the start', () => new Response(streamOf('all there')), 'all there', null],
			['an empty string', () => new Response(''), '', 'text/plain;charset=UTF-8']
		];
		for (const [label, make, body, type] of cases) {
			it(`${label}: sent whole, with its content-length, headers and body in one piece`, async () => {
				const arrived = server.next('/known');
				const socket = await connect(server.port, requestText('GET', '/known', { connection: 'close' }));
				const received = pieces(socket);
				const a = await arrived;
				await bridge.write(a.req, a.res, make());
				const got = await received;
				const raw = Buffer.concat(got).toString('utf8');
				const [head, payload] = raw.split('\r\n\r\n') as [string, string];
				assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
				assert.match(head, new RegExp(`\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`, 'i'));
				assert.doesNotMatch(head, /transfer-encoding/i);
				if (type) assert.match(head, new RegExp(`\r\ncontent-type: ${type.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\r\n`, 'i'));
				assert.equal(payload, body);
				assert.equal(got.length, 1, `the response came in ${got.length} pieces`);
			});
		}

		it('no body: none sent', async () => {
			const res = await serve('/none', () => new Response(null, { status: 200 }));
			assert.equal(res.status, 200);
			assert.equal(res.text, '');
		});
	});

	it('a body still being produced streams, each chunk sent as it comes', async () => {
		const more = deferred();
		const arrived = server.next('/live');
		const firstChunk = deferred();
		const client = rawRequest(`${server.origin}/live`, { onResponse: (res) => res.once('data', () => firstChunk.resolve()) });
		const a = await arrived;
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(encoder.encode('one,'));
			},
			async pull(controller) {
				await more.promise;
				controller.enqueue(encoder.encode('two'));
				controller.close();
			}
		});
		const writing = bridge.write(a.req, a.res, new Response(body));
		// the second chunk waits until the client has the first
		await firstChunk.promise;
		more.resolve();
		await writing;
		const res = await client;
		assert.equal(res.text, 'one,two');
		assert.equal(res.headers['content-length'], undefined);
		assert.equal(res.headers['transfer-encoding'], 'chunked');
	});

	describe('status and headers', () => {
		it("the status and headers of the Response; the host's other headers stay; Set-Cookie lines add up, one per line", async () => {
			const res = await serve('/headers', ({ res }) => {
				res.setHeader('x-host', 'kept');
				res.setHeader('x-both', 'host');
				res.setHeader('set-cookie', ['host=1; Path=/', 'host2=2']);
				const headers = new Headers({ 'x-both': 'response', 'content-type': 'text/plain' });
				headers.append('vary', 'accept');
				headers.append('vary', 'origin');
				headers.append('set-cookie', 'a=1; HttpOnly');
				headers.append('set-cookie', 'b=comma, separated; Path=/');
				return new Response('teapot', { status: 418, headers });
			});
			assert.equal(res.status, 418);
			assert.equal(res.text, 'teapot');
			assert.equal(res.headers['x-host'], 'kept');
			assert.equal(res.headers['x-both'], 'response');
			assert.equal(res.headers.vary, 'accept, origin');
			assert.deepEqual(setCookies(res), ['host=1; Path=/', 'host2=2', 'a=1; HttpOnly', 'b=comma, separated; Path=/']);
		});

		it("a single Set-Cookie the host set is kept before the Response's", async () => {
			const res = await serve('/cookie', ({ res }) => {
				res.setHeader('set-cookie', 'host=1');
				return new Response('ok', { headers: { 'set-cookie': 'mine=2' } });
			});
			assert.deepEqual(setCookies(res), ['host=1', 'mine=2']);
		});

		it("a header value Node refuses: a 500 saying so, without the host's headers, and the connection still serves", async () => {
			const arrived = server.next('/bad-header');
			const second = server.next('/after-bad-header');
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			try {
				const get = (path: string) =>
					new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
						http.get(`${server.origin}${path}`, { agent }, (res) => {
							let body = '';
							res.setEncoding('utf8');
							res.on('data', (chunk: string) => (body += chunk));
							res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: body }));
						}).on('error', reject);
					});
				const before = server.connections;
				const client = get('/bad-header');
				const a = await arrived;
				a.res.setHeader('x-host', 'dropped');
				await bridge.write(a.req, a.res, new Response('never', { headers: { 'x-test': 'a\u0001b' } }));
				const res = await client;
				assert.equal(res.status, 500);
				assert.match(res.text, /Invalid character in header content \["x-test"\]/);
				assert.equal(res.headers['x-test'], undefined);
				assert.equal(res.headers['x-host'], undefined);

				const next = get('/after-bad-header');
				const b = await second;
				await bridge.write(b.req, b.res, new Response('fine'));
				assert.equal((await next).text, 'fine');
				assert.equal(server.connections - before, 1);
			} finally {
				agent.destroy();
			}
		});

		it('a header value with latin-1 characters goes out as the same bytes, whatever the body', async () => {
			const headers = { 'x-latin': 'caf\u00e9', 'content-disposition': 'attachment; filename="r\u00e9sum\u00e9.txt"' };
			const bodies: [string, () => Response][] = [
				['a string', () => new Response('x', { headers })],
				['bytes', () => new Response(encoder.encode('x'), { headers })],
				['text()', () => text('x', { headers })],
				['a stream', () => new Response(streamOf('x'), { headers })],
				[
					'a locked body',
					() => {
						const response = new Response('x', { headers });
						response.body!.getReader();
						return response;
					}
				]
			];
			for (const [label, make] of bodies) {
				const raw = await rawExchange('/latin1', make);
				const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
				assert.match(head, /\r\nx-latin: caf\u00e9\r\n/, label);
				assert.match(head, /\r\ncontent-disposition: attachment; filename="r\u00e9sum\u00e9\.txt"\r\n/, label);
			}
		});

		it('text/event-stream: x-accel-buffering: no, so that proxies do not hold events back; not on others', async () => {
			const events = await serve(
				'/sse',
				() => new Response(streamOf('data: one\n\n', 'data: two\n\n'), { headers: { 'content-type': 'text/event-stream' } })
			);
			assert.equal(events.headers['x-accel-buffering'], 'no');
			assert.equal(events.text, 'data: one\n\ndata: two\n\n');
			const plain = await serve('/sse', () => new Response('x', { headers: { 'content-type': 'text/plain' } }));
			assert.equal(plain.headers['x-accel-buffering'], undefined);
		});
	});

	describe('responses without a body', () => {
		it('HEAD: the headers, with the length of the body, and no body', async () => {
			for (const make of [() => new Response('hello'), () => json({ hello: 'world' }), () => new Response(streamOf('hello'))]) {
				const expected = await make().text();
				const res = await serve('/head', make, 'HEAD');
				assert.equal(res.status, 200);
				assert.equal(res.headers['content-length'], String(expected.length));
				assert.equal(res.body.length, 0);
			}
		});

		it("HEAD, headLength 'measured' (the default): the same", async () => {
			const res = await serve('/head', () => new Response(streamOf('hello')), 'HEAD', MEASURED);
			assert.equal(res.headers['content-length'], '5');
		});

		it("HEAD, headLength 'declared': only the length the Response's headers give; the body is not read", async () => {
			const bodies: [() => Response, string | undefined][] = [
				[() => new Response('hello'), undefined],
				[() => new Response(encoder.encode('bytes')), undefined],
				[() => new Response(streamOf('hello')), undefined],
				[() => json({ hello: 'world' }), '17'],
				[() => text('pong'), '4'],
				[() => new Response(streamOf('hello'), { headers: { 'content-length': '5' } }), '5']
			];
			for (const [make, length] of bodies) {
				const res = await serve('/head', make, 'HEAD', DECLARED);
				assert.equal(res.status, 200);
				assert.equal(res.headers['content-length'], length);
				assert.equal(res.headers['transfer-encoding'], undefined);
				assert.equal(res.body.length, 0);
			}
			const { stream, cancelled } = endless();
			const res = await serve('/head', () => new Response(stream, { headers: { 'x-streamed': '1' } }), 'HEAD', DECLARED);
			assert.equal(res.headers['x-streamed'], '1');
			await cancelled;
		});

		it('GET, whatever headLength: complete bodies get their length, streams that go on do not', async () => {
			for (const rules of [MEASURED, DECLARED]) {
				const once = await serve('/get', () => new Response(streamOf('hello')), 'GET', rules);
				assert.equal(once.headers['content-length'], '5', rules.headLength);
				const string = await serve('/get', () => new Response('hello'), 'GET', rules);
				assert.equal(string.headers['content-length'], '5', rules.headLength);
				// as SvelteKit 3's setResponse, which measures at most one chunk
				const two = await serve('/get', () => new Response(streamOf('he', 'llo')), 'GET', rules);
				assert.equal(two.text, 'hello');
				assert.equal(two.headers['content-length'], undefined, rules.headLength);
				const { stream } = endless();
				const arrived = server.next('/get-live');
				const head = deferred<http.IncomingMessage>();
				// the client leaves once it has the head: the request may end either way
				void rawRequest(`${server.origin}/get-live`, { onResponse: (res) => (head.resolve(res), res.destroy()) }).catch(noop);
				const a = await arrived;
				const writing = bridge.write(a.req, a.res, new Response(stream), undefined, rules);
				const live = await head.promise;
				assert.equal(live.headers['content-length'], undefined, rules.headLength);
				assert.equal(live.headers['transfer-encoding'], 'chunked', rules.headLength);
				await writing;
			}
		});

		for (const status of [204, 304]) {
			it(`${status}: no body, no content-length`, async () => {
				const res = await serve(`/${status}`, () => new Response(null, { status, headers: { etag: '"abc"' } }));
				assert.equal(res.status, status);
				assert.equal(res.headers.etag, '"abc"');
				assert.equal(res.headers['content-length'], undefined);
				assert.equal(res.headers['transfer-encoding'], undefined);
				assert.equal(res.body.length, 0);
			});
		}
	});

	describe('streaming', () => {
		it('a slow client: the body is read only as fast as the client takes it (backpressure), and arrives whole', async () => {
			const chunkSize = 64 * 1024;
			const count = 64;
			const arrived = server.next('/slow');
			const received = new Promise<Buffer>((resolve, reject) => {
				http.get(`${server.origin}/slow`, { agent: false }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => {
						chunks.push(chunk);
						// a client that takes its time over each piece
						res.pause();
						setTimeout(() => res.resume(), 1);
					});
					res.on('end', () => resolve(Buffer.concat(chunks)));
					res.on('error', reject);
				}).on('error', reject);
			});
			const a = await arrived;
			const sent = createHash('sha256');
			let produced = 0;
			let mostBuffered = 0;
			const body = new ReadableStream<Uint8Array>({
				pull(controller) {
					mostBuffered = Math.max(mostBuffered, a.res.writableLength);
					if (produced === count) return controller.close();
					const chunk = randomBytes(chunkSize);
					sent.update(chunk);
					produced++;
					controller.enqueue(chunk);
				}
			});
			await bridge.write(a.req, a.res, new Response(body));
			const data = await received;
			assert.equal(data.length, chunkSize * count);
			assert.equal(createHash('sha256').update(data).digest('hex'), sent.digest('hex'));
			const bound = a.res.writableHighWaterMark + 4 * chunkSize;
			assert.ok(
				mostBuffered <= bound,
				`${mostBuffered} bytes waited in the response while the stream was read on (at most ${bound} expected)`
			);
		});

		it('a client that leaves mid-stream: the stream is cancelled, and write resolves', async () => {
			const { stream, cancelled } = endless();
			const arrived = server.next('/leave');
			const failed = assert.rejects(
				rawRequest(`${server.origin}/leave`, { onResponse: (res) => res.once('data', () => res.destroy()) })
			);
			const a = await arrived;
			const writing = bridge.write(a.req, a.res, new Response(stream));
			await failed;
			await cancelled;
			await writing;
		});

		it('a body that fails once its headers are out: the connection is cut, onBodyError is called once, write resolves', async () => {
			const boom = new Error('boom after headers');
			const fail = deferred();
			const arrived = server.next('/fail-late');
			let firstBytes = '';
			const failed = assert.rejects(
				rawRequest(`${server.origin}/fail-late`, {
					onResponse: (res) =>
						res.once('data', (chunk: Buffer) => {
							firstBytes = chunk.toString();
							fail.resolve();
						})
				}),
				/aborted/
			);
			const a = await arrived;
			const body = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(encoder.encode('first chunk\n'));
				},
				async pull(controller) {
					await fail.promise;
					controller.error(boom);
				}
			});
			const reported: unknown[] = [];
			await bridge.write(a.req, a.res, new Response(body), (error) => reported.push(error));
			await failed;
			assert.equal(firstBytes, 'first chunk\n');
			assert.deepEqual(reported, [boom]);
		});

		it('a body that fails before its first byte: no response at all, onBodyError called once', async () => {
			const boom = new Error('boom at once');
			const reported: unknown[] = [];
			const arrived = server.next('/fail-early');
			const failed = assert.rejects(rawRequest(`${server.origin}/fail-early`), /socket hang up/);
			const a = await arrived;
			const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(boom) });
			await bridge.write(a.req, a.res, new Response(body), (error) => reported.push(error));
			await failed;
			assert.deepEqual(reported, [boom]);
		});

		it('text chunks are written as UTF-8, as adapter-node writes them: whole with their length, or streamed', async () => {
			const whole = await serve(
				'/text-chunks',
				() =>
					new Response(
						new ReadableStream<string>({
							start(controller) {
								controller.enqueue('héllo');
								controller.close();
							}
						}) as unknown as ReadableStream<Uint8Array>
					)
			);
			assert.equal(whole.text, 'héllo');
			assert.equal(whole.headers['content-length'], String(Buffer.byteLength('héllo')));

			const live = await serve('/text-chunks', () => {
				const chunks = ['one ', encoder.encode('twö '), 'thrée'];
				return new Response(
					new ReadableStream<string | Uint8Array>({
						async pull(controller) {
							await turn();
							const chunk = chunks.shift();
							if (chunk === undefined) controller.close();
							else controller.enqueue(chunk);
						}
					}) as ReadableStream<Uint8Array>
				);
			});
			assert.equal(live.text, 'one twö thrée');
			assert.equal(live.headers['transfer-encoding'], 'chunked');
		});

		it('a chunk that is neither bytes nor text fails the body the same way, with a TypeError', async () => {
			const reported: unknown[] = [];
			const arrived = server.next('/not-bytes');
			const failed = assert.rejects(rawRequest(`${server.origin}/not-bytes`), /socket hang up/);
			const a = await arrived;
			const body = new ReadableStream({
				start(controller) {
					controller.enqueue(42);
					controller.close();
				}
			});
			await bridge.write(a.req, a.res, new Response(body as ReadableStream<Uint8Array>), (error) => reported.push(error));
			await failed;
			assert.equal(reported.length, 1);
			assert.ok(reported[0] instanceof TypeError);
		});

		it('without onBodyError, a body failure is logged once', async () => {
			const boom = new Error('logged once');
			const calls = await consoleErrors(async () => {
				const arrived = server.next('/fail-logged');
				const failed = assert.rejects(rawRequest(`${server.origin}/fail-logged`));
				const a = await arrived;
				await bridge.write(a.req, a.res, new Response(new ReadableStream({ pull: (controller) => controller.error(boom) })));
				await failed;
			});
			assert.equal(calls.length, 1);
			assert.ok(calls[0]!.includes(boom));
		});
	});

	describe('bodies that cannot be sent', () => {
		const locked =
			"Fatal error: Response body is locked. This can happen when the response was already read (for example through 'response.json()' or 'response.text()').";

		it("a locked body: SvelteKit's fatal-error text", async () => {
			const res = await serve('/locked', () => {
				const response = new Response('never sent');
				response.body!.getReader();
				return response;
			});
			assert.equal(res.status, 200);
			assert.equal(res.text, locked);
		});

		it('a body already read: the same', async () => {
			const res = await serve('/locked', async () => {
				const response = new Response('read already');
				await response.text();
				return response;
			});
			assert.equal(res.text, locked);
		});

		it('a response the host already sent: left alone, and the body is cancelled', async () => {
			const { stream, cancelled } = endless();
			const res = await serve('/answered', ({ res }) => {
				res.writeHead(202, { 'content-type': 'text/plain' }).end('the host answered');
				return new Response(stream);
			});
			assert.equal(res.status, 202);
			assert.equal(res.text, 'the host answered');
			await cancelled;
		});

		it('a client already gone: nothing written, the body is cancelled, write resolves', async () => {
			const { stream, cancelled } = endless();
			const arrived = server.next('/gone');
			let clientRequest!: http.ClientRequest;
			const failed = assert.rejects(rawRequest(`${server.origin}/gone`, { onRequest: (req) => (clientRequest = req) }));
			const a = await arrived;
			const closed = once(a.res, 'close');
			clientRequest.destroy();
			await closed;
			await bridge.write(a.req, a.res, new Response(stream));
			await cancelled;
			await failed;
		});
	});

	describe('a request body nobody read', () => {
		// over what one read of the socket brings, under what draining takes
		const bodySize = 512 * 1024;

		/** PUT with an unread body, then GET, on one keep-alive connection. */
		async function twoOnOneConnection<T>(handle: (a: Arrival) => T | Promise<T>): Promise<T> {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			const exchange = (method: string, path: string, body?: Buffer) =>
				new Promise<string>((resolve, reject) => {
					const req = http.request(`${server.origin}${path}`, { method, agent }, (res) => {
						let text = '';
						res.setEncoding('utf8');
						res.on('data', (chunk: string) => (text += chunk));
						res.on('end', () => resolve(`${res.statusCode} ${text}`));
					});
					req.on('error', reject);
					req.end(body);
				});
			try {
				const before = server.connections;
				const first = server.next('/unread');
				const firstDone = exchange('PUT', '/unread', randomBytes(bodySize));
				const a = await first;
				const after = await handle(a);
				await bridge.write(a.req, a.res, new Response('not read'));
				assert.equal(await firstDone, '200 not read');

				const second = server.next('/next');
				const secondDone = exchange('GET', '/next');
				const b = await second;
				await bridge.write(b.req, b.res, new Response('second'));
				assert.equal(await secondDone, '200 second');
				assert.equal(server.connections - before, 1, 'both requests went over one connection');
				return after;
			} finally {
				agent.destroy();
			}
		}

		it('no Request made: the body is drained, and the next request on the connection is answered', async () => {
			await twoOnOneConnection(() => undefined);
		});

		it('a Request made but never read: the same', async () => {
			await twoOnOneConnection((a) => void bridge.request(a.req, a.res, a.url, { bodySizeLimit: 10 }));
		});

		it('a body partly read: the same, and reading on after the response fails', async () => {
			const reader = await twoOnOneConnection(async (a) => {
				const reader = bridge.request(a.req, a.res, a.url, { bodySizeLimit: Infinity }).body!.getReader();
				const first = await reader.read();
				assert.equal(first.done, false);
				return reader;
			});
			await assert.rejects(
				(async () => {
					for (;;) if ((await reader.read()).done) return;
				})()
			);
		});

		it('an unread body too large to drain: the connection is closed instead of read to its end', async function () {
			this.timeout(30_000);
			const total = 64 * 1024 * 1024;
			const arrived = server.next('/flood');
			const socket = net.connect(server.port, '127.0.0.1');
			const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 'x'), Buffer.from('\r\n')]);
			let sent = 0;
			let answer = '';
			let closed = false;
			socket.on('data', (data: Buffer) => void (answer += data.toString('latin1')));
			socket.on('error', () => {});
			// (not events.once: the reset that may come with the close is no failure here)
			const ended = new Promise<void>((resolve) => socket.on('close', () => resolve(void (closed = true))));
			socket.write(requestText('POST', '/flood', { 'transfer-encoding': 'chunked', connection: 'keep-alive' }));
			const pump = () => {
				while (!closed && sent < total) {
					sent += 0x10000;
					if (!socket.write(chunk)) return void socket.once('drain', pump);
				}
				// all of it was taken: the assertion below fails
				if (!closed) socket.destroy();
			};
			pump();
			const a = await arrived;
			await bridge.write(a.req, a.res, new Response('not reading that'));
			await ended;
			assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
			assert.ok(sent < total, `the server read all ${sent} bytes of a body nobody wanted`);
		});
	});
}
