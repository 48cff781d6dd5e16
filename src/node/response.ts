import type { IncomingMessage, ServerResponse } from 'node:http';
import { knownBody } from '../bodies.js';
import type { WriteRules } from './bridge.js';
import { checkChunk, LOCKED_BODY, probe, type Chunk, type Reader, type ReadResult, type Start } from './body-start.js';
import { drainRequest } from './drain.js';
import { lightParts, type HeaderView, type ResponseParts } from './light-response.js';

/** HEAD answers carry the length the GET body would have, when it is known at once. */
export const MEASURED_HEAD: WriteRules = { headLength: 'measured' };

/**
 * Writes a Fetch Response to Node. Headers set earlier in the host app stay unless the
 * Response sets the same one; Set-Cookie lines add up. A body that is complete within one
 * tick (strings, bytes, short streams) goes out in one write with a content-length; other
 * bodies stream with backpressure and stop when the client leaves. Resolves when done.
 */
export function writeResponse(
	req: IncomingMessage,
	res: ServerResponse,
	response: Response,
	onError: (error: unknown) => void = logBodyError,
	rules: WriteRules = MEASURED_HEAD
): Promise<void> {
	const light = lightParts(response);
	return light ? writeLight(req, res, light, rules) : writeFetchResponse(req, res, response, onError, rules);
}

/** A real Response: its headers, then its body, known at once or read from its stream. */
async function writeFetchResponse(
	req: IncomingMessage,
	res: ServerResponse,
	response: Response,
	onError: (error: unknown) => void,
	rules: WriteRules
): Promise<void> {
	const body = response.body;
	if (res.headersSent || res.destroyed) {
		// the host already answered, or the client left: never write twice
		if (body && !body.locked) void body.cancel().catch(noop);
		return;
	}

	try {
		setHeaders(res, response.headers);
	} catch (error) {
		for (const name of res.getHeaderNames()) res.removeHeader(name);
		res.writeHead(500).end(String(error));
		if (body && !body.locked) void body.cancel().catch(noop);
		return;
	}

	try {
		if (req.method === 'HEAD' && rules.headLength === 'declared') {
			// the body is not read: only a length the Response declares goes out
			if (body && !body.locked) void body.cancel().catch(noop);
			res.writeHead(response.status).end();
			return;
		}
		const known = knownBody(response);
		if (known !== undefined) end(res, response.status, noBodyFor(req, response.status), known);
		else await writeBody(req, res, response.status, body as ReadableStream<Chunk> | null, onError);
	} finally {
		drainRequest(req, res);
	}
}

/**
 * A light Response (the `lightGlobals` option) whose parts are still as given: its string or
 * bytes, its header lines, written as they are. Nothing here awaits.
 */
function writeLight(req: IncomingMessage, res: ServerResponse, { status, headers, body }: ResponseParts, rules: WriteRules): Promise<void> {
	if (res.headersSent || res.destroyed) return DONE;
	try {
		setHeaders(res, headers);
	} catch (error) {
		for (const name of res.getHeaderNames()) res.removeHeader(name);
		res.writeHead(500).end(String(error));
		return DONE;
	}
	if (body === null || (req.method === 'HEAD' && rules.headLength === 'declared')) res.writeHead(status).end();
	else end(res, status, noBodyFor(req, status), body);
	drainRequest(req, res);
	return DONE;
}

const DONE = Promise.resolve();

function setHeaders(res: ServerResponse, headers: HeaderView): void {
	let cookies: string[] | undefined;
	// one pass: Headers gives each Set-Cookie line on its own
	headers.forEach((value, name) => {
		if (name === 'set-cookie') (cookies ??= []).push(value);
		else {
			res.setHeader(name, value);
			// as adapter-node: keep proxies such as nginx from buffering server-sent events
			if (name === 'content-type' && value === 'text/event-stream') res.setHeader('x-accel-buffering', 'no');
		}
	});
	if (cookies) {
		const earlier = res.getHeader('set-cookie');
		res.setHeader('set-cookie', earlier === undefined ? cookies : [...[earlier].flat().map(String), ...cookies]);
	}
}

