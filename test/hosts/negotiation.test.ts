// A route with both a page (rendered by the host app) and an endpoint: content negotiation
// (rules §2.7, §2.8), Vary: Accept (§2.1), the `pages` option, and §8 rows 20, 76, 77.
import assert from 'node:assert/strict';
import request from 'supertest';
import { call, type Reply } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

const ROUTE = '/routing/content-negotiation';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Did the endpoint answer, or was the request passed on to the host's page? */
function servedBy(res: Reply): 'endpoint' | 'page' | 'other' {
	if (res.headers['x-host-page'] !== undefined) return 'page';
	if (res.headers['x-host'] !== undefined || res.headers['x-host-error'] !== undefined) return 'other';
	return 'endpoint';
}

describeHosts('content negotiation', (host) => {
	const createApp = host.createApp;
	let t: TestApp;
	before(async () => {
		t = await createApp();
	});

	describe('GET: endpoint unless negotiate(accept, ["*", "text/html"]) is text/html (rules §2.8 table)', () => {
		const table: [string | undefined, 'endpoint' | 'page'][] = [
			[undefined, 'endpoint'],
			['*/*', 'endpoint'],
			['text/html', 'page'],
			['TEXT/HTML', 'endpoint'],
			['text/*', 'page'],
			['application/json', 'endpoint'],
			['application/json, text/html;q=0', 'page'],
			['text/html;q=0.9, */*', 'endpoint'],
			['*/*;q=0.8, text/html;q=0.8', 'page'],
			[BROWSER, 'page'],
			['  text/html ; q=0.5 , application/json;q=0.4', 'page'],
			['text/html;level=1;q=0.1, application/json;q=0.5', 'page'],
			['image/png', 'endpoint'],
			['', 'endpoint'],
			['junk', 'endpoint'],
			['foo text/html', 'endpoint'],
			['text/html,*', 'page']
		];
		for (const [accept, expected] of table) {
			it(`accept ${accept === undefined ? '(absent)' : JSON.stringify(accept)} → ${expected}`, async () => {
				const test = request(t.app).get(ROUTE);
				if (accept !== undefined) test.set('accept', accept);
				const res = await call(test);
				assert.equal(res.status, 200);
				assert.equal(servedBy(res), expected);
				if (expected === 'endpoint') assert.equal(res.text, 'GET');
				else assert.equal(res.headers['x-host-page'], ROUTE);
			});
		}
	});

	it('+server.js next to +page.svelte works (row 76): every method reaches the endpoint for API clients', async () => {
		const page = await call(request(t.app).get(ROUTE).set('accept', 'text/html'));
		assert.equal(servedBy(page), 'page');
		assert.equal(page.headers.vary, 'Accept');

		for (const method of ['get', 'put', 'patch', 'post', 'delete'] as const) {
			const res = await call(request(t.app)[method](ROUTE).set('accept', '*/*'));
			assert.equal(res.status, 200, method);
			assert.equal(res.text, method.toUpperCase());
		}
	});

	it('PUT, PATCH, DELETE and OPTIONS always go to the endpoint, even for HTML', async () => {
		for (const method of ['put', 'patch', 'delete'] as const) {
			const res = await call(request(t.app)[method](ROUTE).set('accept', BROWSER));
			assert.equal(servedBy(res), 'endpoint', method);
			assert.equal(res.text, method.toUpperCase());
		}
		const options = await call(request(t.app).options(ROUTE).set('accept', 'text/html'));
		assert.equal(options.status, 405);
		assert.equal(options.headers.allow, 'GET, POST, PUT, PATCH, DELETE, HEAD');
	});

	it('POST that prefers HTML goes to the page (form actions), other POSTs to the endpoint', async () => {
		const form = await call(request(t.app).post(ROUTE).set('accept', 'text/html'));
		assert.equal(servedBy(form), 'page');
		const api = await call(request(t.app).post(ROUTE).set('accept', 'application/json'));
		assert.equal(api.text, 'POST');
	});

	it('use:enhance uses the action, not the POST handler (row 77)', async () => {
		const res = await call(request(t.app).post(ROUTE).set('accept', 'application/json').set('x-sveltekit-action', 'true'));
		assert.equal(servedBy(res), 'page');
		const notExactly = await call(request(t.app).post(ROUTE).set('accept', 'application/json').set('x-sveltekit-action', 'TRUE'));
		assert.equal(notExactly.text, 'POST');
	});

	it('HEAD handler (row 20): HTML → page, JSON → the HEAD export', async () => {
		const page = await call(request(t.app).head('/endpoint-output/head-handler').set('accept', 'text/html'));
		assert.equal(page.status, 200);
		assert.equal(page.text, '');
		assert.equal(page.headers['x-host-page'], '/endpoint-output/head-handler');
		assert.equal(page.headers['x-sveltekit-head-endpoint'], undefined);

		const endpoint = await call(request(t.app).head('/endpoint-output/head-handler').set('accept', 'application/json'));
		assert.equal(endpoint.status, 200);
		assert.equal(endpoint.text, '');
		assert.equal(endpoint.headers['x-sveltekit-head-endpoint'], 'true');
	});

	it("a method outside SvelteKit's lists follows negotiation: MOVE */* → the endpoint (405 here)", async () => {
		const res = await call(request(t.app).move(ROUTE).set('accept', '*/*'));
		assert.equal(res.status, 405);
		assert.equal(res.text, 'MOVE method not allowed');
		assert.equal(res.headers.allow, 'GET, POST, PUT, PATCH, DELETE, HEAD');
	});

	it("MOVE that prefers HTML is the page's, which takes no MOVE: 405 with the page's Allow, as SvelteKit's page side", async () => {
		// the route's +page.server.js has form actions: POST is allowed
		const res = await call(request(t.app).move(ROUTE).set('accept', 'text/html'));
		assert.equal(servedBy(res), 'endpoint');
		assert.equal(res.status, 405);
		assert.equal(res.text, 'MOVE method not allowed');
		assert.equal(res.headers.allow, 'GET, POST, OPTIONS, HEAD');
		assert.equal(res.headers['content-length'], String('MOVE method not allowed'.length));
		assert.equal(res.headers.vary, undefined);
		// a page without form actions
		const plain = await call(request(t.app).move('/routing/vary').set('accept', BROWSER));
		assert.equal(plain.status, 405);
		assert.equal(plain.headers.allow, 'GET, OPTIONS, HEAD');
		// a page the host declared (no files to read)
		const app = await createApp({ options: { pages: ['/routing/declared-page'] } });
		const declared = await call(request(app.app).move('/routing/declared-page').set('accept', 'text/html'));
		assert.equal(declared.status, 405);
		assert.equal(declared.headers.allow, 'GET, OPTIONS, HEAD');
	});

	it("the page side's 405 goes through handle, as SvelteKit's does", async () => {
		const app = await createApp({
			options: {
				hooks: {
					handle: async ({ event, resolve }) => {
						const response = await resolve(event);
						response.headers.set('x-handled', String(event.route.id));
						return response;
					}
				}
			}
		});
		const res = await call(request(app.app).move(ROUTE).set('accept', 'text/html'));
		assert.equal(res.status, 405);
		assert.equal(res.headers['x-handled'], ROUTE);
	});

	it('a page request with a trailing slash gets the 308 first, as in SvelteKit', async () => {
		for (const method of ['get', 'head', 'post'] as const) {
			const res = await call(request(t.app)[method](`${ROUTE}/?x=1`).set('accept', BROWSER));
			assert.equal(res.status, 308, method);
			assert.equal(res.headers.location, `${ROUTE}?x=1`, method);
			assert.equal(res.headers['x-host-page'], undefined, method);
		}
		const page = await call(request(t.app).get(ROUTE).set('accept', BROWSER));
		assert.equal(servedBy(page), 'page');
	});

	it("v2: a GET the endpoint does not handle is the endpoint's 405, not the page", async () => {
		const res = await call(request(t.app).get('/routing/post-only-with-page').set('accept', '*/*'));
		assert.equal(res.status, 405);
		assert.equal(res.headers.allow, 'POST');
		const page = await call(request(t.app).get('/routing/post-only-with-page').set('accept', 'text/html'));
		assert.equal(servedBy(page), 'page');
	});

	describe('Vary: Accept (rules §2.1)', () => {
		it('is added to GET responses of both the page and the endpoint', async () => {
			const endpoint = await call(request(t.app).get(ROUTE).set('accept', 'application/json'));
			assert.equal(endpoint.headers.vary, 'Accept');
			const page = await call(request(t.app).get(ROUTE).set('accept', 'text/html'));
			assert.equal(page.headers.vary, 'Accept');
		});

		it('is not added to POST responses, nor to endpoint-only routes', async () => {
			const post = await call(request(t.app).post(ROUTE).set('accept', 'application/json'));
			assert.equal(post.headers.vary, undefined);
			const endpointOnly = await call(request(t.app).get('/endpoint-output/body'));
			assert.equal(endpointOnly.headers.vary, undefined);
		});

		it("is appended to the handler's own Vary, once", async () => {
			const origin = await call(request(t.app).get('/routing/vary?vary=Origin').set('accept', '*/*'));
			assert.equal(origin.headers.vary, 'Origin, Accept');
			const already = await call(request(t.app).get('/routing/vary?vary=accept').set('accept', '*/*'));
			assert.equal(already.headers.vary, 'accept');
			const star = await call(request(t.app).get('/routing/vary?vary=*').set('accept', '*/*'));
			assert.equal(star.headers.vary, '*');
		});
	});

	describe('routes with a page only', () => {
		it('every request goes on to the host, with the route id', async () => {
			for (const accept of ['application/json', 'text/html']) {
				const res = await call(request(t.app).get('/routing/page-only').set('accept', accept));
				assert.equal(res.headers['x-host-page'], '/routing/page-only', accept);
			}
			const put = await call(request(t.app).put('/routing/page-only'));
			assert.equal(put.headers['x-host-page'], '/routing/page-only');
		});

		it('get no Vary: Accept (there is only one representation)', async () => {
			const res = await call(request(t.app).get('/routing/page-only').set('accept', 'text/html'));
			assert.equal(res.headers.vary, undefined);
		});

		it('a more specific page route shadows a rest endpoint', async () => {
			const special = await call(request(t.app).get('/routing/shadow/special').set('accept', 'application/json'));
			assert.equal(special.headers['x-host-page'], '/routing/shadow/special');
			const other = await call(request(t.app).get('/routing/shadow/other').set('accept', 'application/json'));
			assert.equal(other.text, '{"rest":"other"}');
		});

		it('[slug] page beside [slug].json: the page path goes to the host', async () => {
			const res = await call(request(t.app).get('/routing/ambiguous/ok').set('accept', 'application/json'));
			assert.equal(res.headers['x-host-page'], '/routing/ambiguous/[slug]');
		});
	});

	describe('the `pages` option', () => {
		it('without it, a route with no +page file is endpoint-only', async () => {
			const res = await call(request(t.app).get('/routing/declared-page').set('accept', 'text/html'));
			assert.equal(res.text, 'declared-page endpoint');
			assert.equal(res.headers.vary, undefined);
		});

		it('route ids: declared routes negotiate like routes with a +page file', async () => {
			const app = await createApp({ options: { pages: ['/routing/declared-page', '/routing/host-page/[slug]'] } });
			const page = await call(request(app.app).get('/routing/declared-page').set('accept', 'text/html'));
			assert.equal(page.headers['x-host-page'], '/routing/declared-page');
			assert.equal(page.headers.vary, 'Accept');
			const api = await call(request(app.app).get('/routing/declared-page').set('accept', '*/*'));
			assert.equal(api.text, 'declared-page endpoint');
			assert.equal(api.headers.vary, 'Accept');
		});

		it('route ids: a declared page with no folder of its own takes its paths from less specific endpoints', async () => {
			const app = await createApp({ options: { pages: ['/routing/declared-page', '/routing/host-page/[slug]'] } });
			const page = await call(request(app.app).get('/routing/host-page/x').set('accept', 'application/json'));
			assert.equal(page.headers['x-host-page'], '/routing/host-page/[slug]');
			const deeper = await call(request(app.app).get('/routing/host-page/a/b').set('accept', 'application/json'));
			assert.equal(deeper.text, '{"rest":"a/b"}');
		});

		it('a predicate', async () => {
			const app = await createApp({ options: { pages: (id) => id === '/routing/declared-page' } });
			const page = await call(request(app.app).get('/routing/declared-page').set('accept', 'text/html'));
			assert.equal(page.headers['x-host-page'], '/routing/declared-page');
			const other = await call(request(app.app).get('/routing/params-in-handle/x').set('accept', 'text/html'));
			assert.equal(other.headers['x-host-page'], undefined);
			assert.equal(other.status, 200);
		});
	});
});
