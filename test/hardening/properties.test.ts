// Hardening §6: property-based. Arbitrary paths, header values, bodies and methods go over a real
// socket to Express and Koa apps with the middleware. Whatever the input: the server answers (no
// hang), the answer is a valid HTTP/1.1 response, nothing reaches the host's error handler, and
// the only 5xx are those of routes designed to fail (told by the route id each response carries).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
	FAILING_ROUTES,
	exchange,
	header,
	parseResponses,
	quietly,
	requestText,
	send,
	startExpress,
	startKoa,
	type Server,
	type ServerSetup
} from './helpers.js';

// -- inputs ---------------------------------------------------------------------------------------

const WORDS = [
	'ok',
	'echo',
	'files',
	'proto',
	'ctor',
	'cookies',
	'methods',
	'fallback',
	'get-only',
	'negotiate',
	'teapot',
	'crlf',
	'fail',
	'ignore-body',
	'__proto__',
	'constructor',
	'toString',
	'_app',
	'__data.json',
	'a.html'
];
/** cases of /fail/[case] and /crlf/[case] that answer 5xx (allowed: they are designed to fail) */
const FAULTS = [
	'throw-proxy',
	'throw-getters',
	'throw-null',
	'return-object',
	'return-proxy',
	'reject-later',
	'setheaders',
	'redirect-kit',
	'response-header',
	'return-locked-body'
];
const DOTS = ['.', '..', '', '%2e', '%2E%2E', '.%2e', '...'];
const ESCAPES = [
	'%',
	'%2',
	'%zz',
	'%2F',
	'%2f',
	'%25',
	'%2525',
	'%00',
	'%0D%0A',
	'%C0%AE',
	'%FF',
	'%E8%8B%97',
	'%F0%9F%98%80',
	'%ED%A0%80',
	'%5B',
	'%5D',
	'%20',
	'%3F',
	'%23',
	'+'
];

/** A printable ASCII character other than space (raw in a request target). */
const targetChar = fc
	.integer({ min: 0x21, max: 0x7e })
	.map((c) => String.fromCharCode(c))
	.filter((c) => c !== '#');

/** One path segment: a route-ish word, dots, escapes, arbitrary text (raw or encoded), unicode. */
const segment = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...WORDS) },
	{ weight: 1, arbitrary: fc.constantFrom(...FAULTS) },
	{ weight: 2, arbitrary: fc.constantFrom(...DOTS) },
	{ weight: 2, arbitrary: fc.array(fc.constantFrom(...ESCAPES), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')) },
	{ weight: 2, arbitrary: fc.string({ unit: targetChar, maxLength: 12 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }).map(encodeURIComponent) }
);

const wellFormedPath = fc
	.tuple(
		fc.constantFrom('/', '/', '/', '//', '/./'),
		fc.array(segment, { maxLength: 6 }),
		fc.constantFrom('', '/', '//', '/.'),
		fc.option(fc.string({ unit: targetChar, maxLength: 20 }), { nil: undefined })
	)
	.map(
		([lead, segments, trail, query]) =>
			`${lead}${segments.join('/')}${segments.length ? trail : ''}${query === undefined ? '' : `?${query}`}`
	);

/** A path into a route of the fixture tree, with arbitrary params. */
const routePath = fc
	.tuple(
		fc.constantFrom(
			'/ok',
			'/echo',
			'/ignore-body',
			'/cookies',
			'/negotiate',
			'/teapot',
			'/methods/fallback',
			'/methods/get-only',
			'/files',
			'/proto',
			'/proto/ctor',
			'/crlf',
			'/fail'
		),
		fc.array(segment, { maxLength: 3 }),
		fc.constantFrom('', '', '/'),
		fc.option(fc.string({ unit: targetChar, maxLength: 20 }), { nil: undefined })
	)
	.map(
		([route, segments, trail, query]) =>
			`${route}${segments.map((s) => `/${s}`).join('')}${trail}${query === undefined ? '' : `?${query}`}`
	);

/** Mostly well-formed targets; now and then one Node itself refuses (raw non-ASCII, a leading backslash). */
const path = fc.oneof(
	{ weight: 10, arbitrary: routePath },
	{
		weight: 2,
		arbitrary: fc.tuple(fc.constantFrom('/fail/', '/crlf/'), fc.constantFrom(...FAULTS)).map(([route, name]) => route + name)
	},
	{ weight: 10, arbitrary: wellFormedPath },
	{
		weight: 1,
		arbitrary: fc.tuple(wellFormedPath, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 })).map(([p, raw]) => p + raw)
	},
	{ weight: 1, arbitrary: wellFormedPath.map((p) => `\\${p}`) }
);

