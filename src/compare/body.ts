import type { IncomingMessage } from 'node:http';

/** Where a body parser that ran earlier left the body, besides having consumed the stream. */
interface ParsedRequest extends IncomingMessage {
	_body?: boolean;
	body?: unknown;
}

/** Whether the request has a body still in its stream, unread by any body parser. */
export function hasUnreadBody(req: ParsedRequest, parsed: { body?: unknown }): boolean {
	if (req.readableEnded || req._body === true || parsed.body !== undefined) return false;
	const length = req.headers['content-length'];
	return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads the whole body of a request and puts it back into the request's stream, so that
 * whoever reads the request next reads it all, as if nobody had. Resolves with the body, or
 * undefined when it is larger than `limit` or the client gave up (the part read is put back
 * all the same).
 *
 * This relies on `unshift` being allowed until `'end'` is emitted: the HTTP parser marks the
 * request `complete` before it pushes the end of the stream, so when `complete` is set and the
 * buffer is empty, everything has been read and `'end'` is not out yet.
 */
export function readAndKeepBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const finish = (body: Buffer | undefined) => {
			req.off('readable', onReadable).off('error', onFailure).off('close', onFailure);
			const all = Buffer.concat(chunks, size);
			if (size > 0 && !req.destroyed) req.unshift(all);
			resolve(body && all);
		};
		const onFailure = () => finish(undefined);
		const onReadable = () => {
			// read only what is there: a read() of an empty, ended stream would schedule its 'end'
			while (req.readableLength > 0) {
				const chunk = req.read() as Buffer;
				chunks.push(chunk);
				size += chunk.length;
				if (size > limit) return finish(undefined);
			}
			if (req.complete) finish(Buffer.alloc(0));
		};
		req.on('readable', onReadable).on('error', onFailure).on('close', onFailure);
	});
}
