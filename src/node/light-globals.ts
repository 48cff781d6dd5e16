/**
 * The `lightGlobals` option: the light global Response and Request, and the fetch that knows the
 * light Request, in place of Node's, process-wide. `instanceof Response` and `instanceof Request`
 * hold for light and real objects alike, either way round.
 */
import { installLightRequest, restoreRequest } from './light-request.js';
import { installLightResponse, restoreResponse } from './light-response.js';

export function installLightGlobals(): void {
	installLightResponse();
	installLightRequest();
}

/** Node's own Response, Request and fetch again (for tests: objects made meanwhile stay light). */
export function restoreGlobals(): void {
	restoreResponse();
	restoreRequest();
}
