/**
 * How a caught error becomes the status and body of a response, what `handleError` has to say
 * about it, and the hook an app has when it brings none: SvelteKit 2's way (runtime/server/
 * utils.js) and SvelteKit 3's (runtime/server/errors.js). The semantics profile picks one.
 */
import { styleText } from 'node:util';
import { RequestError } from '../errors.js';
import { diagnostic, diagnosticText } from '../kit/diagnostic.js';
import type { HandleServerError, RequestEvent } from '../types.js';

/** `app`: thrown by `error()`; `framework`: a client error the runtime found; `unknown`: the rest */
export type ErrorKind = 'app' | 'framework' | 'unknown';

/** An error on its way to a response, sorted as SvelteKit sorts it. */
export interface CaughtError {
	kind: ErrorKind;
	thrown: unknown;
	/** the status and body SvelteKit answers with before handleError has its say */
	status: number;
	body: Record<string, unknown>;
}

export interface SettledError {
	status: number;
	body: Record<string, unknown>;
}

export interface ErrorRules {
	/** The response's status and body, once handleError had its say; never rejects. */
	settle(caught: CaughtError, event: RequestEvent, handleError: HandleServerError, dev: boolean): Promise<SettledError>;
	/** What an app's unexpected errors go through when it has no handleError of its own. */
	readonly defaultHandleError: HandleServerError;
	/**
	 * Whether a JSON error body declares its length: SvelteKit 2 makes it with `json()`, SvelteKit 3
	 * with `Response.json()`, which leaves the length to the writer (so a HEAD answer has none).
	 */
	readonly jsonLength: 'declared' | 'measured';
}

type HookInput = Parameters<HandleServerError>[0];

/** SvelteKit 2 (rules §5.5): error() skips the hook; its answer replaces the body; the status stays. */
export const kit2ErrorRules: ErrorRules = Object.freeze({
	jsonLength: 'declared',
	async settle(caught: CaughtError, event: RequestEvent, handleError: HandleServerError): Promise<SettledError> {
		const { status, body } = caught;
		if (caught.kind === 'app') return caught;
		const error = coalesceToError(caught.thrown);
		try {
			return { status, body: (await handleError({ error, event, status, message: body.message as string })) ?? body };
		} catch (failure) {
			console.error('handleError threw while handling an error:', failure, '\nThe original error:', error);
			return { status, body };
		}
	},

	/** One log line with the status, method and path, then the stack (none for a 404). */
	defaultHandleError({ error, event, status }: HookInput) {
		let where = '';
		try {
			where = `${event.request.method} ${event.url.pathname}`;
		} catch {
			// a request without a usable URL: the log line goes without it
		}
		const header = boldRed(`[${status}] ${where}`);
		if (status === 404) console.error(header);
		else console.error(`${header}\n${stackOf(error)}`);
	}
});

/**
 * SvelteKit 3: every error goes through the hook, told what `kind` it is; what the hook returns
 * is merged over the body, `status` included, which then is the response's; a failing hook
 * leaves the status and an `Internal Error`.
 */
export const kit3ErrorRules: ErrorRules = Object.freeze({
	jsonLength: 'measured',
	async settle(caught: CaughtError, event: RequestEvent, handleError: HandleServerError, dev: boolean): Promise<SettledError> {
		const fallback = caught.body;
		const input = { kind: caught.kind, error: caught.kind === 'unknown' ? caught.thrown : fallback, event };
		if (dev) addDeprecatedProperties(input, fallback);
		let body: Record<string, unknown>;
		try {
			// what it omits, or all of it when it returns nothing, is the body's
			body = { ...fallback, ...((await handleError(input as unknown as HookInput)) as object | undefined) };
		} catch (failure) {
			logHookFailure(caught, failure);
			return { status: caught.status, body: { status: caught.status, message: 'Internal Error' } };
		}
		return { status: body.status as number, body };
	},

	/** Logs the stack of an unexpected error and of each of its causes; nothing for the others. */
	defaultHandleError(input: HookInput) {
		const { kind, error } = input;
		if (kind !== 'unknown') return;
		try {
			let cause = error;
			for (; cause instanceof Error; cause = cause.cause) {
				if (cause.stack) console.error(cause.stack);
			}
			if (cause) console.error(String(cause));
		} catch {
			// a hostile value (a revoked proxy, a throwing getter) is still reported, once
			console.error('Error (a value that cannot be described was thrown)');
		}
	}
});

/** In dev, SvelteKit 3 still answers the hook's former `status` and `message`, with a warning. */
function addDeprecatedProperties(input: object, fallback: Record<string, unknown>): void {
	const deprecated = (name: 'status' | 'message', instead: string) => ({
		get() {
			const code = `handle_error_${name}_deprecated`;
			console.warn(`[sveltekit] ${diagnosticText(code, `The \`${name}\` property of \`handleError\` is deprecated. ${instead}`)}`);
			return fallback[name];
		}
	});
	Object.defineProperties(input, {
		status: deprecated('status', 'Use `error.status` for expected and framework errors, or `500` for unexpected errors.'),
		message: deprecated(
			'message',
			"Use `error.message` for expected and framework errors, or `'Internal Error'` for unexpected errors."
		)
	});
}

function logHookFailure(caught: CaughtError, failure: unknown): void {
	const report = diagnostic('handle_error_hook_failed', 'The `handleError` hook failed', { cause: coalesceToError(failure) });
	// the diagnostic and its cause; a stack of the runtime's own frames would say nothing
	report.stack = `${report.name}: ${report.message}`;
	console.error(report);
	const { thrown } = caught;
	if (isRequestError(thrown)) console.error(`Original error: ${thrown.status} ${thrown.text}: ${thrown.message}`);
	else {
		try {
			console.error('Original error:', thrown);
		} catch {
			console.error('Original error: a value that cannot be described');
		}
	}
}

/** A client error the runtime found; a hostile value (a revoked proxy) is none. */
export function isRequestError(value: unknown): value is RequestError {
	try {
		return value instanceof RequestError;
	} catch {
		return false;
	}
}

/** As SvelteKit: Errors and `{ name, message }` objects are kept; anything else is wrapped. */
export function coalesceToError(thrown: unknown): Error {
	try {
		if (thrown instanceof Error) return thrown;
		const candidate = thrown as { name?: unknown; message?: unknown } | null;
		if (candidate && typeof candidate === 'object' && candidate.name && candidate.message) return candidate as Error;
		return new Error(JSON.stringify(thrown));
	} catch {
		return new Error('A value that cannot be described was thrown');
	}
}

/**
 * Bold red where stderr is a terminal that takes colour, plain text in files and pipes, as
 * NO_COLOR and FORCE_COLOR say. One style per call: Node 20's styleText ignores the stream for a
 * list of styles, and would colour a pipe.
 */
function boldRed(text: string): string {
	const options = { stream: process.stderr };
	return styleText('bold', styleText('red', text, options), options);
}

function stackOf(error: unknown): string {
	try {
		return String((error as { stack?: unknown })?.stack ?? error);
	} catch {
		return 'Error (its stack cannot be read)';
	}
}
