// The request half of the bridge contract: the Fetch Request a handler sees for a Node request.
// Not a spec file: contract.ts runs it for each bridge.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { RequestError } from '../../src/errors.js';
import type { NodeBridge } from '../../src/node/index.js';
import { rawExchange, rawRequest } from '../support/helpers.js';
import {
	asNode,
	bridgeServer,
	connect,
	fakeRequest,
	pieces,
	readAll,
	requestText,
	turn,
	type Arrival,
	type BridgeServer
} from './harness.js';

const OPTIONS = { bodySizeLimit: 1024 * 1024 };

/** An assert.rejects/throws check for the RequestError of a body over a limit. */
function payloadTooLarge(message: string) {
	return (error: unknown) => {
		assert.ok(error instanceof RequestError, `not a RequestError: ${String(error)}`);
		assert.equal(error.status, 413);
		assert.equal(error.text, 'Payload Too Large');
		assert.equal(error.message, message);
		return true;
	};
}

export function requestContract(bridge: NodeBridge): void {
	let server: BridgeServer;
	before(async () => {
		server = await bridgeServer();
	});
	after(() => server.close());

	/** Answers through the bridge, so that the client's call completes. */
	const answer = (a: Arrival, body = 'ok', status = 200) => bridge.write(a.req, a.res, new Response(body, { status }));

	describe('method, URL and headers', () => {
		it('are those the client sent; a repeated header keeps every value, Set-Cookie lines stay apart', async () => {
			const arrived = server.next('/basics');
			const client = rawExchange(
				server.port,
				'PATCH /basics?x=1&y HTTP/1.1\r\nHost: app.test\r\nX-Multi: a\r\nX-Multi: b\r\nSet-Cookie: a=1\r\n' +
					'Set-Cookie: b=2, c=3\r\nX-Case: MiXed Value\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
			);
			const a = await arrived;
			const request = bridge.request(a.req, a.res, 'http://app.test/basics?x=1&y', OPTIONS);
			assert.ok(request instanceof Request);
			assert.equal(request.method, 'PATCH');
			assert.equal(request.url, 'http://app.test/basics?x=1&y');
			assert.equal(request.headers.get('host'), 'app.test');
			assert.equal(request.headers.get('x-multi'), 'a, b');
			assert.deepEqual(request.headers.getSetCookie(), ['a=1', 'b=2, c=3']);
			assert.equal(request.headers.get('x-case'), 'MiXed Value');
			await answer(a);
			assert.match(await client, /^HTTP\/1\.1 200 /);
		});

		it('HTTP/2 pseudo-headers are left out; :authority stands in for a missing host', () => {
			const h2 = fakeRequest(
				'GET',
				{ ':method': 'GET', ':path': '/p', ':scheme': 'https', ':authority': 'h2.test', accept: '*/*' },
				2
			);
			assert.deepEqual(
				[...bridge.request(asNode(h2), undefined, 'https://h2.test/p', OPTIONS).headers],
				[
					['accept', '*/*'],
					['host', 'h2.test']
				]
			);
			const both = fakeRequest('GET', { ':authority': 'h2.test', host: 'host.test' }, 2);
			assert.deepEqual([...bridge.request(asNode(both), undefined, 'https://host.test/', OPTIONS).headers], [['host', 'host.test']]);
		});

		it('a method Fetch refuses (TRACE) is a 400 RequestError', async () => {
			const arrived = server.next('/trace');
			const client = rawRequest(`${server.origin}/trace`, { method: 'TRACE' });
			const a = await arrived;
			assert.throws(
				() => bridge.request(a.req, a.res, a.url, OPTIONS),
				(error: unknown) => error instanceof RequestError && error.status === 400 && error.text === 'Bad Request'
			);
			await answer(a, 'bad', 400);
			assert.equal((await client).status, 400);
		});
	});

	describe('which requests have a body', () => {
		for (const method of ['GET', 'HEAD']) {
			it(`${method}: none, even when the client sends one`, async () => {
				const arrived = server.next('/no-body');
				const client = rawExchange(
					server.port,
					requestText(method, '/no-body', { 'content-length': '5', connection: 'close' }, 'hello')
				);
				const a = await arrived;
				assert.equal(bridge.request(a.req, a.res, a.url, OPTIONS).body, null);
				await answer(a);
				assert.match(await client, /^HTTP\/1\.1 200 /);
			});
		}

		it('POST with content-length: 0, or with neither a length nor chunked encoding: none', async () => {
			for (const head of ['Content-Length: 0\r\n', '']) {
				const arrived = server.next('/no-body');
				const client = rawExchange(server.port, `POST /no-body HTTP/1.1\r\nHost: app.test\r\n${head}Connection: close\r\n\r\n`);
				const a = await arrived;
				assert.equal(bridge.request(a.req, a.res, a.url, OPTIONS).body, null);
				await answer(a);
				assert.match(await client, /^HTTP\/1\.1 200 /);
			}
		});

		it('HTTP/2: a body needs neither a length nor chunked encoding', async () => {
			const h2 = fakeRequest('POST', { ':authority': 'h2.test' }, 2);
			const request = bridge.request(asNode(h2), undefined, 'https://h2.test/', OPTIONS);
			h2.end('over h2');
			assert.equal(await request.text(), 'over h2');
		});
	});

	describe('the body, read as the handler likes', () => {
		const BYTES = randomBytes(100 * 1024);
		const cases: [string, string, () => Buffer, (request: Request) => Promise<void>][] = [
			[
				'text()',
				'text/plain; charset=utf-8',
				() => Buffer.from('héllo wörld'),
				async (r) => assert.equal(await r.text(), 'héllo wörld')
			],
			[
				'json()',
				'application/json',
				() => Buffer.from('{ "a": [1, "two", { "three": 3 }] }'),
				async (r) => assert.deepEqual(await r.json(), { a: [1, 'two', { three: 3 }] })
			],
			[
				'arrayBuffer()',
				'application/octet-stream',
				() => BYTES,
				async (r) => assert.deepEqual(Buffer.from(await r.arrayBuffer()), BYTES)
			],
			[
				'formData() of a urlencoded form',
				'application/x-www-form-urlencoded',
				() => Buffer.from('a=1&a=2&b=x+y&c=%C3%A9&d='),
				async (r) => {
					const form = await r.formData();
					assert.deepEqual(
						[...form],
						[
							['a', '1'],
							['a', '2'],
							['b', 'x y'],
							['c', 'é'],
							['d', '']
						]
					);
				}
			]
		];
		const framings: [string, (body: Buffer) => { body?: Buffer; chunks?: Buffer[] }][] = [
			['with a content-length', (body) => ({ body })],
			['chunked', (body) => ({ chunks: [body.subarray(0, 3), body.subarray(3, 7), body.subarray(7)] })]
		];

		for (const [label, type, body, check] of cases) {
			for (const [framing, frame] of framings) {
				it(`${label}, ${framing}`, async () => {
					const arrived = server.next('/read');
					const client = rawRequest(`${server.origin}/read`, {
						method: 'POST',
						headers: { 'content-type': type },
						...frame(body())
					});
					const a = await arrived;
					await check(bridge.request(a.req, a.res, a.url, OPTIONS));
					await answer(a);
					assert.equal((await client).status, 200);
				});
			}
		}

		it('formData() of a multipart form, with a file', async () => {
			const form = new FormData();
			form.append('field', 'value');
			form.append('file', new Blob(['file content'], { type: 'text/plain' }), 'a.txt');
			const encoded = new Response(form);
			const type = encoded.headers.get('content-type')!;
			const body = Buffer.from(await encoded.arrayBuffer());

			const arrived = server.next('/read');
			const client = rawRequest(`${server.origin}/read`, { method: 'POST', headers: { 'content-type': type }, body });
			const a = await arrived;
			const read = await bridge.request(a.req, a.res, a.url, OPTIONS).formData();
			assert.equal(read.get('field'), 'value');
			const file = read.get('file');
			assert.ok(file instanceof File);
			assert.equal(file.name, 'a.txt');
			assert.equal(await file.text(), 'file content');
			await answer(a);
			assert.equal((await client).status, 200);
		});

		it('a handler reading slowly gets the whole body, in order', async () => {
			const data = randomBytes(4 * 1024 * 1024);
			const arrived = server.next('/slow-read');
			const client = rawRequest(`${server.origin}/slow-read`, {
				method: 'PUT',
				headers: { 'content-type': 'application/octet-stream' },
				body: data
			});
			const a = await arrived;
			const reader = bridge.request(a.req, a.res, a.url, { bodySizeLimit: Infinity }).body!.getReader();
			const hash = createHash('sha256');
			let length = 0;
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				hash.update(value);
				length += value.byteLength;
				// other work between reads
				await turn();
			}
			assert.equal(length, data.length);
			assert.equal(hash.digest('hex'), createHash('sha256').update(data).digest('hex'));
			await answer(a);
			assert.equal((await client).status, 200);
		});

		it('takes the body from the request only as fast as the handler reads it (backpressure)', async () => {
			const total = 4 * 1024 * 1024;
			const chunk = Buffer.alloc(16 * 1024, 7);
			const source = fakeRequest('PUT', { 'content-length': String(total) });
			const reader = bridge.request(asNode(source), undefined, 'http://app.test/', { bodySizeLimit: Infinity }).body!.getReader();

			// nothing is read yet: the request must stop taking data long before the whole body is in
			let written = 0;
			let accepted = true;
			while (accepted && written < total) {
				accepted = source.write(chunk);
				written += chunk.length;
				await turn();
			}
			assert.equal(accepted, false, `the request took all ${written} bytes while nothing read them`);
			assert.ok(written <= 1024 * 1024, `${written} bytes taken before anything was read`);

			// reading takes the rest, as it is read
			const writing = (async () => {
				while (written < total) {
					if (!accepted) await once(source, 'drain');
					accepted = source.write(chunk);
					written += chunk.length;
				}
				source.end();
			})();
			let read = 0;
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				read += value.byteLength;
			}
			await writing;
			assert.equal(read, total);
		});
	});

	describe('the body size limit', () => {
		it('a declared content-length over the limit: the first read fails with a 413 at once, without waiting for the body', async () => {
			const arrived = server.next('/limit');
			const client = rawExchange(
				server.port,
				requestText('PUT', '/limit', { 'content-length': '100000', connection: 'close' }, 'abc')
			);
			const a = await arrived;
			const request = bridge.request(a.req, a.res, a.url, { bodySizeLimit: 10 });
			await assert.rejects(request.text(), payloadTooLarge('Content-length of 100000 exceeds limit of 10 bytes.'));
			await answer(a, 'too large', 413);
			assert.match(await client, /^HTTP\/1\.1 413 /);
		});

		it('a limit of 0 says to use Infinity for none', async () => {
			const arrived = server.next('/limit');
			const client = rawRequest(`${server.origin}/limit`, { method: 'POST', body: 'hello' });
			const a = await arrived;
			await assert.rejects(
				bridge.request(a.req, a.res, a.url, { bodySizeLimit: 0 }).text(),
				payloadTooLarge(
					'Content-length of 5 exceeds limit of 0 bytes. To disable body size limits, specify Infinity rather than 0.'
				)
			);
			await answer(a, 'too large', 413);
			assert.equal((await client).status, 413);
		});

		it('a chunked body that grows over the limit: the read fails with a 413 once it does', async () => {
			const arrived = server.next('/limit');
			const client = rawRequest(`${server.origin}/limit`, { method: 'PUT', chunks: ['012345', '6789', 'abcdef'] });
			const a = await arrived;
			await assert.rejects(
				bridge.request(a.req, a.res, a.url, { bodySizeLimit: 10 }).arrayBuffer(),
				payloadTooLarge('request body size exceeded BODY_SIZE_LIMIT of 10')
			);
			await answer(a, 'too large', 413);
			assert.equal((await client).status, 413);
		});

		it('a body at the limit is read whole, declared or chunked', async () => {
			for (const frame of [{ body: '0123456789' }, { chunks: ['01234', '56789'] }]) {
				const arrived = server.next('/limit');
				const client = rawRequest(`${server.origin}/limit`, { method: 'PUT', ...frame });
				const a = await arrived;
				assert.equal(await bridge.request(a.req, a.res, a.url, { bodySizeLimit: 10 }).text(), '0123456789');
				await answer(a);
				assert.equal((await client).status, 200);
			}
		});
	});

	describe('a content-length that does not match the body', () => {
		it('more bytes than declared: a 413', async () => {
			const source = fakeRequest('POST', { 'content-length': '3' });
			const request = bridge.request(asNode(source), undefined, 'http://app.test/', OPTIONS);
			source.end('abcde');
			await assert.rejects(request.text(), payloadTooLarge('request body size exceeded content-length of 3'));
		});

		it('fewer bytes than declared, then the client ends the connection: the read fails rather than hang', async () => {
			const arrived = server.next('/short');
			const socket = await connect(server.port, requestText('POST', '/short', { 'content-length': '100' }, '0123456789'));
			const closed = pieces(socket);
			const a = await arrived;
			const request = bridge.request(a.req, a.res, a.url, OPTIONS);
			socket.end();
			await assert.rejects(request.text());
			await bridge.write(a.req, a.res, new Response('late'));
			await closed;
		});

		it('over HTTP/1.1 the body ends at its content-length: what follows is the next request', async () => {
			const first = server.next('/exact');
			const second = server.next('/after');
			const socket = await connect(
				server.port,
				requestText('POST', '/exact', { 'content-length': '3' }, 'abc') + requestText('GET', '/after', { connection: 'close' })
			);
			const received = pieces(socket);
			const a = await first;
			assert.equal(await bridge.request(a.req, a.res, a.url, OPTIONS).text(), 'abc');
			await answer(a, 'first');
			const b = await second;
			assert.equal(b.req.method, 'GET');
			await answer(b, 'second');
			const text = Buffer.concat(await received).toString('latin1');
			assert.match(text, /^HTTP\/1\.1 200 [^]*\r\n\r\nfirstHTTP\/1\.1 200 [^]*\r\n\r\nsecond$/);
		});
	});

	describe('request.signal', () => {
		/** A request whose client the test cuts off: `failed` settles once the client has seen that. */
		async function cuttable(path: string) {
			const arrived = server.next(path);
			let clientRequest!: http.ClientRequest;
			const failed = assert.rejects(rawRequest(`${server.origin}${path}`, { onRequest: (req) => (clientRequest = req) }));
			const a = await arrived;
			return { a, failed, cut: () => clientRequest.destroy() };
		}

		for (const withRes of [true, false]) {
			const label = withRes ? '' : ' (no res: the request tells)';
			it(`aborts when the client disconnects before the response${label}`, async () => {
				const { a, failed, cut } = await cuttable('/signal');
				const request = bridge.request(a.req, withRes ? a.res : undefined, a.url, OPTIONS);
				assert.equal(request.signal.aborted, false);
				const aborted = once(request.signal, 'abort');
				cut();
				await aborted;
				assert.equal(request.signal.aborted, true);
				await failed;
			});

			it(`does not abort once the response is complete${label}`, async () => {
				const arrived = server.next('/signal');
				const client = rawRequest(`${server.origin}/signal`, { method: 'POST', body: 'payload' });
				const a = await arrived;
				const closed = once(a.res, 'close');
				const request = bridge.request(a.req, withRes ? a.res : undefined, a.url, OPTIONS);
				const text = await request.text();
				await bridge.write(a.req, a.res, new Response(text));
				assert.equal((await client).text, 'payload');
				// the connection ends after the response (connection: close)
				await closed;
				await turn();
				assert.equal(request.signal.aborted, false);
			});
		}

		it('a Request built after the client left is aborted already', async () => {
			const { a, failed, cut } = await cuttable('/signal');
			const closed = once(a.res, 'close');
			cut();
			await closed;
			assert.equal(bridge.request(a.req, a.res, a.url, OPTIONS).signal.aborted, true);
			await failed;
		});

		it('a disconnect during the upload aborts the signal and fails the read', async () => {
			const arrived = server.next('/signal');
			const socket = await connect(server.port, requestText('POST', '/signal', { 'content-length': '100000' }, 'x'.repeat(1000)));
			const a = await arrived;
			const request = bridge.request(a.req, a.res, a.url, OPTIONS);
			const aborted = once(request.signal, 'abort');
			const reading = request.text();
			socket.destroy();
			await aborted;
			await assert.rejects(reading);
		});
	});

	describe('a body a body parser already read', () => {
		/** Sends `body` as `type`, and gives the request once the "parser" has read it. */
		async function parsed(type: string, body: string | Buffer, framing: 'length' | 'chunked' = 'length') {
			const arrived = server.next('/parsed');
			const client = rawRequest(`${server.origin}/parsed`, {
				method: 'POST',
				headers: { 'content-type': type },
				...(framing === 'length' ? { body } : { chunks: [body] })
			});
			const a = await arrived;
			const bytes = await readAll(a.req);
			return { a, bytes, client };
		}
		const done = async (a: Arrival, client: Promise<unknown>) => {
			await answer(a);
			await client;
		};
		type WithBody = IncomingMessage & { body?: unknown; rawBody?: unknown };

		it("the raw bytes a parser kept (options.parsed, as Koa's ctx.request): given back, with their length", async () => {
			const { a, bytes, client } = await parsed('application/octet-stream', randomBytes(5000), 'chunked');
			const request = bridge.request(a.req, a.res, a.url, { ...OPTIONS, parsed: { rawBody: bytes, body: { ignored: true } } });
			assert.equal(request.headers.get('content-length'), '5000');
			assert.equal(request.headers.get('transfer-encoding'), null);
			assert.deepEqual(Buffer.from(await request.arrayBuffer()), bytes);
			await done(a, client);
		});

		it("without options.parsed, what the parser left on req (as Express's req.body)", async () => {
			const { a, client } = await parsed('application/json', '{ "oddly" : { "formatted" : "json" } }');
			(a.req as WithBody).body = { oddly: { formatted: 'json' } };
			const request = bridge.request(a.req, a.res, a.url, OPTIONS);
			assert.equal(request.headers.get('content-length'), String('{"oddly":{"formatted":"json"}}'.length));
			assert.deepEqual(await request.json(), { oddly: { formatted: 'json' } });
			await done(a, client);
		});

		it('a parsed urlencoded form: the same fields, repeated keys and nested objects included', async () => {
			const { a, client } = await parsed('application/x-www-form-urlencoded', 'a=1&a=2&b[c]=3&d=x+y&e=');
			const request = bridge.request(a.req, a.res, a.url, {
				...OPTIONS,
				parsed: { body: { a: ['1', '2'], b: { c: '3' }, d: 'x y', e: '' } }
			});
			assert.deepEqual(
				[...(await request.formData())],
				[
					['a', '1'],
					['a', '2'],
					['b[c]', '3'],
					['d', 'x y'],
					['e', '']
				]
			);
			await done(a, client);
		});

		it('parsed text: encoded again in the charset the request declared', async () => {
			const { a, client } = await parsed('text/plain; charset=iso-8859-1', Buffer.from('café', 'latin1'));
			const request = bridge.request(a.req, a.res, a.url, { ...OPTIONS, parsed: { rawBody: 'café' } });
			assert.deepEqual([...new Uint8Array(await request.arrayBuffer())], [0x63, 0x61, 0x66, 0xe9]);
			await done(a, client);
		});

		it('parsed text in a charset it cannot encode: UTF-8, and the content-type says so', async () => {
			const { a, client } = await parsed('text/plain; charset=x-unknown', 'héllo');
			const request = bridge.request(a.req, a.res, a.url, { ...OPTIONS, parsed: { body: 'héllo' } });
			assert.equal(request.headers.get('content-type'), 'text/plain; charset=utf-8');
			assert.equal(await request.text(), 'héllo');
			await done(a, client);
		});

		it('parsed bytes (express.raw()): given back', async () => {
			const { a, bytes, client } = await parsed('application/octet-stream', randomBytes(2048));
			(a.req as WithBody).body = bytes;
			assert.deepEqual(Buffer.from(await bridge.request(a.req, a.res, a.url, OPTIONS).arrayBuffer()), bytes);
			await done(a, client);
		});

		it('nothing kept: reading fails with an error that says why, rather than hang', async () => {
			const { a, client } = await parsed('application/octet-stream', 'lost');
			await assert.rejects(bridge.request(a.req, a.res, a.url, OPTIONS).text(), /already read by another middleware/);
			await done(a, client);
		});

		it('the empty object a parser leaves for a request without a body: no body', async () => {
			const arrived = server.next('/parsed');
			const client = rawExchange(server.port, requestText('POST', '/parsed', { connection: 'close' }));
			const a = await arrived;
			await readAll(a.req);
			(a.req as WithBody).body = {};
			assert.equal(bridge.request(a.req, a.res, a.url, OPTIONS).body, null);
			await answer(a);
			assert.match(await client, /^HTTP\/1\.1 200 /);
		});
	});
}
