// What the client receives of a Response, in both modes (rules §6.2): text chunks, header bytes,
// and the content-length each SvelteKit major sends (kit 3: exports/node/index.js's setResponse
// behind runtime/server/instance.js, which drops HEAD bodies).
import assert from 'node:assert/strict';
import { rawRequest, ROUTES } from '../support/helpers.js';
import { describeHosts, EXPRESS_HOSTS, KOA_HOSTS, type TestApp } from '../support/hosts.js';
import { kit3Routes, skipBelowKit3Node } from '../support/kit3-fixtures.js';

const HOSTS = [...EXPRESS_HOSTS, ...KOA_HOSTS];

const MODES = [
	{ kit: 2 as const, routes: ROUTES, chunks: '/endpoint-output/text-chunks' },
	{ kit: 3 as const, routes: kit3Routes('requests'), chunks: '/text-chunks' }
];

for (const mode of MODES) {
	describeHosts(
		`kit ${mode.kit}: what the client receives`,
		(host) => {
			if (mode.kit === 3) skipBelowKit3Node();
			let t: TestApp;
			before(async () => {
				t = await host.createApp({ routes: mode.routes, options: { kit: mode.kit } });
			});

			it('a stream of text chunks is written as UTF-8, as adapter-node writes it', async () => {
				const whole = await rawRequest(`${t.origin}${mode.chunks}?chunk=h%C3%A9llo`);
				assert.equal(whole.status, 200);
				assert.equal(whole.text, 'héllo');
				assert.equal(whole.headers['content-length'], String(Buffer.byteLength('héllo')));

				const live = await rawRequest(`${t.origin}${mode.chunks}?live&chunk=one,&chunk=tw%C3%B6,&chunk=three`);
				assert.equal(live.text, 'one,twö,three');
				assert.equal(live.headers['transfer-encoding'], 'chunked');
			});

			it('header values with latin-1 characters go out as the same bytes', async () => {
				for (const body of ['string', 'bytes', 'stream']) {
					const res = await rawRequest(`${t.origin}/headers/latin1?body=${body}`);
					assert.equal(res.status, 200, body);
					// Node's client reads header bytes as latin-1: UTF-8 would show as `cafÃ©`
					assert.equal(res.headers['x-latin'], 'caf\u00e9', body);
					assert.equal(res.headers['content-disposition'], 'attachment; filename="r\u00e9sum\u00e9.txt"', body);
					assert.equal(res.headers['x-set-headers'], '\u00fcber', body);
					assert.equal(res.text, 'x', body);
				}
			});
		},
		HOSTS
	);
}

describeHosts(
	'kit 3: content-length as SvelteKit 3 sets it',
	(host) => {
		skipBelowKit3Node();
		let t: TestApp;
		before(async () => {
			t = await host.createApp({ routes: kit3Routes('requests'), options: { kit: 3 } });
		});

		// body → [GET content-length, HEAD content-length]; the GET body is always `hello` or JSON
		const table: [string, string | undefined, string | undefined][] = [
			['string', '5', undefined],
			['bytes', '5', undefined],
			['once', '5', undefined],
			['late-close', undefined, undefined],
			['two', undefined, undefined],
			['later', undefined, undefined],
			['json', '17', '17'],
			['text', '5', '5'],
			['declared', '5', '5']
		];
		for (const [body, get, head] of table) {
			it(`${body}: GET ${get ?? 'none'}, HEAD ${head ?? 'none'}`, async () => {
				const got = await rawRequest(`${t.origin}/length?body=${body}`);
				assert.equal(got.status, 200);
				assert.equal(got.headers['content-length'], get);
				if (get === undefined) assert.equal(got.headers['transfer-encoding'], 'chunked');
				assert.equal(got.text, body === 'json' ? '{"hello":"world"}' : 'hello');

				const headed = await rawRequest(`${t.origin}/length?body=${body}`, { method: 'HEAD' });
				assert.equal(headed.status, 200);
				assert.equal(headed.headers['content-length'], head);
				assert.equal(headed.headers['transfer-encoding'], undefined);
				assert.equal(headed.body.length, 0);
			});
		}
	},
	HOSTS
);

describeHosts(
	'kit 2: content-length for HEAD as for GET (README)',
	(host) => {
		let t: TestApp;
		before(async () => {
			t = await host.createApp({ options: { kit: 2 } });
		});

		it('a body complete at once: HEAD gets the length GET gets', async () => {
			for (const path of ['/endpoint-output/plain-response', '/endpoint-output/text-chunks?chunk=hello']) {
				const got = await rawRequest(`${t.origin}${path}`);
				const headed = await rawRequest(`${t.origin}${path}`, { method: 'HEAD' });
				assert.ok(got.headers['content-length'], path);
				assert.equal(headed.headers['content-length'], got.headers['content-length'], path);
				assert.equal(headed.body.length, 0);
			}
		});
	},
	HOSTS
);
