// Streaming response bodies over a real socket (rules §6.2): binary streams, streams that fail,
// non-Uint8Array chunks, a client leaving mid-stream. rules §8 rows 15, 16.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { call, captureConsole, deferred, rawRequest } from '../support/helpers.js';
import { describeHosts, type TestApp } from '../support/hosts.js';

/** Resolves with how the client saw the exchange end: a complete body, or the error it got. */
async function outcome(url: string): Promise<{ complete: boolean; error?: string; status?: number }> {
	let status: number | undefined;
	try {
		await rawRequest(url, { onResponse: (res) => (status = res.statusCode) });
		return { complete: true, status };
	} catch (error) {
		return { complete: false, error: (error as Error).message, status };
	}
}

describeHosts('streaming responses', (host) => {
	let t: TestApp;
	const cancelled: unknown[] = [];
	let onCancel = deferred<unknown>();

	before(async () => {
		t = await host.createApp({
			before: [
				({ locals }) => {
					locals.onCancel = (reason: unknown) => {
						cancelled.push(reason);
						onCancel.resolve(reason);
					};
				}
			]
		});
	});

	it('body can be a binary ReadableStream (row 15)', async () => {
		const res = await call(request(t.app).get('/endpoint-output/stream'));
		assert.equal(res.status, 200);
		assert.equal(res.body.byteLength, 256 * 1024);
		assert.equal(createHash('sha256').update(res.body).digest('base64url'), res.headers.digest);
	});

	it('a stream that fails before its first byte: socket hang up (row 15), and the server keeps serving', async () => {
		const { result } = await captureConsole(() => outcome(`${t.origin}/endpoint-output/stream-throw-error`));
		assert.equal(
			result.complete,
			false,
			`got a complete ${result.status} response; the host's error handler saw: ${t.hostErrors.map(String).join(', ') || 'nothing'}`
		);
		assert.equal(result.error, 'socket hang up');
		const next = await rawRequest(`${t.origin}/endpoint-output/body`);
		assert.equal(next.status, 200);
		assert.equal(next.text, '{}');
	});

	it('a stream that fails mid-way: the connection is cut, and the server keeps serving', async () => {
		const { result } = await captureConsole(() => outcome(`${t.origin}/endpoint-output/stream-error-midway`));
		assert.equal(result.complete, false, 'the client must not see a clean end of the body');
		const next = await rawRequest(`${t.origin}/endpoint-output/body`);
		assert.equal(next.status, 200);
	});

	it('stream can be canceled with TypeError (row 16)', async () => {
		const id = `t${Date.now()}`;
		const before = await rawRequest(`${t.origin}/endpoint-output/stream-typeerror?what=${id}`);
		assert.equal(before.text, 'null');

		const { result } = await captureConsole(() => outcome(`${t.origin}/endpoint-output/stream-typeerror?id=${id}`));
		assert.equal(result.complete, false);

		const after = await rawRequest(`${t.origin}/endpoint-output/stream-typeerror?what=${id}`);
		assert.equal(after.text, 'TypeError');
	});

	it('a client that leaves mid-stream cancels the stream', async () => {
		onCancel = deferred<unknown>();
		const client = rawRequest(`${t.origin}/endpoint-output/stream-forever`, {
			onResponse: (res) => res.once('data', () => res.destroy())
		});
		await assert.rejects(client);
		await onCancel.promise;
		assert.equal(cancelled.length, 1);
		const next = await rawRequest(`${t.origin}/endpoint-output/body`);
		assert.equal(next.status, 200);
	});

	it('server-sent events arrive as they are sent, with x-accel-buffering: no', async () => {
		const res = await rawRequest(`${t.origin}/event-stream`);
		assert.equal(res.headers['content-type'], 'text/event-stream');
		assert.equal(res.headers['x-accel-buffering'], 'no');
		assert.equal(res.text, 'data: one\n\ndata: two\n\n');
	});

	it('HEAD of a streamed body sends headers only', async () => {
		const res = await rawRequest(`${t.origin}/endpoint-output/stream`, { method: 'HEAD' });
		assert.equal(res.status, 200);
		assert.equal(res.text, '');
		assert.ok(res.headers.digest);
	});
});