async function writeBody(
	req: IncomingMessage,
	res: ServerResponse,
	status: number,
	body: ReadableStream<Chunk> | null,
	onError: (error: unknown) => void
): Promise<void> {
	if (!body) {
		res.writeHead(status).end();
		return;
	}
	if (body.locked) {
		res.writeHead(status).end(LOCKED_BODY);
		return;
	}

	const reader = body.getReader();
	const noBody = noBodyFor(req, status);
	let start: Start;
	try {
		start = await probe(reader);
	} catch (error) {
		// as SvelteKit, whose status line is already out by then: the client sees the
		// connection end, never a response that looks complete
		fail(res, reader, error, onError);
		return;
	}
	if (start.whole !== undefined) return end(res, status, noBody, start.whole);

	res.writeHead(status);
	if (noBody) {
		res.end();
		return void reader.cancel().catch(noop);
	}
	res.flushHeaders();
	await stream(res, reader, start, onError);
}

/** The rest of a live body, chunk by chunk, at the pace the client reads. */
async function stream(res: ServerResponse, reader: Reader, start: Start, onError: (error: unknown) => void): Promise<void> {
	let cancelled = false;
	const onClose = () => {
		if (res.writableFinished) return;
		// the client left mid-response: let the stream's cancel() stop its source
		cancelled = true;
		void reader.cancel().catch(noop);
	};
	res.once('close', onClose);
	const flush = (res as ServerResponse & { flush?: () => void }).flush;
	const buffered = start.buffered ?? [];
	let pending = start.pending;
	// what the probe read, then the read it left pending, then the rest
	const nextRead = (): ReadResult | Promise<ReadResult> => {
		const result = buffered.shift() ?? pending ?? reader.read();
		if (result === pending) pending = undefined;
		return result;
	};

	try {
		for (;;) {
			const result = await nextRead();
			if (result.done) break;
			if (cancelled) return;
			checkChunk(result.value);
			// compression() buffers: each chunk of a live stream must go out as it comes
			if (!res.write(result.value)) await drained(res);
			else flush?.call(res);
			if (cancelled) return;
		}
		res.end();
	} catch (error) {
		if (cancelled) return;
		// the status line is out: all that is left is to end the connection and say why once
		fail(res, reader, error, onError);
	} finally {
		res.off('close', onClose);
	}
}

/**
 * The whole body at once, with its length: one write for headers and body. Node writes a string
 * body in one piece with the head, as UTF-8, which would re-encode latin-1 header values that it
 * otherwise sends byte for byte: text goes out as a string only after a head that is all ASCII.
 */
function end(res: ServerResponse, status: number, noBody: boolean, whole: Chunk | undefined): void {
	const length = whole === undefined ? 0 : typeof whole === 'string' ? Buffer.byteLength(whole) : whole.byteLength;
	if (!res.hasHeader('content-length') && !res.hasHeader('transfer-encoding') && status !== 204 && status !== 304) {
		res.setHeader('content-length', length);
	}
	res.writeHead(status);
	if (noBody || !length) res.end();
	else if (typeof whole === 'string') res.end(asciiHead(res) ? whole : Buffer.from(whole));
	else res.end(whole);
}

// eslint-disable-next-line no-control-regex -- every byte outside ASCII, control characters included
const NON_ASCII = /[^\x00-\x7f]/;

/** Whether the head Node built (its long-standing `_header`, which compression reads too) is all ASCII. */
function asciiHead(res: ServerResponse): boolean {
	const head = (res as ServerResponse & { _header?: unknown })._header;
	return typeof head === 'string' && !NON_ASCII.test(head);
}

function noBodyFor(req: IncomingMessage, status: number): boolean {
	return req.method === 'HEAD' || status === 204 || status === 304;
}

function drained(res: ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done).off('close', done);
			resolve();
		};
		res.on('drain', done).on('close', done);
	});
}

/**
 * Ends the connection of a response whose body failed, reporting the error once. The socket is
 * destroyed without the error: Koa would report an error given to it a second time.
 */
function fail(res: ServerResponse, reader: Reader, error: unknown, onError: (error: unknown) => void): void {
	void reader.cancel(error).catch(noop);
	res.destroy();
	onError(error);
}

function logBodyError(error: unknown): void {
	console.error('kit-endpoints: a response body failed after its headers were sent:', error);
}

function noop(): void {}
