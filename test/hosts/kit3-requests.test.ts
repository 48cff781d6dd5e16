// Requests in `kit: 3` mode, as SvelteKit 3.2.0 answers them (runtime/server/respond.js,
// csrf.js, endpoint.js, constants.js): the CSRF rule, reserved query keys, a page and an endpoint
// on one route, and QUERY requests; with the SvelteKit 2 answers they replace pinned beside them.
import assert from 'node:assert/strict';
import type http from 'node:http';
import { rawRequest, type RawOptions, type Reply } from '../support/helpers.js';
import { describeHosts, EXPRESS_HOSTS, KOA_HOSTS, type TestApp } from '../support/hosts.js';
import { kit3Routes, skipBelowKit3Node } from '../support/kit3-fixtures.js';

const HOSTS = [...EXPRESS_HOSTS, ...KOA_HOSTS];
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const FOREIGN = 'https://evil.example';

function send(t: TestApp, method: string, path: string, headers: http.OutgoingHttpHeaders = {}, extra: RawOptions = {}): Promise<Reply> {
	// Node's client frames the body of a DELETE only with a length given
	const length = extra.body === undefined || 'content-length' in headers ? {} : { 'content-length': Buffer.byteLength(extra.body) };
	return rawRequest(`${t.origin}${path}`, { method, headers: { ...length, ...headers }, ...extra });
}

/** Did the host's page answer (the middleware passed the request on)? */
function byPage(res: Reply): boolean {
	return res.headers['x-host-page'] !== undefined;
}

/** The path a relative or absolute `location` leads to. */
function target(res: Reply, from: string): string {
	const url = new URL(String(res.headers.location), `http://app.test${from}`);
	return url.pathname + url.search;
}

