/**
 * The bytes a Response's body holds when they can be had without reading its stream, so that
 * a writer can send them with their length in one write. Fetch gives no public way to see them.
 */
import { lightParts } from './node/light-response.js';

/** Responses made by json() and text(), with the text or bytes their stream holds. */
const KNOWN_BODIES = new WeakMap<Response, Uint8Array | string>();

// Node 20 and 22's undici keep a Response's source (string or bytes) beside its stream; Node 24's
// keeps it private. Where it can be seen, a body is written without going through the stream.
const UNDICI_STATE = Object.getOwnPropertySymbols(new Response('')).find((s) => s.description === 'state');

/**
 * Records that `response`'s stream holds exactly `body` (none when undefined), which must not
 * change afterwards. A light Response (the `lightGlobals` option) is written from its own parts.
 */
export function rememberBody(response: Response, body: Uint8Array | string | undefined): Response {
	if (body !== undefined && !lightParts(response)) KNOWN_BODIES.set(response, body);
	return response;
}

/** The bytes of a body that need not be read through its stream, when they can be had. */
export function knownBody(response: Response): Uint8Array | string | undefined {
	if (response.bodyUsed || response.body === null || response.body.locked) return undefined;
	const known = KNOWN_BODIES.get(response);
	if (known !== undefined) return known;
	if (UNDICI_STATE === undefined) return undefined;
	const source = (response as unknown as Record<symbol, { body?: { source?: unknown } } | undefined>)[UNDICI_STATE]?.body?.source;
	return typeof source === 'string' || source instanceof Uint8Array ? source : undefined;
}
