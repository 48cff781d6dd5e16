/**
 * A Fetch Response given to Koa to send, through Koa's own response: ctx.status, the headers and
 * ctx.body. The middleware upstream then sees the endpoint's response once `await next()`
 * returns, and may change it (compress it, add an ETag, a session cookie), as any other.
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { koaBody, koaBodyOfParts, ResponseBodyStream, type KoaBody } from './koa-body.js';
import type { KoaContext } from './koa.js';
import { drainRequest } from './node/drain.js';
import type { WriteRules } from './node/index.js';
import { lightParts, type HeaderView } from './node/light-response.js';

/**
 * Answers through Koa's own response (ctx.status, headers, ctx.body), so that the middleware
 * upstream sees the endpoint's response once `await next()` returns and may change it, and
 * Koa sends it. Only a body that fails before its first byte cannot: the connection is ended,
 * as SvelteKit's status line would already be out.
 */
export async function answer(
	ctx: KoaContext,
	response: Response,
	rules: WriteRules,
	onError: (error: unknown) => void = logBodyError
): Promise<void> {
	const light = lightParts(response);
	if (ctx.res.headersSent || ctx.res.destroyed) {
		// the host already answered, or the client left: never answer twice
		if (!light && response.body && !response.body.locked) void response.body.cancel().catch(noop);
		return;
	}
	const head = ctx.method === 'HEAD';
	const body = light ? koaBodyOfParts(light, head, rules, ctx.res) : await koaBody(response, head, rules, ctx.res, onError);
	const headers = light?.headers ?? response.headers;
	// a request body the endpoint left unread, within bounds, once the response body no longer
	// reads from it: before Node's own unbounded drain, which starts when the response finishes
	const drain = () => drainRequest(ctx.req, ctx.res);
	if (body instanceof ResponseBodyStream) body.once('close', drain);
	else drain();
	if (isFailure(body)) {
		ctx.respond = false;
		ctx.res.destroy();
		onError(body.failed);
		return;
	}
	const hostType = ctx.has('content-type');
	ctx.status = response.status;
	setBody(ctx, body, headers);
	try {
		setHeaders(ctx, headers, hostType);
	} catch (error) {
		refuseHeaders(ctx, body, error);
		return;
	}
	if (body instanceof ResponseBodyStream) quietWhenCutShort(ctx, body);
}

function setBody(ctx: KoaContext, body: Exclude<KoaBody, { failed: unknown }>, headers: HeaderView): void {
	if (Buffer.isBuffer(body) && nonAsciiDisposition(headers)) {
		// Node garbles a non-ASCII Content-Disposition sent with res.end(bytes), which is how Koa
		// sends a buffer (as of Node 26): as one streamed chunk of known length, it goes out intact
		ctx.body = Readable.from([body], { objectMode: false });
		ctx.set('content-length', String(body.length));
	} else ctx.body = body;
	// a HEAD answer whose length is unknown sends none, rather than Koa's 0 for ''
	if (body === '') ctx.remove('content-length');
}

function isFailure(body: KoaBody): body is { failed: unknown } {
	return typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof Readable);
}

/**
 * The Response's headers over those Koa and the host set: its content-type exactly (none when it
 * has none and the host set none), every Set-Cookie line separate after the host's.
 */
function setHeaders(ctx: KoaContext, headers: HeaderView, hostType: boolean): void {
	headers.forEach((value, name) => {
		if (name !== 'set-cookie') ctx.set(name, value);
	});
	const cookies = headers.getSetCookie();
	if (cookies.length) ctx.append('set-cookie', cookies);
	const type = headers.get('content-type');
	if (type === null && !hostType) ctx.remove('content-type');
	if (nonAsciiDisposition(headers)) lengthLast(ctx.res);
	// as adapter-node: keep proxies such as nginx from buffering server-sent events
	if (type === 'text/event-stream') ctx.set('x-accel-buffering', 'no');
}

function nonAsciiDisposition(headers: HeaderView): boolean {
	const disposition = headers.get('content-disposition');
	return disposition !== null && /[^ -~\t]/.test(disposition);
}

/**
 * Node also garbles a non-ASCII Content-Disposition that comes after a Content-Length, set here
 * with the body, before the Response's headers. Set again, the length comes last, where later
 * changes of its value keep it.
 */
function lengthLast(res: ServerResponse): void {
	const length = res.getHeader('content-length');
	if (length === undefined) return;
	res.removeHeader('content-length');
	res.setHeader('content-length', length);
}

/** A header Node refuses (a bad character in a value): a bare 500 saying why, as the writer's. */
function refuseHeaders(ctx: KoaContext, body: KoaBody, error: unknown): void {
	if (body instanceof ResponseBodyStream) body.destroy();
	for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
	ctx.status = 500;
	ctx.body = Buffer.from(String(error));
	ctx.remove('content-type');
}

const STREAM_ENDINGS = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED', 'ECONNRESET', 'EPIPE']);

/**
 * Koa 3 reports a streamed body that ends before its response as an error. A client leaving an
 * event stream is no error, and a body that failed was reported already, through handleError.
 */
function quietWhenCutShort(ctx: KoaContext, body: ResponseBodyStream): void {
	const report = ctx.onerror;
	ctx.onerror = function (this: KoaContext, error: unknown) {
		const code = (error as { code?: unknown } | null)?.code;
		if (body.cutShort && typeof code === 'string' && STREAM_ENDINGS.has(code)) return;
		report.call(this, error);
	};
}

function logBodyError(error: unknown): void {
	console.error('kit-endpoints: a response body failed after its headers were sent:', error);
}

function noop(): void {}
