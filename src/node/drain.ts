import type { IncomingMessage, ServerResponse } from 'node:http';

/** An unread request body is drained after the response up to this size, then the socket is closed. */
const DRAIN_LIMIT = 1024 * 1024;
const DRAIN_TIMEOUT = 5000;

/** How to stop feeding each request body stream that may still be listening to its request. */
const detachers = new WeakMap<IncomingMessage, () => void>();

/**
 * Called by whatever streams a request's body: `detach` stops that stream taking the socket's
 * data, so that draining can have it once the response is sent.
 */
export function setBodyDetach(req: IncomingMessage, detach: () => void): void {
	detachers.set(req, detach);
}

/** The body stream no longer listens to the request (it ended, failed or was cancelled). */
export function clearBodyDetach(req: IncomingMessage): void {
	detachers.delete(req);
}

/**
 * A request body the handler did not read must still leave the socket before the next
 * request on a keep-alive connection can be parsed. Read and discard it, within bounds;
 * past them, close the connection instead.
 */
export function drainRequest(req: IncomingMessage, res: ServerResponse): void {
	// a body still on its way: Node would read all of it, however large
	if (req.complete || req.readableEnded || req.destroyed || !hasBody(req)) return;
	detachers.get(req)?.();
	let left = DRAIN_LIMIT;
	const timer = setTimeout(() => req.destroy(), DRAIN_TIMEOUT).unref();
	const onData = (chunk: Buffer) => {
		left -= chunk.length;
		if (left < 0) req.destroy();
	};
	req.on('data', onData);
	req.once('close', () => {
		clearTimeout(timer);
		req.off('data', onData);
	});
	if (!res.writableFinished) res.once('finish', () => req.resume());
	else req.resume();
}

function hasBody(req: IncomingMessage): boolean {
	const length = req.headers['content-length'];
	return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
