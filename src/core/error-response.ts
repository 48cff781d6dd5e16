/**
 * The one place a thrown value becomes a Response. SvelteKit's rules (runtime/server/utils.js,
 * respond.js): an `error()` answers with its own status and body and is not reported; a
 * `redirect()` answers with its location; anything else goes through `handleError` and answers
 * 500, or the status of a client error the framework itself detected.
 */
import { renderError } from '../error-page.js';
import { RequestError } from '../errors.js';
import { asHttpError, asRedirect, json, text } from '../kit/index.js';
import { prefersJson } from '../negotiate.js';
import type { Semantics } from '../semantics/profile.js';
import type { AppHooks } from '../server-hooks.js';
import type { RequestEvent } from '../types.js';

export class ErrorPolicy {
	readonly #hooks: AppHooks;
	readonly #semantics: Semantics;
	readonly #template: string;

	constructor(hooks: AppHooks, semantics: Semantics, template: string) {
		this.#hooks = hooks;
		this.#semantics = semantics;
		this.#template = template;
	}

	/** SvelteKit's handle_fatal_error: the error's status and body, as JSON or as the error page. */
	async respond(thrown: unknown, event: RequestEvent, accept: string | undefined): Promise<Response> {
		const format = prefersJson(accept) ? 'json' : 'html';
		const httpError = asHttpError(thrown);
		if (httpError) {
			return this.#render(httpError.status, this.#semantics.httpErrorBody(httpError.status, httpError.body), format);
		}
		const error = coalesceToError(thrown);
		const status = error instanceof RequestError ? error.status : 500;
		const message = error instanceof RequestError ? error.text : this.#semantics.messages.internalError;
		return this.#render(status, await this.report(error, event, status, message), format);
	}

	/** A request refused before it has an event (malformed URI, no Host): always the error page. */
	async refuseRequest(error: RequestError, event: RequestEvent): Promise<Response> {
		const body = await this.report(error, event, error.status, error.text);
		try {
			return renderError(error.status, body, 'html', this.#template);
		} catch {
			return text(error.text, { status: error.status });
		}
	}

	/** handleError's body for an unexpected error; a failing hook must not fail the response. */
	async report(error: unknown, event: RequestEvent, status: number, message: string): Promise<Record<string, unknown>> {
		try {
			return (await this.#hooks.handleError({ error, event, status, message })) ?? this.#semantics.errorBody(status, message);
		} catch (failure) {
			console.error('handleError threw while handling an error:', failure, '\nThe original error:', error);
			return this.#semantics.errorBody(status, message);
		}
	}

	/** An error that has happened once the response is out: reported, answered by nobody. */
	reportLate(error: unknown, event: RequestEvent): void {
		void this.report(error, event, 500, this.#semantics.messages.internalError);
	}

	#render(status: number, body: Record<string, unknown>, format: 'json' | 'html'): Response {
		try {
			return renderError(status, body, format, this.#template);
		} catch (error) {
			// a handleError body without a string message cannot fill the page: SvelteKit fails too
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

/** The response a thrown value asks for when it is a redirect; undefined for anything else. */
export function thrownRedirect(thrown: unknown): Response | undefined {
	const redirect = asRedirect(thrown);
	return redirect && redirectResponse(redirect.status, redirect.location);
}

/** As SvelteKit: Errors and `{ name, message }` objects are kept; anything else is wrapped. */
function coalesceToError(thrown: unknown): Error {
	try {
		if (thrown instanceof Error) return thrown;
		const candidate = thrown as { name?: unknown; message?: unknown } | null;
		if (candidate && typeof candidate === 'object' && candidate.name && candidate.message) return candidate as Error;
		return new Error(JSON.stringify(thrown));
	} catch {
		return new Error('A value that cannot be described was thrown');
	}
}
