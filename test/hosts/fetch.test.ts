// event.fetch (rules §3.7): this app's endpoints served in-process with cookies forwarded,
// everything else over the network. rules §8 rows 52, 57, 58 (and 51's cross-site cookie rule).
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, jsonOf, rawRequest, setCookies } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

interface Target {
	method: string;
	url: string;
	isSubRequest: boolean;
	cookie: string | null;
	fresh: string | null;
	accept: string | null;
	acceptLanguage: string | null;
	origin: string | null;
	authorization: string | null;
	body: string | null;
}

interface Proxied {
	parentOrigin: string;
	status: number;
	body: Target | string;
}

describeHosts('event.fetch', (host) => {
	let t: TestApp;
	before(async () => {
		t = await host.createApp({
			after: [({ method, path }) => (method === 'GET' && path === '/host-only' ? { type: 'text', body: 'from the host' } : undefined)]
		});
	});

	async function proxy(query: string, headers: Record<string, string> = {}): Promise<Proxied> {
		const res = await rawRequest(`${t.origin}/fetch/proxy${query}`, { headers });
		assert.equal(res.status, 200, res.text);
		return JSON.parse(res.text) as Proxied;
	}

	it('is not a sub-request when called directly', async () => {
		const res = await call(request(t.app).get('/fetch/target'));
		assert.equal((jsonOf(res) as Target).isSubRequest, false);
	});

	it('serves same-app paths in-process, as sub-requests, with accept */* by default', async () => {
		const { status, body, parentOrigin } = await proxy('');
		assert.equal(status, 200);
		const target = body as Target;
		assert.equal(target.isSubRequest, true);
		assert.equal(target.method, 'GET');
		assert.equal(target.url, `${parentOrigin}/fetch/target`);
		assert.equal(target.accept, '*/*');
		assert.equal(target.origin, null, 'no origin on same-origin GET');
	});

	it('resolves relative URLs against event.url', async () => {
		const { body } = await proxy('?to=target');
		assert.equal((body as Target).url, `${t.origin}/fetch/target`);
		assert.equal((body as Target).isSubRequest, true);
	});

	it("forwards the request's cookies and authorization", async () => {
		const { body } = await proxy('', { cookie: 'a=1; b=2', authorization: 'Bearer token', 'accept-language': 'de' });
		const target = body as Target;
		assert.equal(target.cookie, 'a=1; b=2');
		assert.equal(target.authorization, 'Bearer token');
		assert.equal(target.acceptLanguage, 'de');
	});

	it('forwards cookies set earlier in the same request', async () => {
		const { body } = await proxy('?set', { cookie: 'a=1' });
		const target = body as Target;
		assert.equal(target.fresh, 'from-parent');
		assert.match(String(target.cookie), /(^|; )a=1(;|$)/);
		assert.match(String(target.cookie), /(^|; )fresh=from-parent(;|$)/);
	});

	it('credentials: "omit" sends no cookies', async () => {
		const { body } = await proxy('?credentials=omit', { cookie: 'a=1' });
		assert.equal((body as Target).cookie, null);
	});

	it('includes the origin header on a non-GET internal request (row 52)', async () => {
		const { body, parentOrigin } = await proxy('?method=POST');
		const target = body as Target;
		assert.equal(target.method, 'POST');
		assert.equal(target.origin, parentOrigin);
		assert.equal(target.body, 'ping', 'and the body, past the CSRF check');
	});

	it('makes credentialed fetches to endpoints by default (row 58)', async () => {
		const res = await call(request(t.app).get('/load/fetch-credentialed').set('cookie', 'name=SvelteKit'));
		assert.equal(res.text, 'Hello SvelteKit!');
	});

	it('server-side fetch respects set-cookie header (row 57)', async () => {
		const res = await call(request(t.app).get('/load/set-cookie-fetch'));
		assert.deepEqual(jsonOf(res), { answer: 42 });
		const lines = setCookies(res);
		assert.ok(
			lines.some((line) => line.startsWith('answer=42;')),
			String(lines)
		);
		assert.ok(
			lines.some((line) => line.startsWith('doubled=84;')),
			String(lines)
		);
	});

	it('a path of this origin that no route serves goes to the host app over the network', async () => {
		const { status, body } = await proxy('?to=/host-only');
		assert.equal(status, 200);
		assert.equal(body, 'from the host');
	});

	it("another origin is fetched over the network, without this app's cookies (row 51)", async () => {
		const other = `http://localhost:${t.port}/fetch/target`;
		const { body } = await proxy(`?to=${encodeURIComponent(other)}`, { cookie: 'secret=1' });
		const target = body as Target;
		assert.equal(target.isSubRequest, false);
		assert.equal(target.cookie, null);
		assert.equal(target.url, other);
	});
});
