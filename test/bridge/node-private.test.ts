// The two places the writer reads what Node does not document, each with a correct slower path
// when it is gone: these tests make a Node release that takes one away fail here, loudly, rather
// than only slow the writer down.
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { knownBody } from '../../src/bodies.js';

const major = Number(process.versions.node.split('.')[0]);

describe("what the writer reads of Node's insides", () => {
	it('undici keeps a Response’s string source where the writer looks for it on Node 20 and 22, and hides it from 24 on', () => {
		const source = knownBody(new Response('kept'));
		if (major < 24) assert.equal(source, 'kept');
		else assert.equal(source, undefined);
	});

	it('a ServerResponse holds its head as a string once writeHead has run (the ASCII check of text bodies)', async () => {
		let head: unknown;
		const server = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/plain' });
			head = (res as http.ServerResponse & { _header?: unknown })._header;
			res.end('ok');
		});
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		const { port } = server.address() as { port: number };
		await (await fetch(`http://127.0.0.1:${port}/`)).text();
		server.close();
		assert.equal(typeof head, 'string');
		assert.match(head as string, /^HTTP\/1\.1 200 OK\r\n/);
	});
});
