import type { IncomingMessage } from 'node:http';

/**
 * Whether the request has a body still in its stream, unread by any body parser: a parser that
 * read it ended the stream (and body-parser 1.x flags `_body`). koa-bodyparser sets an empty
 * `body` for types it leaves alone, whose stream is still unread.
 */
export function hasUnreadBody(req: IncomingMessage & { _body?: boolean }): boolean {
	if (req.readableEnded || req._body === true) return false;
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
