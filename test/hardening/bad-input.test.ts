// Hardening §1: whatever a client sends gets a clear answer (the status SvelteKit would give, or
// the host's), never a crash, a hang or an unintended 500. Everything goes over a raw socket so
// that nothing in between tidies the request up.
import assert from 'node:assert/strict';
import {
	FAILING_ROUTES,
	header,
	requestText,
	send,
	exchange,
	parseResponses,
	startExpress,
	type ParsedResponse,
	type Server
} from './helpers.js';

const ROUTE = (id: string) => encodeURIComponent(id);

/** The request was answered by the host app's 404 (kit-endpoints passed it on). */
function assertHost404(res: ParsedResponse): void {
	assert.equal(res.status, 404);
	assert.equal(header(res, 'x-host'), '404');
}

/** No 5xx unless a route designed to fail produced it. */
function assertNoUnintended5xx(res: ParsedResponse): void {
	if (res.status < 500) return;
	const route = decodeURIComponent(header(res, 'x-route') ?? '');
	assert.ok(FAILING_ROUTES.has(route), `unintended ${res.status} (route ${route || 'none'}): ${res.body.toString().slice(0, 200)}`);
}

describe('hardening: bad input', () => {
	/** Node's default limits: 16 KiB of headers */
	let strict: Server;
	/** 1 MiB of headers, so that 100 KB paths and 200 KB headers reach the middleware */
	let roomy: Server;

	before(async () => {
		strict = await startExpress();
		roomy = await startExpress({ maxHeaderSize: 1024 * 1024 });
	});
	after(async () => {
		await strict.close();
		await roomy.close();
	});
	afterEach(async function () {
		// whatever happened, both servers still serve, and nothing reached the host's error handler
		for (const server of [strict, roomy]) {
			const res = await send(server.port, requestText('GET', '/ok'));
			assert.equal(res.status, 200, 'the server still serves');
			assert.equal(res.body.toString(), 'ok');
			assert.deepEqual(server.hostErrors, [], `the host's error handler saw: ${server.hostErrors.map(String).join(', ')}`);
			server.errors.length = 0;
		}
	});

	describe('malformed and odd paths', () => {
		for (const path of [
			'/%',
			'/ok%',
			'/%zz',
			'/%C0%AE',
			'/%FF',
			'/ok/%C0%AE%C0%AE/',
			'/files/%E0%A4%A',
			'/files/a%ED%A0%80b',
			'/fail/%FF'
		]) {
			it(`${path}: 400 Malformed URI, from the middleware`, async () => {
				const res = await send(roomy.port, requestText('GET', path, { accept: '*/*' }));
				assert.equal(res.status, 400);
				assert.match(res.body.toString(), /Malformed URI/);
				assert.equal(roomy.errors.length, 1, 'handleError hears of it once, as SvelteKit calls it for a 400');
				assert.equal(roomy.errors[0]!.status, 400);
			});
		}

		// [path, expected]: the URL parser resolves dot segments and backslashes, as SvelteKit's `new URL`
		const CASES: [string, (res: ParsedResponse) => void][] = [
			['//ok', assertHost404],
			['/./ok', (res) => assert.equal(res.body.toString(), 'ok')],
			['/../ok', (res) => assert.equal(res.body.toString(), 'ok')],
			['/methods/../ok', (res) => assert.equal(res.body.toString(), 'ok')],
			['/%2e%2e/ok', (res) => assert.equal(res.body.toString(), 'ok')],
			['/%2E/ok', (res) => assert.equal(res.body.toString(), 'ok')],
			['/ok/.', (res) => (assert.equal(res.status, 308), assert.equal(header(res, 'location'), '/ok'))],
			['/ok\\', (res) => (assert.equal(res.status, 308), assert.equal(header(res, 'location'), '/ok'))],
			['/ok%00', assertHost404],
			['/%00', assertHost404],
			['/methods%2Fget-only', assertHost404],
			['/files/a%2Fb', (res) => assert.deepEqual(JSON.parse(res.body.toString()), { length: 3, segments: 2 })],
			['/files/a%00b', (res) => assert.deepEqual(JSON.parse(res.body.toString()), { length: 3, segments: 1 })],
			['/files/%25%25', (res) => assert.deepEqual(JSON.parse(res.body.toString()), { length: 2, segments: 1 })],
			['/files/%E8%8B%97', (res) => assert.deepEqual(JSON.parse(res.body.toString()), { length: 1, segments: 1 })],
			['/ok?%', (res) => assert.equal(res.body.toString(), 'ok')],
			['/ok?a=%FF&b=%', (res) => assert.equal(res.body.toString(), 'ok')],
			['/_app/ok', assertHost404],
			['/ok/__data.json', assertHost404],
			['*', assertHost404],
			['http://evil.example/ok', (res) => assert.ok(res.status < 500)]
		];
		for (const [path, check] of CASES) {
			it(`${path}: ${check.name || 'as SvelteKit'}`, async () => {
				const res = await send(roomy.port, requestText('GET', path, { accept: '*/*' }));
				assertNoUnintended5xx(res);
				check(res);
			});
		}

		it('a 100 KB path of segments is matched in linear time', async function () {
			this.timeout(3000);
			const res = await send(roomy.port, requestText('GET', `/files${'/a'.repeat(50_000)}`));
			assert.deepEqual(JSON.parse(res.body.toString()), { length: 99_999, segments: 50_000 });
		});

		it('a 100 KB path of escapes is decoded in linear time', async function () {
			this.timeout(3000);
			const res = await send(roomy.port, requestText('GET', `/files/${'%25'.repeat(33_000)}`));
			assert.equal(JSON.parse(res.body.toString()).length, 33_000);
		});

		it('a 100 KB path no route takes goes to the host', async function () {
			this.timeout(3000);
			assertHost404(await send(roomy.port, requestText('GET', `/${'a'.repeat(100_000)}`)));
			assertHost404(await send(roomy.port, requestText('GET', `/${'a/'.repeat(50_000)}b`)));
			assertHost404(await send(roomy.port, requestText('GET', `/${'%2F'.repeat(33_000)}`)));
		});

		it('a 100 KB malformed path: 400', async function () {
			this.timeout(3000);
			const res = await send(roomy.port, requestText('GET', `/files/${'%C0'.repeat(33_000)}`));
			assert.equal(res.status, 400);
		});

		it("with Node's default limits a 100 KB path gets Node's 431, and the connection is closed", async () => {
			const result = await exchange(strict.port, requestText('GET', `/files${'/a'.repeat(50_000)}`, { connection: 'keep-alive' }));
			const [res] = parseResponses(result.bytes, []).responses;
			assert.equal(res?.status, 431);
			assert.equal(result.closedByServer, true);
		});
	});

	describe('huge and hostile headers', () => {
		it("a 20 KB header with Node's default limits: 431 from Node", async () => {
			const res = await send(strict.port, requestText('GET', '/ok', { 'x-big': 'a'.repeat(20_000) }));
			assert.equal(res.status, 431);
		});

		it('a 100 KB header with a higher limit reaches the route', async () => {
			const res = await send(roomy.port, requestText('GET', '/ok', { 'x-big': 'a'.repeat(100_000) }));
			assert.equal(res.body.toString(), 'ok');
		});

		const ACCEPTS: [string, string][] = [
			['200,000 characters without a slash', 'a'.repeat(200_000)],
			['200,000 commas', ','.repeat(200_000)],
			['200,000 semicolons', ';'.repeat(200_000)],
			['12,500 ranges with q', 'text/html;q=0.5,'.repeat(12_500)],
			['one range padded with 200,000 spaces', `*/*;${' '.repeat(199_990)}q=1`],
			['66,000 empty q parameters', `text/html${';q='.repeat(66_000)}`],
			['100,000 slashes', 'a/'.repeat(100_000)],
			['a 200,000-digit q', `text/html;q=${'9'.repeat(200_000)}`],
			['alternating tabs and slashes', '\t/'.repeat(100_000)]
		];
		for (const [name, accept] of ACCEPTS) {
			it(`Accept: ${name}: the error format is chosen in milliseconds`, async function () {
				this.timeout(2000);
				const res = await send(roomy.port, requestText('GET', '/teapot', { accept }));
				assert.equal(res.status, 418);
				assert.match(header(res, 'content-type') ?? '', /^(application\/json|text\/html; charset=utf-8)$/);
			});

			it(`Accept: ${name}: page or endpoint is decided in milliseconds`, async function () {
				this.timeout(2000);
				const res = await send(roomy.port, requestText('GET', '/negotiate', { accept }));
				assert.equal(res.status, 200);
				const page = header(res, 'x-host-page');
				if (page === undefined) assert.deepEqual(JSON.parse(res.body.toString()), { endpoint: true });
				else assert.equal(page, ROUTE('/negotiate'));
			});
		}

		it('Accept: 10,000 repeated Accept headers are answered', async function () {
			this.timeout(2000);
			const head = `GET /teapot HTTP/1.1\r\nhost: x\r\nconnection: close\r\n${'accept: text/html;q=0.1\r\n'.repeat(10_000)}\r\n`;
			const res = await send(roomy.port, head);
			// Node 20 hands them all over (the route answers); Node 22 and 24 refuse so many header
			// lines themselves, before any middleware runs
			assert.ok([418, 431].includes(res.status), `status ${res.status}`);
			const after = await send(roomy.port, requestText('GET', '/teapot', {}));
			assert.equal(after.status, 418, 'and the next request is served');
		});

		const COOKIES: [string, string, (body: Record<string, unknown>) => void][] = [
			['a 100 KB value', `a=${'b'.repeat(100_000)}`, (body) => assert.equal(body.count, 1)],
			['5,000 cookies', Array.from({ length: 5000 }, (_, i) => `c${i}=v${i}`).join('; '), (body) => assert.equal(body.count, 5000)],
			[
				'malformed pairs',
				';;;===;;; =; a; =b; ;c=%ZZ; d="unterminated; e=%E0%A4%A; f=%',
				(body) => assert.equal(typeof body.count, 'number')
			],
			['100,000 semicolons', ';'.repeat(100_000), (body) => assert.equal(body.count, 0)],
			['100,000 equals signs', '='.repeat(100_000), (body) => assert.equal(typeof body.count, 'number')],
			[
				'__proto__, constructor and toString as names',
				'__proto__=polluted; constructor=x; toString=y; x=1',
				(body) => {
					assert.equal(body.proto, 'polluted');
					assert.equal(body.ctor, 'x');
					assert.equal(body.toString, 'y');
					assert.equal(body.count, 4);
				}
			],
			['a JSON-looking __proto__', '__proto__={"polluted":1}; polluted=%7B%7D', (body) => assert.equal(body.proto, '{"polluted":1}')]
		];
		for (const [name, cookie, check] of COOKIES) {
			it(`Cookie: ${name}`, async function () {
				this.timeout(2000);
				const res = await send(roomy.port, requestText('GET', '/cookies', { cookie }));
				assert.equal(res.status, 200);
				const body = JSON.parse(res.body.toString()) as Record<string, unknown>;
				assert.equal(body.polluted, false, 'Object.prototype untouched');
				check(body);
				assert.equal(({} as Record<string, unknown>).polluted, undefined);
			});
		}
	});

	describe('bodies that lie', () => {
		it('declares more than it sends, then closes: nothing crashes, the route hears of it once at most', async () => {
			const result = await exchange(roomy.port, requestText('POST', '/echo', { 'content-length': '100' }, 'x'.repeat(10)), {
				end: true
			});
			const parsed = parseResponses(result.bytes, ['POST']);
			assert.equal(parsed.invalid, undefined);
			for (const res of parsed.responses) assertNoUnintended5xx(res);
			assert.ok(roomy.errors.length <= 1, `handleError called ${roomy.errors.length} times`);
		});

		it('declares more than the limit: 413 at once, without waiting for the body', async () => {
			const result = await exchange(
				roomy.port,
				requestText('POST', '/echo', { 'content-length': '10000000', accept: '*/*' }, 'x'.repeat(100)),
				{
					responses: 1,
					methods: ['POST']
				}
			);
			const [res] = parseResponses(result.bytes, ['POST'], false).responses;
			assert.equal(res?.status, 413);
			assert.equal(res?.body.toString(), '{"message":"Payload Too Large"}');
		});

		it('sends more than it declared on a keep-alive socket: the extra bytes are a request of their own, answered on their own', async () => {
			const first = requestText('POST', '/echo', { 'content-length': '3', connection: 'keep-alive' }, 'abc');
			const result = await exchange(roomy.port, [first, 'GARBAGE\r\n\r\n'], { responses: 2, methods: ['POST', 'GET'], gap: 50 });
			const parsed = parseResponses(result.bytes, ['POST', 'GET'], result.closedByServer);
			assert.equal(parsed.responses[0]!.status, 200);
			assert.deepEqual(JSON.parse(parsed.responses[0]!.body.toString()), { method: 'POST', length: 3 });
			assert.equal(parsed.responses[1]!.status, 400, 'the leftover bytes are a bad request of their own');
		});

		it('a chunked body over the limit: 413', async () => {
			const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
			const res = await send(
				roomy.port,
				requestText('POST', '/echo', { 'transfer-encoding': 'chunked', accept: '*/*' }, `${chunk.repeat(9)}0\r\n\r\n`)
			);
			assert.equal(res.status, 413);
		});

		it('a chunked body cut short by the client: no crash, a valid answer or none', async () => {
			const result = await exchange(roomy.port, requestText('POST', '/echo', { 'transfer-encoding': 'chunked' }, '5\r\nhello\r\n'), {
				end: true
			});
			const parsed = parseResponses(result.bytes, ['POST']);
			assert.equal(parsed.invalid, undefined);
			for (const res of parsed.responses) assert.ok(res.status === 400, `status ${res.status}`);
		});

		it('a malformed chunk: 400 from Node', async () => {
			const res = await send(roomy.port, requestText('POST', '/echo', { 'transfer-encoding': 'chunked' }, '5\r\nhelloXXXX\r\n'));
			assert.equal(res.status, 400);
		});

		it('a chunk size beyond 2^53: 400 from Node', async () => {
			const res = await send(
				roomy.port,
				requestText('POST', '/echo', { 'transfer-encoding': 'chunked' }, 'fffffffffffffffffff\r\nx\r\n')
			);
			assert.equal(res.status, 400);
		});

		it('both content-length and chunked, or two lengths: 400 from Node (no smuggling)', async () => {
			const both = await send(
				roomy.port,
				requestText('POST', '/echo', { 'transfer-encoding': 'chunked', 'content-length': '5' }, '5\r\nhello\r\n0\r\n\r\n')
			);
			assert.equal(both.status, 400);
			const two = await send(roomy.port, 'POST /echo HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab');
			assert.equal(two.status, 400);
		});

		it('a negative or non-numeric content-length: 400 from Node', async () => {
			for (const length of ['-1', 'abc', '1e3', '0x10']) {
				const res = await send(
					roomy.port,
					`POST /echo HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: ${length}\r\n\r\n`
				);
				assert.equal(res.status, 400, `content-length: ${length}`);
			}
		});

		it('a body on GET and HEAD is not read, and the route answers', async () => {
			const get = await send(roomy.port, requestText('GET', '/ok', {}, 'unexpected body'));
			assert.equal(get.body.toString(), 'ok');
			const head = await send(roomy.port, requestText('HEAD', '/ok', {}, 'unexpected body'), { methods: ['HEAD'] });
			assert.equal(head.status, 200);
		});

		it('a body with a bad charset still reads as text', async () => {
			const res = await send(
				roomy.port,
				requestText(
					'POST',
					'/echo',
					{ 'content-type': 'application/json; charset=x-nonsense' },
					Buffer.from([0xff, 0xfe, 0x00, 0xc0])
				)
			);
			assert.equal(res.status, 200);
		});
	});

	describe('methods', () => {
		it('methods Node does not know: 400 from Node', async () => {
			for (const method of ['FOO', 'get', 'G ET', 'GET\x01']) {
				const res = await send(roomy.port, requestText(method, '/methods/fallback'));
				assert.equal(res.status, 400, method);
			}
		});

		for (const method of ['MOVE', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'LOCK', 'UNLOCK', 'PURGE', 'SEARCH', 'REPORT', 'OPTIONS']) {
			it(`${method}: fallback where there is one, 405 with Allow where not`, async () => {
				const fallback = await send(roomy.port, requestText(method, '/methods/fallback'));
				assert.equal(fallback.status, 200);
				assert.equal(fallback.body.toString(), `fallback ${method}`);
				const notAllowed = await send(roomy.port, requestText(method, '/methods/get-only'));
				assert.equal(notAllowed.status, 405);
				assert.equal(header(notAllowed, 'allow'), 'GET, HEAD');
				assert.equal(notAllowed.body.toString(), `${method} method not allowed`);
			});
		}

		it('TRACE on a route without a TRACE export: 405', async () => {
			const res = await send(roomy.port, requestText('TRACE', '/methods/get-only'));
			assert.equal(res.status, 405);
		});

		// undici's Request refuses TRACE (a forbidden method), so building event.request fails;
		// adapter-node answers that `400 Bad Request` (its getRequest throws), never a 500
		it('TRACE reaching a fallback that reads event.request: 400, not a 500', async () => {
			const res = await send(roomy.port, requestText('TRACE', '/methods/fallback', { accept: '*/*' }));
			assertNoUnintended5xx(res);
			assert.equal(res.status, 400);
		});

		it('CONNECT: Node closes the connection, the server keeps going', async () => {
			const result = await exchange(roomy.port, 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nhost: 127.0.0.1:1\r\n\r\n');
			assert.equal(result.closedByServer, true);
		});

		it('no Host on HTTP/1.1: 400 from Node; a route that needs the URL without one: 400', async () => {
			const res = await send(roomy.port, 'GET /echo HTTP/1.1\r\nconnection: close\r\n\r\n');
			assert.equal(res.status, 400);
			const old = await send(roomy.port, 'GET /echo HTTP/1.0\r\n\r\n');
			assert.equal(old.status, 400);
		});

		it('a Host that is not a host: 400 from the middleware', async () => {
			for (const host of ['a b', '[::', 'x:y:z', '%00']) {
				const res = await send(roomy.port, `GET /echo HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`);
				assert.equal(res.status, 400, `host: ${host}`);
			}
		});
	});
});
