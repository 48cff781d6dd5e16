/**
 * SvelteKit 3's own errors (its src/messages): a code, the sentence, and the page that explains
 * it, on three lines, named `SvelteKit error` so that logs tell them from the app's.
 *
 * @example
 * ```ts
 * diagnostic('header_already_set', '`x-a` header is already set').message;
 * // 'header_already_set\n`x-a` header is already set\nhttps://svelte.dev/e/kit/header_already_set'
 * ```
 */
export function diagnostic(code: string, text: string, options?: ErrorOptions): Error {
	const error = new Error(diagnosticText(code, text), options);
	error.name = 'SvelteKit error';
	return error;
}

/** The message of {@link diagnostic}, for where a string is wanted. */
export function diagnosticText(code: string, text: string): string {
	return `${code}\n${text}\nhttps://svelte.dev/e/kit/${code}`;
}
