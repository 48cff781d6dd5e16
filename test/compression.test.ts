import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { endpoints } from '../src/index.js';

const routes = fileURLToPath(new URL('./fixtures/compression/routes', import.meta.url));

describe('behind compression()', () => {
	it('flushes each chunk of a live stream, so an event arrives before the stream ends', async () => {
		const app = express();
		app.use(compression());
		app.use(endpoints(routes));
		const server = http.createServer(app).listen(0, '127.0.0.1');
		try {
			await new Promise((resolve) => server.once('listening', resolve));
			const { port } = server.address() as AddressInfo;
			const first = await new Promise<{ encoding: string | undefined; text: string }>((resolve, reject) => {
				const deadline = setTimeout(() => {
					req.destroy();
					reject(new Error('no event arrived: the chunk was not flushed'));
				}, 3000);
				const req = http.get({ port, host: '127.0.0.1', path: '/events', headers: { 'accept-encoding': 'gzip' } }, (res) => {
					const gunzip = zlib.createGunzip();
					res.pipe(gunzip);
					gunzip.once('data', (chunk: Buffer) => {
						clearTimeout(deadline);
						resolve({ encoding: res.headers['content-encoding'], text: chunk.toString() });
						req.destroy();
					});
					gunzip.on('error', () => {});
				});
				req.on('error', reject);
			});
			assert.equal(first.encoding, 'gzip');
			assert.equal(first.text, 'data: first\n\n');
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
