// What the bridge contract runs on: a bare node:http server whose requests wait for the test
// that expects them (the test answers through the bridge under test, with no host framework in
// between), Node-like requests fed by hand, and raw clients. Not a spec file.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { listen, type Listening } from '../support/helpers.js';

export interface Arrival {
	req: IncomingMessage;
	res: ServerResponse;
	/** the URL an adapter would give the bridge */
	url: string;
}

export interface BridgeServer extends Listening {
	/** the next request for `path` (query left out), for the test to answer; call it before sending */
	next(path: string): Promise<Arrival>;
	/** connections accepted so far */
	readonly connections: number;
}

export async function bridgeServer(): Promise<BridgeServer> {
	const waiting = new Map<string, ((arrival: Arrival) => void)[]>();
	let connections = 0;
	const listening = await listen((req, res) => {
		const target = req.url ?? '/';
		const path = target.split('?')[0]!;
		const take = waiting.get(path)?.shift();
		// a request no test asked for must not hang its client
		if (take) take({ req, res, url: `http://${req.headers.host ?? 'bridge.test'}${target}` });
		else res.writeHead(404).end(`no test waits for ${path}`);
	});
	listening.server.on('connection', () => void connections++);
	// outlive the client's keep-alive sockets, so that a reused socket is never closed under a request
	listening.server.keepAliveTimeout = 30_000;
	return {
		...listening,
		get connections() {
			return connections;
		},
		next: (path) =>
			new Promise((resolve) => {
				const queue = waiting.get(path) ?? [];
				queue.push(resolve);
				waiting.set(path, queue);
			})
	};
}

/** A request whose body the test writes by hand: the readable side is what the bridge reads. */
export interface FakeRequest extends PassThrough {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	httpVersionMajor: number;
	httpVersionMinor: number;
	complete: boolean;
}

export function fakeRequest(method: string, headers: IncomingHttpHeaders, httpVersionMajor = 1): FakeRequest {
	return Object.assign(new PassThrough(), {
		method,
		url: '/',
		headers,
		httpVersionMajor,
		httpVersionMinor: httpVersionMajor === 1 ? 1 : 0,
		complete: false
	});
}

/** A fake request as the bridge takes it. */
export function asNode(fake: FakeRequest): IncomingMessage {
	return fake as unknown as IncomingMessage;
}

/** An HTTP/1.1 request as text. */
export function requestText(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
	const lines = Object.entries({ host: 'app.test', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
	return `${method} ${target} HTTP/1.1\r\n${lines.join('')}\r\n${body}`;
}

/** Connects and writes `text`. */
export function connect(port: number, text: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1', () => {
			socket.off('error', reject);
			socket.write(text);
			resolve(socket);
		});
		socket.once('error', reject);
	});
}

/** Every piece of data the socket receives until the server closes it, as it came. */
export function pieces(socket: net.Socket): Promise<Buffer[]> {
	return new Promise((resolve) => {
		const received: Buffer[] = [];
		socket.on('data', (data: Buffer) => void received.push(data));
		socket.on('error', () => {});
		socket.on('close', () => resolve(received));
	});
}

/** The whole body of a request, read as a body parser earlier in the app would. */
export async function readAll(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Waits for the event loop to come round once. */
export function turn(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
