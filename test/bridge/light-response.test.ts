// The `lightGlobals` option's Response against Node's own: for every body and init in the table,
// the same status, headers, body, errors and checks; then the bridge contract again with the
// light Response as the global one, so that what the writer sends of it is what it sends of a
// real Response.
import assert from 'node:assert/strict';
import { nodeBridge } from '../../src/node/index.js';
import { installLightGlobals, restoreGlobals } from '../../src/node/light-globals.js';
import { LightResponse, lightParts } from '../../src/node/light-response.js';
import { describeBridgeContract } from './contract.js';

const NativeResponse = globalThis.Response;
const Light = LightResponse as unknown as typeof Response;

type Init = ResponseInit | undefined;
type BodyInit = ConstructorParameters<typeof Response>[0];

const BODIES: [string, () => BodyInit][] = [
	['none', () => undefined],
	['null', () => null],
	['empty text', () => ''],
	['text', () => 'héllo, wörld'],
	['bytes', () => new Uint8Array([104, 105])],
	['a Buffer view', () => Buffer.from('--bytes--').subarray(2, 7)],
	['an ArrayBuffer', () => new Uint8Array([1, 2, 3]).buffer],
	['a stream', () => new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array([65])), c.close()) })],
	['a Blob', () => new Blob(['blob'], { type: 'text/x-blob' })],
	['URLSearchParams', () => new URLSearchParams({ a: '1', b: 'two words' })]
];

const INITS: [string, () => Init][] = [
	['no init', () => undefined],
	['an empty init', () => ({})],
	['a status', () => ({ status: 201 })],
	['a status as text', () => ({ status: '202' as unknown as number })],
	['a status of 99', () => ({ status: 99 })],
	['a status of 600', () => ({ status: 600 })],
	['a status of 204', () => ({ status: 204 })],
	['a status of 304', () => ({ status: 304 })],
	['a fractional status', () => ({ status: 200.5 })],
	['a status text', () => ({ status: 418, statusText: "I'm a teapot" })],
	['a status text with a newline', () => ({ statusText: 'bad\nreason' })],
	['a record of headers', () => ({ headers: { 'X-One': '1', 'content-type': 'application/x-thing' } })],
	['header values to trim', () => ({ headers: { 'x-pad': ' \t padded \t ', 'x-empty': '' } })],
	['a number as a header value', () => ({ headers: { 'x-n': 42 as unknown as string } })],
	['a header name with a space', () => ({ headers: { 'bad name': '1' } })],
	['a header value with a newline', () => ({ headers: { 'x-bad': 'a\nb' } })],
	['a header value beyond latin-1', () => ({ headers: { 'x-bad': 'snow ☃' } })],
	['a latin-1 header value', () => ({ headers: { 'x-latin': 'café' } })],
	['a name given twice', () => ({ headers: { 'X-Twice': 'a', 'x-twice': 'b' } })],
	[
		'pairs',
		() => ({
			headers: [
				['set-cookie', 'a=1'],
				['Set-Cookie', 'b=2'],
				['x-y', 'z']
			] as [string, string][]
		})
	],
	['a pair of three', () => ({ headers: [['a', 'b', 'c']] as unknown as [string, string][] })],
	['a Headers', () => ({ headers: new Headers({ 'x-h': 'h', vary: 'accept' }) })],
	['a symbol key', () => ({ headers: { [Symbol('s')]: 'x', a: 'b' } as unknown as Record<string, string> })],
	['a Map', () => ({ headers: new Map([['x-map', '1']]) as unknown as Headers })],
	['an init that is a string', () => 'nope' as unknown as ResponseInit]
];

/** What a user can see of a Response, or of its constructor's refusal. */
async function observe(make: () => Response): Promise<unknown> {
	let response: Response;
	try {
		response = make();
	} catch (error) {
		return { throws: (error as Error).constructor.name };
	}
	return {
		isResponse: response instanceof NativeResponse,
		status: response.status,
		statusText: response.statusText,
		ok: response.ok,
		type: response.type,
		redirected: response.redirected,
		url: response.url,
		headers: [...response.headers],
		bodyIsNull: response.body === null,
		text: await response.text(),
		bodyUsed: response.bodyUsed
	};
}

describe('lightGlobals: the light Response is what Node’s is', () => {
	for (const [bodyName, body] of BODIES) {
		for (const [initName, init] of INITS) {
			it(`${bodyName}, ${initName}`, async () => {
				assert.deepEqual(await observe(() => new Light(body(), init())), await observe(() => new NativeResponse(body(), init())));
			});
		}
	}

	for (const [name, data] of [
		['an object', { a: [1, 'two'] }],
		['a string', 'text'],
		['undefined', undefined],
		['a function', () => {}]
	] as const) {
		for (const [initName, init] of INITS) {
			it(`Response.json(${name}), ${initName}`, async () => {
				assert.deepEqual(await observe(() => Light.json(data, init())), await observe(() => NativeResponse.json(data, init())));
			});
		}
	}

	it('keeps the bytes it was given, whatever happens to them later', async () => {
		const bytes = new Uint8Array([65, 66]);
		const response = new Light(bytes);
		bytes[0] = 90;
		assert.equal(await response.text(), 'AB');
	});

	it('is a Response either way round, as are the real ones', async () => {
		const light = new Light('x');
		assert.ok(light instanceof NativeResponse);
		assert.ok(light instanceof Light);
		assert.ok(new NativeResponse('x') instanceof Light);
		assert.ok(NativeResponse.error() instanceof Light);
		assert.ok(Light.redirect('http://example.com/', 307) instanceof Light);
		assert.equal(Object.prototype.toString.call(light), '[object Response]');
		assert.equal(Light.name, 'Response');
	});

	it('clones, and its clone reads the same', async () => {
		const response = new Light('twice', { status: 202, headers: { 'x-a': '1' } });
		const copy = response.clone();
		assert.deepEqual([await response.text(), await copy.text()], ['twice', 'twice']);
		assert.equal(copy.status, 202);
		assert.equal(copy.headers.get('x-a'), '1');
	});

	it('is written from its parts until something makes it real, then as the real one', () => {
		const response = new Light('x', { headers: { a: '1' } });
		assert.deepEqual(lightParts(response)?.body, 'x');
		response.headers.set('a', '2');
		assert.equal(lightParts(response), undefined);
		assert.equal(response.headers.get('a'), '2');
		assert.equal(lightParts(new Light(new ReadableStream())), undefined);
	});

	it('is the global Response only while installed', () => {
		installLightGlobals();
		try {
			assert.equal(globalThis.Response, Light);
		} finally {
			restoreGlobals();
		}
		assert.equal(globalThis.Response, NativeResponse);
	});
});

describe('lightGlobals: the bridge contract with the light Response installed', () => {
	before(installLightGlobals);
	after(restoreGlobals);
	describeBridgeContract('nodeBridge, lightGlobals', nodeBridge);
});
