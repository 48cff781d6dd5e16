/**
 * The one place a thrown value becomes a Response. SvelteKit's rules (runtime/server/utils.js,
 * respond.js, errors.js): an `error()` answers with its own status and body; a `redirect()`
 * answers with its location; anything else answers 500, or the status of a client error the
 * framework itself detected. What `handleError` changes follows the profile's ErrorRules.
 */
import { renderError } from '../error-page.js';
import { RequestError } from '../errors.js';
import { json, recogniseHttpError, recogniseRedirect, text } from '../kit/index.js';
import { prefersJson } from '../negotiate.js';
import type { Semantics } from '../semantics/profile.js';
import type { AppHooks } from '../server-hooks.js';
import type { RequestEvent } from '../types.js';
import { isRequestError, type CaughtError, type SettledError } from './error-rules.js';
import type { Incoming } from './incoming.js';

/** What the policy needs of the request an error happened in: its Accept, and who else hears of it. */
export type ErrorSource = Pick<Incoming, 'header' | 'unexpected'>;

export class ErrorPolicy {
	readonly #hooks: AppHooks;
	readonly #semantics: Semantics;
	readonly #template: string;
	readonly #dev: boolean;

	constructor(hooks: AppHooks, semantics: Semantics, template: string, dev = false) {
		this.#hooks = hooks;
		this.#semantics = semantics;
		this.#template = template;
		this.#dev = dev;
	}

	/** SvelteKit's handle_fatal_error: the error's status and body, as JSON or as the error page. */
	async respond(thrown: unknown, event: RequestEvent, source: ErrorSource): Promise<Response> {
		const format = prefersJson(source.header('accept')) ? 'json' : 'html';
		const { status, body } = await this.#settle(thrown, event, source);
		return this.#render(status, body, format);
	}

	/** A request refused before it has an event (malformed URI, no Host): always the error page. */
	async refuseRequest(error: RequestError, event: RequestEvent): Promise<Response> {
		const { status, body } = await this.#settle(error, event, undefined);
		try {
			return renderError(status, body, 'html', this.#template);
		} catch {
			return text(error.text, { status: error.status });
		}
	}

	/** An error that has happened once the response is out: reported, answered by nobody. */
	reportLate(error: unknown, event: RequestEvent, source: ErrorSource): void {
		void this.#settle(error, event, source);
	}

	/**
	 * What the profile's rules and the app's handleError make of a thrown value. An unexpected
	 * one also goes to the host, when it asked for them.
	 */
	#settle(thrown: unknown, event: RequestEvent, source: ErrorSource | undefined): Promise<SettledError> {
		const caught = this.#catch(thrown);
		if (caught.kind === 'unknown') source?.unexpected?.(thrown);
		return this.#semantics.errors.settle(caught, event, this.#hooks.handleError, this.#dev);
	}

	/** SvelteKit's sorting: error() keeps its status and body; a client error found here, its own. */
	#catch(thrown: unknown): CaughtError {
		const semantics = this.#semantics;
		const httpError = recogniseHttpError(thrown);
		if (httpError) {
			const { status, body } = httpError;
			return { kind: 'app', thrown, status, body: semantics.httpErrorBody(status, body, httpError) };
		}
		if (isRequestError(thrown)) {
			return { kind: 'framework', thrown, status: thrown.status, body: semantics.errorBody(thrown.status, thrown.text) };
		}
		return { kind: 'unknown', thrown, status: 500, body: semantics.errorBody(500, semantics.messages.internalError) };
	}

	#render(status: number, body: Record<string, unknown>, format: 'json' | 'html'): Response {
		try {
			if (format === 'json' && this.#semantics.errors.jsonLength === 'measured') return Response.json(body, { status });
			return renderError(status, body, format, this.#template);
		} catch (error) {
			// a handleError body without a string message (or a status no response can have)
			// cannot be answered: SvelteKit fails too
			console.error('kit-endpoints: cannot render the error page:', error);
			return text('Internal Server Error', { status: 500 });
		}
	}
}

/** A refusal with a short message, as JSON to a client that asks for exactly that, else text. */
export function refusal(status: number, message: string, accept: string | undefined): Response {
	return accept === 'application/json' ? json({ message }, { status }) : text(message, { status });
}

/** The response to a redirect, whether thrown by `redirect()` or made by the framework. */
export function redirectResponse(status: number, location: string, headers?: Record<string, string>): Response {
	return new Response(undefined, { status, headers: { ...headers, location } });
}

/**
 * The response a thrown value asks for when it is a redirect; undefined for anything else. A
 * redirect of this package's `redirect()` first meets the profile's rule for external locations:
 * its refusal is thrown, as SvelteKit 3's `redirect()` would have thrown it.
 */
export function thrownRedirect(thrown: unknown, semantics: Semantics, event: RequestEvent): Response | undefined {
	const redirect = recogniseRedirect(thrown);
	if (!redirect) return undefined;
	if (redirect.options) {
		const refusal = semantics.redirectRefusal(redirect.location, redirect.options, () => originOf(event));
		if (refusal) throw refusal;
	}
	return redirectResponse(redirect.status, redirect.location);
}

/** The origin SvelteKit resolves redirects against: the current request's. */
function originOf(event: RequestEvent): string | undefined {
	try {
		return new URL(event.request.url).origin;
	} catch {
		return undefined;
	}
}
