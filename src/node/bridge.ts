import type { IncomingMessage, ServerResponse } from 'node:http';
import { lightRequest, lightRequests } from './light-request.js';
import { createRequest } from './request.js';
import { writeResponse } from './response.js';

export { MEASURED_HEAD } from './response.js';

/** Where a body parser leaves what it read: `req` in Express, `ctx.request` in Koa. */
export interface ParsedBody {
	body?: unknown;
	rawBody?: unknown;
}

export interface BridgeRequestOptions {
	/** bytes a request body may have: reading more fails with a 413 RequestError */
	bodySizeLimit: number;
	/** where a body parser that ran earlier left the body it read; `req` itself when not given */
	parsed?: ParsedBody;
}

/**
 * What may differ in how a Response is written. Bodies complete at once (strings, bytes, a
 * stream whose one chunk is there within the tick) get a content-length on GET either way.
 */
export interface WriteRules {
	/**
	 * The content-length of a HEAD answer: `'measured'`, the length the GET body would have, by
	 * the rule above; `'declared'`, only a length the Response's own headers give, its body left
	 * unread (SvelteKit 3 drops HEAD bodies before adapter-node sees them: runtime/server/instance.js).
	 */
	readonly headLength: 'measured' | 'declared';
}

/**
 * All the adapters need of Node: a Fetch Request for a Node request, and a Fetch Response
 * written to Node. Any implementation must pass the contract tests in test/bridge/, which
 * describe what a user sees of it.
 */
export interface NodeBridge {
	/**
	 * The Fetch Request for a Node request: called only when a handler first reads
	 * `event.request`, so routes that never look at it pay nothing for it. The body streams
	 * from the socket as the handler reads it; its signal aborts when the client leaves first
	 * (noticed through `res`, or `req` without one).
	 *
	 * @throws {RequestError} 400 for a request Fetch cannot represent (TRACE, CONNECT...)
	 */
	request(req: IncomingMessage, res: ServerResponse | undefined, url: string, options: BridgeRequestOptions): Request;
	/**
	 * Writes the Response to Node and resolves when done, whatever happened to the client. A
	 * body failing after its headers went out ends the connection and goes to `onBodyError`
	 * (logged when not given). A request body left unread is drained, within bounds. `rules`
	 * default to MEASURED_HEAD (`headLength: 'measured'`).
	 */
	write(
		req: IncomingMessage,
		res: ServerResponse,
		response: Response,
		onBodyError?: (error: unknown) => void,
		rules?: WriteRules
	): Promise<void>;
}

/** The bridge over Node's own `http` objects and undici's Fetch classes. */
export const nodeBridge: NodeBridge = {
	// with the lightGlobals option, a light Request, unless a body parser read the body first
	request: (req, res, url, options) => (lightRequests() && lightRequest(req, res, url, options)) || createRequest(req, res, url, options),
	write: writeResponse
};
