// What kit 3 mode answers for the cases of test/fixtures/kit3/errors/cases.js, whichever
// helpers throw them: kit-endpoints' own (kit3-errors.test.ts) or @sveltejs/kit 3's
// (kit3-real-errors.test.ts). Not a spec file.

/** SvelteKit 3's diagnostic for `code`, as its message reads */
export const diagnostic = (code: string, text: string) => `${code}\n${text}\nhttps://svelte.dev/e/kit/${code}`;
export const INTERNAL = '{"status":500,"message":"Internal Error"}';

// [case, status, JSON body] for error() in each form, and what else goes wrong in a handler
export const ERROR_CASES: [string, number, string][] = [
	['teapot', 418, '{"status":418,"message":"teapot"}'],
	['properties', 400, '{"code":"X","status":400,"message":"obj"}'],
	['properties-override', 400, '{"status":400,"message":"obj","code":"Z"}'],
	['object', 400, '{"code":"X","status":400,"message":"obj"}'],
	['object-status', 400, '{"status":400,"message":"obj"}'],
	['no-message', 401, '{"code":"Y","status":401,"message":"Error: 401"}'],
	['bare', 402, '{"status":402,"message":"Error: 402"}'],
	['bare-properties', 403, '{"code":"W","status":403,"message":"Error: 403"}'],
	['invalid-status', 500, INTERNAL],
	['throw-error', 500, INTERNAL],
	['throw-string', 500, INTERNAL],
	['non-response', 500, INTERNAL],
	['throw-proxy', 500, INTERNAL],
	['throw-revoked-proxy', 500, INTERNAL],
	['throw-error-getters', 500, INTERNAL]
];

/** [case, status, location] of redirects that go; the other cases are refused with a 500 */
export function allowedRedirects(origin: string): [string, number, string][] {
	return [
		['relative', 303, '/elsewhere'],
		['path-relative', 303, '../elsewhere'],
		['same-origin', 302, `${origin}/elsewhere`],
		['same-origin-url', 302, `${origin}/elsewhere?x=1`],
		['external-true', 302, 'https://example.com/'],
		['external-listed', 307, 'https://example.com/a?b'],
		['javascript-listed', 302, 'javascript:alert(1)']
	];
}

// [case, diagnostic code] of the redirects SvelteKit 3 refuses
export const REFUSED_REDIRECTS: [string, string][] = [
	['external', 'redirect_external_not_allowed'],
	['protocol-relative', 'redirect_external_not_allowed'],
	['other-port', 'redirect_external_not_allowed'],
	['other-protocol', 'redirect_external_not_allowed'],
	['external-unlisted', 'redirect_external_not_in_allowlist'],
	['external-listed-other-protocol', 'redirect_external_not_in_allowlist'],
	['external-invalid-option', 'redirect_external_option_invalid'],
	['javascript-true', 'redirect_external_javascript'],
	['data-true', 'redirect_external_javascript']
];