describeHosts(
	'kit 3: requests',
	(host) => {
		skipBelowKit3Node();
		let t: TestApp;
		before(async () => {
			t = await host.createApp({
				routes: kit3Routes('requests'),
				options: { kit: 3, csrf: { trustedOrigins: ['https://trusted.example'] } }
			});
		});

		describe('CSRF (csrf.js)', () => {
			const forbidden = (method: string) => `Cross-site ${method} form submissions are forbidden`;

			it('POST, PUT, PATCH and DELETE without a content-type, or with an empty one, count as forms', async () => {
				for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
					for (const headers of [{}, { 'content-type': '' }, { 'content-type': '', origin: FOREIGN }, { origin: FOREIGN }]) {
						const res = await send(t, method, '/csrf', headers, { body: 'a=1' });
						const label = `${method} ${JSON.stringify(headers)}`;
						assert.equal(res.status, 403, label);
						assert.equal(res.text, forbidden(method), label);
						assert.equal(res.headers['content-type'], undefined, label);
					}
				}
			});

			it('a form or text/plain body without an Origin is refused like a foreign one', async () => {
				for (const type of [
					'application/x-www-form-urlencoded',
					'multipart/form-data; boundary=x',
					'text/plain',
					'application/x-sveltekit-formdata'
				]) {
					const res = await send(t, 'POST', '/csrf', { 'content-type': type }, { body: 'a=1' });
					assert.equal(res.status, 403, type);
					assert.equal(res.text, forbidden('POST'), type);
				}
			});

			it('answers JSON when Accept is exactly application/json', async () => {
				const res = await send(t, 'DELETE', '/csrf', { accept: 'application/json' });
				assert.equal(res.status, 403);
				assert.match(String(res.headers['content-type']), /^application\/json/);
				assert.deepEqual(JSON.parse(res.text), { message: forbidden('DELETE') });
				const not = await send(t, 'DELETE', '/csrf', { accept: 'application/json, text/plain' });
				assert.equal(not.text, forbidden('DELETE'));
			});

			it('lets through the same origin, trusted origins, and content types that are not forms', async () => {
				for (const headers of [
					{ origin: t.origin },
					{ origin: 'https://trusted.example' },
					{ 'content-type': 'application/json', origin: FOREIGN },
					{ 'content-type': 'application/json' }
				]) {
					const res = await send(t, 'POST', '/csrf', headers, { body: '{}' });
					assert.equal(res.status, 200, JSON.stringify(headers));
					assert.equal(res.text, 'ok');
				}
				const form = await send(t, 'POST', '/csrf', { 'content-type': 'text/plain', origin: FOREIGN }, { body: 'x' });
				assert.equal(form.status, 403);
			});

			it('does not check QUERY, nor GET', async () => {
				for (const headers of [{}, { 'content-type': 'application/x-www-form-urlencoded', origin: FOREIGN }]) {
					const query = await send(t, 'QUERY', '/csrf', headers, { body: 'a=1' });
					assert.equal(query.status, 200, JSON.stringify(headers));
					assert.equal(query.text, 'ok');
				}
				assert.equal((await send(t, 'GET', '/csrf', { origin: FOREIGN })).status, 200);
			});

			it('runs before the 405', async () => {
				const refused = await send(t, 'POST', '/csrf/get-only');
				assert.equal(refused.status, 403);
				assert.equal(refused.text, forbidden('POST'));
				const allowed = await send(t, 'POST', '/csrf/get-only', { origin: t.origin });
				assert.equal(allowed.status, 405);
				assert.equal(allowed.headers.allow, 'GET, HEAD');
			});
		});

		describe('reserved query keys (respond.js)', () => {
			const refusal = (key: string) => `Cannot use reserved query parameter "${key}"`;

			it('a key starting with x-sveltekit-: 400, as text with its length', async () => {
				const res = await send(t, 'GET', '/reserved?a=1&x-sveltekit-foo=1&x-sveltekit-bar');
				assert.equal(res.status, 400);
				assert.equal(res.text, refusal('x-sveltekit-foo'));
				assert.equal(res.headers['content-length'], String(refusal('x-sveltekit-foo').length));
				assert.equal(res.headers['content-type'], undefined);
			});

			it('keys are compared decoded', async () => {
				const cases: [string, string][] = [
					['%78-sveltekit-a=1', 'x-sveltekit-a'],
					['x%2Dsveltekit-b', 'x-sveltekit-b'],
					['x-sveltekit-a+b=1', 'x-sveltekit-a b'],
					['x-sveltekit-=1', 'x-sveltekit-']
				];
				for (const [query, key] of cases) {
					const res = await send(t, 'GET', `/reserved?${query}`);
					assert.equal(res.status, 400, query);
					assert.equal(res.text, refusal(key), query);
				}
			});

			it('values, other cases and `x-sveltekit` without the dash pass', async () => {
				const res = await send(t, 'GET', '/reserved?a=x-sveltekit-foo&X-SvelteKit-b=1&x-sveltekit=2&%78-sveltekiT-c');
				assert.equal(res.status, 200);
				assert.deepEqual(JSON.parse(res.text), ['a', 'X-SvelteKit-b', 'x-sveltekit', 'x-sveltekiT-c']);
			});

			it('after the CSRF check, before the trailing-slash 308 and the page', async () => {
				const csrf = await send(t, 'POST', '/reserved?x-sveltekit-a=1', { 'content-type': 'text/plain' }, { body: 'x' });
				assert.equal(csrf.status, 403);
				const slash = await send(t, 'GET', '/reserved/?x-sveltekit-a=1');
				assert.equal(slash.status, 400);
				const page = await send(t, 'GET', '/shared/full?x-sveltekit-a=1', { accept: BROWSER });
				assert.equal(page.status, 400);
				assert.equal(byPage(page), false);
				const pageSlash = await send(t, 'GET', '/shared/full/?x-sveltekit-a=1', { accept: BROWSER });
				assert.equal(pageSlash.status, 400);
			});
		});

		describe('a page and an endpoint on one route (respond.js)', () => {
			it('GET, HEAD and POST the endpoint cannot handle go to the page, whatever the Accept', async () => {
				for (const accept of ['*/*', 'application/json', BROWSER]) {
					const get = await send(t, 'GET', '/shared/post-only', { accept });
					assert.equal(byPage(get), true, `GET ${accept}`);
					assert.equal(get.headers.vary, 'Accept', `GET ${accept}`);
					const head = await send(t, 'HEAD', '/shared/post-only', { accept });
					assert.equal(byPage(head), true, `HEAD ${accept}`);
					assert.equal(head.headers.vary, 'Accept', `HEAD ${accept}`);
					const post = await send(t, 'POST', '/shared/get-only', { accept, 'content-type': 'application/json' }, { body: '{}' });
					assert.equal(byPage(post), true, `POST ${accept}`);
					assert.equal(post.headers.vary, undefined, `POST ${accept}`);
				}
				const get = await send(t, 'GET', '/shared/head-only', { accept: '*/*' });
				assert.equal(byPage(get), true);
			});

			it('what the endpoint can handle stays with it', async () => {
				const post = await send(
					t,
					'POST',
					'/shared/post-only',
					{ accept: '*/*', 'content-type': 'application/json' },
					{ body: '{}' }
				);
				assert.equal(post.text, 'endpoint POST');
				const head = await send(t, 'HEAD', '/shared/get-only', { accept: '*/*' });
				assert.equal(head.headers['x-endpoint'], 'GET');
				assert.equal(head.headers.vary, 'Accept');
				const headOnly = await send(t, 'HEAD', '/shared/head-only', { accept: 'application/json' });
				assert.equal(headOnly.headers['x-endpoint'], 'HEAD');
				assert.equal(headOnly.headers.vary, 'Accept');
			});

			it('PUT stays with the endpoint: its 405', async () => {
				const res = await send(t, 'PUT', '/shared/post-only', { accept: BROWSER, origin: t.origin });
				assert.equal(res.status, 405);
				assert.equal(res.headers.allow, 'POST');
			});

			it('a fallback export keeps HEAD and POST (and GET)', async () => {
				for (const method of ['GET', 'HEAD', 'POST']) {
					const res = await send(
						t,
						method,
						'/shared/fallback',
						{ accept: '*/*', 'content-type': 'application/json' },
						{ body: method === 'POST' ? '{}' : undefined }
					);
					assert.equal(res.headers['x-endpoint'], 'fallback', method);
				}
				const page = await send(t, 'GET', '/shared/fallback', { accept: BROWSER });
				assert.equal(byPage(page), true);
			});

			it('QUERY always goes to the endpoint, even for HTML', async () => {
				const res = await send(t, 'QUERY', '/shared/query', { accept: BROWSER, 'content-type': 'text/plain' }, { body: 'q' });
				assert.equal(res.status, 200);
				assert.equal(res.text, 'endpoint QUERY q');
				assert.equal(res.headers.vary, undefined);
				const full = await send(t, 'QUERY', '/shared/full', { accept: BROWSER });
				assert.equal(full.status, 405);
				assert.equal(full.headers.allow, 'GET, POST, PUT, HEAD');
			});

			it('a method no page takes that prefers HTML: the page side’s 405', async () => {
				const res = await send(t, 'MOVE', '/shared/full', { accept: BROWSER });
				assert.equal(res.status, 405);
				assert.equal(res.text, 'MOVE method not allowed');
				assert.equal(res.headers.allow, 'GET, OPTIONS, HEAD');
				const actions = await send(t, 'MOVE', '/shared/actions', { accept: 'text/html' });
				assert.equal(actions.headers.allow, 'GET, POST, OPTIONS, HEAD');
				const endpoint = await send(t, 'MOVE', '/shared/full', { accept: '*/*' });
				assert.equal(endpoint.headers.allow, 'GET, POST, PUT, HEAD');
			});

			it('a page request with a trailing slash gets the 308 first', async () => {
				const res = await send(t, 'GET', '/shared/full/?x=1', { accept: BROWSER });
				assert.equal(res.status, 308);
				assert.equal(target(res, '/shared/full/?x=1'), '/shared/full?x=1');
				assert.equal(byPage(res), false);
			});
		});

		describe('QUERY requests', () => {
			const echo = (res: Reply) => JSON.parse(res.text) as { method: string; type: string | null; body: unknown };

			it('text, JSON, empty, chunked and untyped bodies', async () => {
				const text = await send(t, 'QUERY', '/query', { 'content-type': 'text/plain' }, { body: 'select *' });
				assert.equal(text.status, 200);
				assert.deepEqual(echo(text), { method: 'QUERY', type: 'text/plain', body: 'select *' });
				const json = await send(t, 'QUERY', '/query', { 'content-type': 'application/json' }, { body: '{"where":{"a":1}}' });
				assert.deepEqual(echo(json).body, { where: { a: 1 } });
				const empty = await send(t, 'QUERY', '/query', { 'content-type': 'text/plain', 'content-length': '0' });
				assert.deepEqual(echo(empty).body, '');
				const chunked = await send(t, 'QUERY', '/query', { 'content-type': 'text/plain' }, { chunks: ['one ', 'two ', 'three'] });
				assert.deepEqual(echo(chunked).body, 'one two three');
				const untyped = await send(t, 'QUERY', '/query', {}, { body: 'raw' });
				assert.deepEqual(echo(untyped), { method: 'QUERY', type: null, body: 'raw' });
			});

			it('HEAD runs GET; a 405 lists QUERY in Allow', async () => {
				const head = await send(t, 'HEAD', '/query');
				assert.equal(head.status, 200);
				assert.equal(head.body.length, 0);
				const put = await send(t, 'PUT', '/query', { origin: t.origin });
				assert.equal(put.status, 405);
				assert.equal(put.headers.allow, 'GET, QUERY, HEAD');
				const query = await send(t, 'QUERY', '/query/get-only');
				assert.equal(query.status, 405);
				assert.equal(query.text, 'QUERY method not allowed');
				assert.equal(query.headers.allow, 'GET, HEAD');
			});

			it('trailing-slash 308s apply', async () => {
				const never = await send(t, 'QUERY', '/query/?a=1', {}, { body: 'x' });
				assert.equal(never.status, 308);
				assert.equal(target(never, '/query/?a=1'), '/query?a=1');
				const always = await send(t, 'QUERY', '/query/slash-always', {}, { body: 'x' });
				assert.equal(always.status, 308);
				assert.equal(target(always, '/query/slash-always'), '/query/slash-always/');
				const there = await send(t, 'QUERY', '/query/slash-always/', {}, { body: 'x' });
				assert.equal(there.text, '/query/slash-always/ x');
			});
		});
	},
	HOSTS
);

