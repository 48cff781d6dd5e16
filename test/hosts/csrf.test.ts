// Cross-site form submission protection (rules §7.1), §8 rows 1–8 and 82.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, type Reply } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

const HOST = 'app.test';
const SELF = 'http://app.test';
const TRUSTED = ['https://trusted.example.com', 'https://payment-gateway.test'];
const METHODS = ['post', 'put', 'patch', 'delete'] as const;
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'text/plaiN'];

type Method = (typeof METHODS)[number] | 'get' | 'options' | 'head';

function send(
	app: TestApp,
	method: Method,
	options: { type?: string; origin?: string; accept?: string; path?: string } = {}
): Promise<Reply> {
	const test = request(app.app)
		[method](options.path ?? '/csrf')
		.set('host', HOST);
	if (options.origin !== undefined) test.set('origin', options.origin);
	if (options.accept !== undefined) test.set('accept', options.accept);
	if (options.type !== undefined) test.set('content-type', options.type).send('--x--');
	return call(test);
}

function assertForbidden(res: Reply, method: string): void {
	const message = `Cross-site ${method.toUpperCase()} form submissions are forbidden`;
	assert.equal(res.status, 403, method);
	assert.equal(res.text, message);
	assert.equal(res.headers['content-type'], undefined);
	assert.equal(res.headers['content-length'], String(message.length));
}

describeHosts('CSRF (rules §7.1)', (host) => {
	const createApp = host.createApp;
	let t: TestApp;
	before(async () => {
		t = await createApp({ options: { csrf: { trustedOrigins: TRUSTED } } });
	});

	it('blocks form submissions without an Origin, for every protected method and form type (rows 1, 8)', async () => {
		for (const method of METHODS) {
			for (const type of FORM_TYPES) {
				assertForbidden(await send(t, method, { type }), method);
			}
		}
	});

	it('allows requests from the same origin (row 2)', async () => {
		const res = await send(t, 'post', { type: 'application/x-www-form-urlencoded', origin: SELF });
		assert.equal(res.status, 200);
		assert.equal(res.text, 'ok');
	});

	it('allows requests from trusted origins (row 3) for every protected method (row 7)', async () => {
		for (const origin of TRUSTED) {
			for (const method of METHODS) {
				const res = await send(t, method, { type: 'application/x-www-form-urlencoded', origin });
				assert.equal(res.status, 200, `${method} ${origin}`);
				assert.equal(res.text, 'ok');
			}
		}
	});

	it('blocks other origins, with no suffix or subdomain matching (row 4, 82)', async () => {
		for (const origin of [
			'https://malicious-site.com',
			'https://trusted.example.com.evil.com',
			'https://evil.trusted.example.com',
			'https://evil.example',
			'https://app.test',
			'http://app.test:80',
			'null'
		]) {
			assertForbidden(await send(t, 'post', { type: 'application/x-www-form-urlencoded', origin }), 'post');
		}
	});

	it('allows GET regardless of origin (row 5)', async () => {
		const res = await send(t, 'get', { type: 'application/x-www-form-urlencoded', origin: 'https://any-origin.com' });
		assert.equal(res.status, 200);
	});

	it('does not check HEAD or OPTIONS', async () => {
		// a content-type but no body: node:http refuses a HEAD request with a body
		for (const [method, status] of [
			['head', 200],
			['options', 405]
		] as const) {
			const res = await call(
				request(t.app)[method]('/csrf').set('host', HOST).set('origin', 'https://any-origin.com').set('content-type', 'text/plain')
			);
			assert.equal(res.status, status, method);
		}
	});

	it('allows non-form content types regardless of origin (row 6)', async () => {
		for (const type of ['application/json', 'application/octet-stream']) {
			const res = await send(t, 'post', { type, origin: 'https://evil.example' });
			assert.equal(res.status, 200, type);
		}
	});

	it('v2: a POST without content-type is not a form', async () => {
		const res = await call(request(t.app).post('/csrf').set('host', HOST).set('origin', 'https://evil.example'));
		assert.equal(res.status, 200);
	});

	it('compares the media type case-insensitively, ignoring parameters', async () => {
		assertForbidden(await send(t, 'post', { type: 'Text/Plain; charset=utf-8' }), 'post');
		assertForbidden(await send(t, 'post', { type: ' multipart/form-data ; boundary=x' }), 'post');
	});

	it('answers JSON when Accept is exactly application/json', async () => {
		const res = await send(t, 'put', { type: 'text/plain', accept: 'application/json' });
		assert.equal(res.status, 403);
		assert.equal(res.headers['content-type'], 'application/json');
		assert.equal(res.text, '{"message":"Cross-site PUT form submissions are forbidden"}');

		assertForbidden(await send(t, 'put', { type: 'text/plain', accept: 'application/json, text/html' }), 'put');
		assertForbidden(await send(t, 'put', { type: 'text/plain', accept: '*/*' }), 'put');
	});

	it('runs before the trailing-slash redirect and before the handler', async () => {
		assertForbidden(await send(t, 'post', { path: '/getonly/', type: 'text/plain' }), 'post');
		const same = await send(t, 'post', { path: '/getonly/', type: 'text/plain', origin: SELF });
		assert.equal(same.status, 308);
		assertForbidden(await send(t, 'post', { path: '/endpoint-output/body', type: 'text/plain' }), 'post');
	});

	it('csrf.checkOrigin: false turns it off', async () => {
		const off = await createApp({ options: { csrf: { checkOrigin: false } } });
		const res = await send(off, 'post', { type: 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
		assert.equal(res.status, 200);
	});

	it('trustedOrigins containing "*" turns it off', async () => {
		const any = await createApp({ options: { csrf: { trustedOrigins: ['*'] } } });
		const res = await send(any, 'delete', { type: 'multipart/form-data; boundary=x', origin: 'https://evil.example' });
		assert.equal(res.status, 200);
	});

	it('is on by default', async () => {
		const plain = await createApp();
		assertForbidden(await send(plain, 'post', { type: 'text/plain', origin: TRUSTED[0] }), 'post');
	});
});