/** A header value: anything Node accepts in a field value (visible ASCII, space, tab, obs-text)... */
const fieldChar = fc
	.oneof(
		{ weight: 30, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
		{ weight: 1, arbitrary: fc.constant(0x09) },
		{ weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xff }) }
	)
	.map((c) => String.fromCharCode(c));
/** ...and, now and then, a control character Node refuses (a 400 before any middleware) */
const anyValue = fc.oneof(
	{ weight: 300, arbitrary: fc.string({ unit: fieldChar, maxLength: 80 }) },
	{
		weight: 1,
		arbitrary: fc.tuple(fc.string({ unit: fieldChar, maxLength: 10 }), fc.constantFrom('\x7f', '\x01', '\x1b')).map(([a, b]) => a + b)
	}
);

const mediaRange = fc
	.tuple(
		fc.constantFrom('*', 'text', 'application', 'TEXT', 'image', '', 'a b'),
		fc.constantFrom('*', 'html', 'json', 'HTML', '', 'xhtml+xml'),
		fc.option(fc.constantFrom('q=0', 'q=1', 'q=0.5', 'q=', 'q=abc', 'Q=0.9', 'level=1;q=0.1', 'q=1e400', 'q=-1', 'q=NaN'), {
			nil: undefined
		}),
		fc.constantFrom('', ' ', '\t', '  ')
	)
	.map(([type, subtype, q, ws]) => `${ws}${type}/${subtype}${q === undefined ? '' : `${ws};${ws}${q}`}`);
const accept = fc.oneof(
	fc.array(mediaRange, { maxLength: 6 }).map((ranges) => ranges.join(',')),
	anyValue,
	fc.constantFrom('', '*/*', 'text/html', 'application/json')
);

const cookieName = fc.oneof(
	fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a', ''),
	fc.string({ unit: targetChar, maxLength: 8 })
);
const cookie = fc.oneof(
	fc
		.array(fc.tuple(cookieName, anyValue), { maxLength: 6 })
		.map((pairs) => pairs.map(([name, value]) => `${name}=${value.replace(/;/g, '')}`).join('; ')),
	anyValue
);

const contentType = fc.oneof(
	fc.constantFrom(
		'application/json',
		'text/plain',
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=x',
		'application/octet-stream',
		'text/plain; charset=utf-16le',
		'application/json; charset=x-nope',
		'TEXT/PLAIN',
		''
	),
	anyValue
);
const origin = fc.oneof(fc.constantFrom('http://127.0.0.1', 'null', 'https://evil.example', 'http://localhost'), anyValue);
const etag = fc.oneof(fc.constantFrom('"abc"', 'W/"abc"', '*', 'W/', '"'), anyValue);

const headers = fc.record(
	{
		accept,
		cookie,
		'content-type': contentType,
		origin,
		'if-none-match': etag,
		'x-forwarded-for': anyValue,
		'x-forwarded-host': fc.oneof(fc.constantFrom('example.com', 'a b', '[::1]', 'x:y:z', ''), anyValue),
		'x-forwarded-proto': fc.oneof(fc.constantFrom('https', 'http', 'javascript', 'h t', ''), anyValue),
		'accept-language': anyValue,
		authorization: anyValue
	},
	{ requiredKeys: [] }
);

