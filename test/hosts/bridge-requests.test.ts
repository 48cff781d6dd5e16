// event.request is what Fetch code expects of a Request wherever it goes: sent on through
// event.fetch, copied with new Request(), sent out with fetch(), its headers changed after a read.
import assert from 'node:assert/strict';
import path from 'node:path';
import { restoreGlobals } from '../../src/node/light-globals.js';
import { FIXTURES, listen, rawRequest, type Listening } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

const ROUTES = path.join(FIXTURES, 'bridge-requests', 'routes');

/** A server that answers with what it was sent. */
function upstream(): Promise<Listening> {
	return listen((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			res.setHeader('content-type', 'application/json');
			res.end(
				JSON.stringify({
					method: req.method,
					url: req.url,
					added: req.headers['x-added'] ?? null,
					custom: req.headers['x-custom'] ?? null,
					body
				})
			);
		});
	});
}

for (const lightGlobals of [false, true]) {
	describeHosts(`event.request sent on${lightGlobals ? ', with lightGlobals' : ''}`, (host) => {
		let t: TestApp;
		let echo: Listening;
		before(async () => {
			t = await host.createApp({ routes: ROUTES, options: { lightGlobals } });
			echo = await upstream();
		});
		after(() => {
			if (lightGlobals) restoreGlobals();
			return echo.close();
		});

		it('fetch(event.request): sent as it is, a header set on it first', async () => {
			const res = await rawRequest(`${t.origin}/again`, {
				method: 'PATCH',
				headers: { 'content-type': 'text/plain', origin: t.origin },
				body: 'patch body'
			});
			assert.equal(res.status, 200, res.text);
			assert.deepEqual(JSON.parse(res.text), { method: 'PATCH', hop: 'again', body: 'patch body' });
		});

		it('event.fetch(event.request): the same method and body, with a header set after another was read', async () => {
			const res = await rawRequest(`${t.origin}/relay`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: t.origin },
				body: '{"a":[1,2]}'
			});
			assert.equal(res.status, 200, res.text);
			assert.deepEqual(JSON.parse(res.text), {
				hop: 'set after a read',
				sub: true,
				method: 'POST',
				type: 'application/json',
				body: { a: [1, 2] }
			});
		});

		it('fetch(new Request(upstream, event.request)): method, headers (one set after a read) and body go out', async () => {
			const res = await rawRequest(`${t.origin}/forward`, {
				method: 'POST',
				headers: { 'content-type': 'text/plain', origin: t.origin, 'x-upstream': `${echo.origin}/to?q=1`, 'x-custom': 'kept' },
				body: 'the body'
			});
			assert.equal(res.status, 200, res.text);
			assert.deepEqual(JSON.parse(res.text), {
				method: 'POST',
				url: '/to?q=1',
				added: 'after a read',
				custom: 'kept',
				body: 'the body'
			});
		});

		it('new Request(event.request), then fetch() of a Request made from it', async () => {
			const res = await rawRequest(`${t.origin}/forward`, {
				method: 'PUT',
				headers: { 'content-type': 'text/plain', origin: t.origin, 'x-upstream': `${echo.origin}/put`, 'x-custom': 'kept' },
				body: 'put body'
			});
			assert.equal(res.status, 200, res.text);
			assert.deepEqual(JSON.parse(res.text), { method: 'PUT', url: '/put', added: null, custom: 'kept', body: 'put body' });
		});
	});
}
