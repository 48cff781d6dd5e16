// Error bodies: rules §5.2 (JSON), §5.3 (error.html, placeholders, escaping) and the bodies of
// the rules §5.7 error matrix.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultErrorTemplate, FALLBACK_ERROR_TEMPLATE, renderError, renderErrorPage, staticErrorPage } from '../src/error-page.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The default-error.html an installed SvelteKit ships. */
const shipped = (pkg: string) => fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'src/core/config/default-error.html'), 'utf8');

describe('error pages', () => {
	describe('renderErrorPage() escaping (rules §5.3)', () => {
		const template = '[%sveltekit.error.message%]';
		const ESCAPES: [string, string, string][] = [
			['plain text', 'Not Found', 'Not Found'],
			['ampersand', 'a & b', 'a &amp; b'],
			['less-than', '<script>alert(1)</script>', '&lt;script>alert(1)&lt;/script>'],
			['greater-than untouched', 'a > b', 'a > b'],
			['quotes untouched', `"double" 'single'`, `"double" 'single'`],
			['an entity is escaped again', '&amp;', '&amp;amp;'],
			['lone high surrogate', 'x\ud800y', 'x&#55296;y'],
			['lone low surrogate', 'x\udc00y', 'x&#56320;y'],
			['high surrogate at the end', 'x\udbff', 'x&#56319;'],
			['reversed pair is two lone ones', '\ude00\ud83d', '&#56832;&#55357;'],
			['valid pair kept', '😀', '😀'],
			['pair after a lone high surrogate', '\ud800😀', '&#55296;😀'],
			['non-ASCII kept', 'héllo ✓', 'héllo ✓'],
			['empty', '', ''],
			['dollar patterns literal', "$' $1 $$", "$' $1 $$"],
			['placeholder in the message stays literal', '%sveltekit.status%', '%sveltekit.status%']
		];
		for (const [name, message, expected] of ESCAPES) {
			it(name, () => {
				assert.equal(renderErrorPage(template, 500, message), `[${expected}]`);
			});
		}
	});

	describe("renderErrorPage() escaping, against SvelteKit's escaper", () => {
		it('agrees on random strings of special characters and surrogates', async () => {
			// an internal module: reached by path, and typed by hand
			const path = '../node_modules/@sveltejs/kit/src/utils/escape.js';
			const { escape_html } = (await import(path)) as { escape_html: (s: string) => string };
			const alphabet = ['&', '<', '>', '"', "'", 'a', 'é', '😀'];
			alphabet.push('\ud800', '\udbff', '\udc00', '\udfff');
			let seed = 42;
			const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
			for (let i = 0; i < 2000; i++) {
				let message = '';
				for (let n = Math.floor(random() * 12); n > 0; n--) {
					message += alphabet[Math.floor(random() * alphabet.length)];
				}
				const expected = escape_html(message);
				assert.equal(renderErrorPage('%sveltekit.error.message%', 500, message), expected);
			}
		});
	});

	describe('renderErrorPage() placeholders', () => {
		it('replaces every occurrence of both', () => {
			const template = '%sveltekit.status% %sveltekit.error.message% %sveltekit.status%/%sveltekit.error.message%';
			assert.equal(renderErrorPage(template, 404, 'a<b'), '404 a&lt;b 404/a&lt;b');
		});

		it('leaves other text, and near-miss placeholders, alone', () => {
			const template = '%sveltekit.body% %SVELTEKIT.STATUS% %sveltekit.status %sveltekit.error%';
			assert.equal(renderErrorPage(template, 500, 'x'), template);
		});

		it('does not expand a placeholder formed by the status and a neighbour', () => {
			// the status goes in first, so the message placeholder has lost its closing `%`
			const template = '%sveltekit.error.message%sveltekit.status%';
			assert.equal(renderErrorPage(template, 418, 'm'), '%sveltekit.error.message418');
		});

		it('works on a template without placeholders', () => {
			assert.equal(renderErrorPage('<p>oops</p>', 500, 'x'), '<p>oops</p>');
		});
	});

	describe("defaultErrorTemplate(): SvelteKit's own page where there is no error.html", () => {
		it("is the default-error.html of the @sveltejs/kit the routes resolve: SvelteKit 2's", () => {
			assert.equal(defaultErrorTemplate(path.join(ROOT, 'test/fixtures/app/src/routes')), shipped('@sveltejs/kit'));
		});

		it("...and SvelteKit 3's, for routes that resolve @sveltejs/kit 3", () => {
			const routes = path.join(ROOT, 'test/fixtures/kit3/errors/routes');
			assert.equal(defaultErrorTemplate(routes), shipped('sveltekit3'));
		});

		it('filled as SvelteKit fills it: the status, and the message escaped as title and h1', () => {
			const page = renderErrorPage(shipped('@sveltejs/kit'), 418, 'teapot & <kettle>');
			assert.match(page, /<title>teapot &amp; &lt;kettle><\/title>/);
			assert.match(page, /<h1>teapot &amp; &lt;kettle><\/h1>/);
			assert.match(page, /<span class="status">418<\/span>/);
			assert.doesNotMatch(page, /%sveltekit\./);
		});

		it('without @sveltejs/kit installed: a minimal page with the status and the message', () => {
			const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-endpoints-no-kit-'));
			try {
				assert.equal(defaultErrorTemplate(path.join(outside, 'src/routes')), FALLBACK_ERROR_TEMPLATE);
			} finally {
				fs.rmSync(outside, { recursive: true, force: true });
			}
			const page = renderErrorPage(FALLBACK_ERROR_TEMPLATE, 404, 'Not found: /a?b=<c>');
			assert.match(page, /^<!doctype html>/);
			assert.match(page, /<title>Not found: \/a\?b=&lt;c><\/title>/);
			assert.match(page, /<h1>404<\/h1>/);
		});
	});

	describe('renderError() as JSON (rules §5.2, §5.7)', () => {
		// the bodies the runtime builds for the rules §5.7 rows, and what the client must receive
		const ROWS: [string, number, Record<string, unknown>, string][] = [
			["error(418, 'teapot')", 418, { message: 'teapot' }, '{"message":"teapot"}'],
			["error(400, {message:'obj', code:'X'})", 400, { message: 'obj', code: 'X' }, '{"message":"obj","code":"X"}'],
			["error(401, {code:'Y'})", 401, { message: 'Unknown Error', code: 'Y' }, '{"message":"Unknown Error","code":"Y"}'],
			['error(402)', 402, { message: 'Error: 402' }, '{"message":"Error: 402"}'],
			['an unexpected error', 500, { message: 'Internal Error' }, '{"message":"Internal Error"}']
		];
		for (const [name, status, body, expected] of ROWS) {
			it(name, async () => {
				const response = renderError(status, body, 'json', FALLBACK_ERROR_TEMPLATE);
				assert.equal(response.status, status);
				assert.equal(response.headers.get('content-type'), 'application/json');
				assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(expected)));
				assert.equal(await response.text(), expected);
			});
		}

		it('sends a handleError body verbatim, message or not', async () => {
			const response = renderError(500, { code: 'E1' }, 'json', FALLBACK_ERROR_TEMPLATE);
			assert.equal(await response.text(), '{"code":"E1"}');
		});

		it('counts content-length in bytes', () => {
			const body = { message: 'héllo 😀' };
			const response = renderError(404, body, 'json', FALLBACK_ERROR_TEMPLATE);
			assert.equal(response.headers.get('content-length'), '25');
		});
	});

	describe('renderError() as HTML (rules §5.3)', () => {
		it('renders the template with text/html and content-length', async () => {
			const response = renderError(418, { message: 'teapot' }, 'html', FALLBACK_ERROR_TEMPLATE);
			assert.equal(response.status, 418);
			assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
			const html = await response.text();
			assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(html)));
			assert.equal(html, renderErrorPage(FALLBACK_ERROR_TEMPLATE, 418, 'teapot'));
			assert.match(html, /<title>teapot<\/title>/);
		});

		it('uses a custom template and escapes the message', async () => {
			const template = '<h1>%sveltekit.status%</h1><p>%sveltekit.error.message%</p>';
			const response = renderError(500, { message: '<b>Internal Error</b>' }, 'html', template);
			assert.equal(await response.text(), '<h1>500</h1><p>&lt;b>Internal Error&lt;/b></p>');
			assert.equal(response.headers.get('content-length'), '46');
		});

		it('ignores keys other than message', async () => {
			const body = { message: 'obj', code: 'X' };
			const response = renderError(400, body, 'html', '%sveltekit.error.message%');
			assert.equal(await response.text(), 'obj');
		});

		it('fails, as SvelteKit does, when the body has no string message', () => {
			for (const body of [{ code: 'E1' }, { message: 42 }, { message: null }]) {
				assert.throws(() => renderError(500, body, 'html', FALLBACK_ERROR_TEMPLATE), TypeError);
			}
		});
	});

	describe('staticErrorPage()', () => {
		it('is the HTML page response', async () => {
			const template = '%sveltekit.status%: %sveltekit.error.message%';
			const response = staticErrorPage(template, 404, 'Not found: /a&b');
			assert.equal(response.status, 404);
			assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
			assert.equal(response.headers.get('content-length'), '24');
			assert.equal(await response.text(), '404: Not found: /a&amp;b');
		});
	});
});