const method = fc.oneof(
	{ weight: 14, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
	{ weight: 5, arbitrary: fc.constantFrom('MOVE', 'PROPFIND', 'PURGE', 'COPY', 'LOCK', 'SEARCH') },
	// methods Node's parser refuses (400)
	{ weight: 1, arbitrary: fc.constantFrom('FOO', 'get', 'Get', 'G-T') }
);

const body = fc.oneof(
	{ weight: 3, arbitrary: fc.constant(undefined) },
	{ weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((s) => ({ bytes: Buffer.from(s), chunked: false })) },
	{ weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((a) => ({ bytes: Buffer.from(a), chunked: false })) },
	{ weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((a) => ({ bytes: Buffer.from(a), chunked: true })) }
);

const host = fc.oneof(
	{ weight: 9, arbitrary: fc.constant('127.0.0.1') },
	{ weight: 1, arbitrary: fc.oneof(fc.constantFrom('a b', '[::', 'x:y:z', ''), anyValue) }
);

const requests = fc.record({ method, path, headers, body, host });
type Input = typeof requests extends fc.Arbitrary<infer T> ? T : never;

// -- the property ---------------------------------------------------------------------------------

function encode(input: Input): Buffer {
	const fields: Record<string, string> = { host: input.host, ...input.headers };
	if (input.body === undefined) return requestText(input.method, input.path, fields);
	const { bytes, chunked } = input.body;
	if (!chunked) return requestText(input.method, input.path, fields, bytes);
	const framed = bytes.length
		? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')])
		: Buffer.from('0\r\n\r\n');
	return requestText(input.method, input.path, { ...fields, 'transfer-encoding': 'chunked' }, framed);
}

async function check(server: Server, input: Input): Promise<void> {
	const raw = encode(input);
	const result = await exchange(server.port, raw, { timeout: 3000 });
	const parsed = parseResponses(result.bytes, [input.method]);
	const context = () =>
		`request ${JSON.stringify(raw.toString('latin1').slice(0, 500))}\nanswer ${JSON.stringify(result.bytes.toString('latin1').slice(0, 500))}`;
	assert.equal(parsed.invalid, undefined, `not valid HTTP (${parsed.invalid})\n${context()}`);
	assert.equal(parsed.responses.length, 1, `expected one response, got ${parsed.responses.length}\n${context()}`);
	const res = parsed.responses[0]!;
	const route = decodeURIComponent(header(res, 'x-route') ?? '');
	const meantToFail = FAILING_ROUTES.has(route);
	assert.ok(res.complete || meantToFail, `a truncated response\n${context()}`);
	assert.ok(res.status < 500 || meantToFail, `an unintended ${res.status} (route ${route || 'none'})\n${context()}`);
	assert.deepEqual(server.hostErrors, [], `the host's error handler was reached\n${context()}`);
}

function propertySuite(name: string, start: (setup?: ServerSetup) => Promise<Server>, setup: ServerSetup, numRuns: number): void {
	describe(`hardening: properties (${name})`, () => {
		let server: Server;
		before(async () => {
			server = await start(setup);
		});
		after(() => server.close());

		it(`${numRuns} arbitrary requests: valid answers, no unintended 5xx, the server keeps serving`, async function () {
			this.timeout(15_000);
			await quietly(() =>
				fc.assert(
					fc.asyncProperty(requests, (input) => check(server, input)),
					{ numRuns, endOnFailure: true }
				)
			);
			const res = await send(server.port, requestText('GET', '/ok'));
			assert.equal(res.body.toString(), 'ok');
		});

		it('arbitrary paths alone (GET, no headers): answered in milliseconds', async function () {
			this.timeout(10_000);
			await fc.assert(
				fc.asyncProperty(path, async (target) => {
					const result = await exchange(server.port, requestText('GET', target), { timeout: 2000 });
					const parsed = parseResponses(result.bytes, ['GET']);
					assert.equal(parsed.invalid, undefined, `${target}: ${parsed.invalid}`);
					const res = parsed.responses[0];
					assert.ok(res, `${target}: no response`);
					const route = decodeURIComponent(header(res, 'x-route') ?? '');
					assert.ok(res.status < 500 || FAILING_ROUTES.has(route), `${target}: ${res.status} from ${route || 'no route'}`);
				}),
				{ numRuns: Math.round(numRuns / 2), endOnFailure: true }
			);
		});
	});
}

propertySuite('express', startExpress, {}, 250);
propertySuite('express, trust proxy', startExpress, { trustProxy: true }, 150);
propertySuite('koa', startKoa, {}, 150);
