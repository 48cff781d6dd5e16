/**
 * The unexpected errors of one request, kept for the host app that asked for them
 * (`forwardErrors`) and handed to it once the response is sent: each has gone through
 * handleError already, and answered the client.
 */
import type { ServerResponse } from 'node:http';
import { coalesceToError } from './core/error-rules.js';

export class HostErrors {
	readonly #errors: Error[] = [];

	/** Takes an error for the host; as SvelteKit's handleError sees it, a thrown non-Error is wrapped. */
	readonly take = (error: unknown): void => {
		this.#errors.push(coalesceToError(error));
	};

	/**
	 * Calls `deliver` once the response is sent (or the connection closed), if the request had
	 * unexpected errors by then: a body that fails while streaming is one of them.
	 */
	afterResponse(res: ServerResponse, deliver: (errors: Error[]) => void): void {
		const done = () => {
			if (this.#errors.length) deliver(this.#errors.splice(0));
		};
		if (res.closed) done();
		else res.once('close', done);
	}
}