describeHosts(
	'kit 2: the same requests, as SvelteKit 2 answers them',
	(host) => {
		let t: TestApp;
		before(async () => {
			t = await host.createApp({ options: { kit: 2 } });
		});

		it('CSRF: no content-type, or an empty one, is not a form', async () => {
			for (const headers of [{}, { 'content-type': '' }]) {
				const res = await send(t, 'POST', '/csrf', { ...headers, origin: FOREIGN }, { body: 'a=1' });
				assert.equal(res.status, 200, JSON.stringify(headers));
			}
		});

		it('query keys starting with x-sveltekit- are not reserved', async () => {
			const res = await send(t, 'GET', '/csrf?x-sveltekit-foo=1');
			assert.equal(res.status, 200);
		});

		it('a GET the endpoint cannot handle is its 405; HEAD answers get no Vary', async () => {
			const get = await send(t, 'GET', '/routing/post-only-with-page', { accept: '*/*' });
			assert.equal(get.status, 405);
			const head = await send(t, 'HEAD', '/routing/content-negotiation', { accept: '*/*' });
			assert.equal(head.status, 200);
			assert.equal(head.headers.vary, undefined);
			const page = await send(t, 'HEAD', '/routing/content-negotiation', { accept: BROWSER });
			assert.equal(byPage(page), true);
			assert.equal(page.headers.vary, undefined);
		});

		it('QUERY is no method of SvelteKit 2: a 405 without it in Allow, or the fallback', async () => {
			const res = await send(t, 'QUERY', '/allow/get-put');
			assert.equal(res.status, 405);
			assert.equal(res.headers.allow, 'GET, PUT, HEAD');
			const html = await send(t, 'QUERY', '/routing/content-negotiation', { accept: 'text/html' });
			assert.equal(html.status, 405);
			assert.equal(html.headers.allow, 'GET, POST, OPTIONS, HEAD');
		});
	},
	HOSTS
);
