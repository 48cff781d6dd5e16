// The Request the bridge builds, used as Fetch code uses a Request: read twice, copied, cloned,
// its stream taken. Each answer is compared with what undici's own Request gives for the same use.
import assert from 'node:assert/strict';
import { nodeBridge } from '../../src/node/index.js';
import { installLightGlobals, restoreGlobals } from '../../src/node/light-globals.js';
import { asNode, fakeRequest } from './harness.js';

const OPTIONS = { bodySizeLimit: 1024 * 1024 };

/** The bridge's Request for a POST of `body`, and undici's own for the same. */
function pair(body: string): { bridge: Request; undici: Request } {
	const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-a': '1' };
	const source = fakeRequest('POST', headers);
	const bridge = nodeBridge.request(asNode(source), undefined, 'http://app.test/p', OPTIONS);
	source.end(body);
	const undici = new Request('http://app.test/p', { method: 'POST', headers, body });
	return { bridge, undici };
}

/** The error a promise rejects with (or a function throws), as name and message. */
async function failure(run: () => unknown): Promise<string> {
	try {
		await run();
	} catch (error) {
		return `${(error as Error).name}: ${(error as Error).message}`;
	}
	assert.fail('did not fail');
}

for (const light of [false, true]) {
	describe(`bridge requests used as Fetch Requests${light ? ', with lightGlobals' : ''}`, () => {
		if (light) {
			before(installLightGlobals);
			after(restoreGlobals);
		}

		it('is a Request; bodyUsed turns true once the body is read, as undici says', async () => {
			const { bridge, undici } = pair('{"x":1}');
			assert.ok(bridge instanceof Request);
			assert.equal(Object.prototype.toString.call(bridge), '[object Request]');
			assert.equal(bridge.bodyUsed, false);
			assert.deepEqual(await bridge.json(), await undici.json());
			assert.equal(bridge.bodyUsed, undici.bodyUsed);
			assert.equal(bridge.bodyUsed, true);
		});

		for (const [first, second] of [
			['json', 'text'],
			['text', 'arrayBuffer'],
			['arrayBuffer', 'json'],
			['blob', 'formData']
		] as const) {
			it(`${first}() then ${second}(): the second fails as undici's does`, async () => {
				const { bridge, undici } = pair('{"x":1}');
				await bridge[first]().catch(() => {});
				await undici[first]().catch(() => {});
				assert.equal(await failure(() => bridge[second]()), await failure(() => undici[second]()));
			});
		}

		it('new Request() of a Request already read: refused as undici refuses it', async () => {
			const { bridge, undici } = pair('{}');
			await bridge.text();
			await undici.text();
			assert.equal(await failure(() => new Request(bridge)), await failure(() => new Request(undici)));
		});

		it('new Request() and clone() before a read: each copy has the method, headers and body', async () => {
			const { bridge } = pair('{"copied":true}');
			bridge.headers.set('x-b', '2');
			const copy = new Request(bridge);
			assert.equal(copy.method, 'POST');
			assert.equal(copy.headers.get('x-a'), '1');
			assert.equal(copy.headers.get('x-b'), '2');
			assert.deepEqual(await copy.json(), { copied: true });

			const { bridge: other } = pair('{"cloned":true}');
			const clone = other.clone();
			assert.deepEqual(await clone.json(), { cloned: true });
			assert.deepEqual(await other.json(), { cloned: true });
		});

		it('the body stream taken first: the methods read through it, and fail as undici once it is locked', async () => {
			const { bridge, undici } = pair('{"s":1}');
			const reader = bridge.body!.getReader();
			undici.body!.getReader();
			assert.equal(await failure(() => bridge.text()), await failure(() => undici.text()));
			const { value } = await reader.read();
			assert.equal(Buffer.from(value!).toString(), '{"s":1}');
		});

		it('bytes(), blob() and formData() read whole give what undici gives', async () => {
			const form = 'a=1&b=%C3%A9';
			const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(form.length) };
			const read = async <T>(method: (request: Request) => Promise<T>) => {
				const source = fakeRequest('POST', headers);
				const bridge = nodeBridge.request(asNode(source), undefined, 'http://app.test/', OPTIONS);
				source.end(form);
				return [
					await method(bridge),
					await method(new Request('http://app.test/', { method: 'POST', headers, body: form }))
				] as const;
			};
			// Node 20's types do not know Request.bytes() yet
			const [bytes, undiciBytes] = await read((r) => (r as Request & { bytes(): Promise<Uint8Array> }).bytes());
			assert.ok(bytes instanceof Uint8Array);
			assert.deepEqual([...bytes], [...undiciBytes]);
			const [blob, undiciBlob] = await read((r) => r.blob());
			assert.equal(blob.type, undiciBlob.type);
			assert.equal(await blob.text(), await undiciBlob.text());
			const [data, undiciData] = await read((r) => r.formData());
			assert.deepEqual([...data], [...undiciData]);
		});
	});
}
