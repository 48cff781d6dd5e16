// SvelteKit 3's error, redirect and trailing-slash rules as the profile has them, without a host:
// exports/url.js (external redirects), exports/index.js (error bodies), runtime/server/errors.js
// (handleError) and respond.js (relative trailing-slash locations).
import assert from 'node:assert/strict';
import { kit2ErrorRules, kit3ErrorRules, type CaughtError } from '../src/core/error-rules.js';
import { externalRedirectRefusal } from '../src/kit/external.js';
import { kit2 } from '../src/semantics/kit2.js';
import { kit3 } from '../src/semantics/kit3.js';
import type { HandleServerError, RequestEvent } from '../src/types.js';
import { captureConsole } from './support/helpers.js';
import { nodeRunsKit3 } from './support/node-version.js';

const ORIGIN = 'https://app.test';
const event = {} as RequestEvent;

describe('kit 3 rules', () => {
	describe('external redirects (exports/url.js)', () => {
		const codeOf = (location: string, options?: object) =>
			externalRedirectRefusal(location, options as never, ORIGIN)?.message.split('\n')[0];

		it('same origin, relative and path-relative locations are not external', () => {
			for (const location of ['/x', 'x', '../x', '?q', '#h', 'https://app.test/x', 'https://APP.test:443/x', '']) {
				assert.equal(codeOf(location), undefined, location);
			}
		});

		it('another host, port or protocol is, and so is a protocol-relative location', () => {
			for (const location of [
				'https://evil.test/',
				'//evil.test/x',
				'https://app.test:8443/',
				'http://app.test/',
				'mailto:a@app.test',
				'\\\\evil.test'
			]) {
				assert.equal(codeOf(location), 'redirect_external_not_allowed', location);
			}
		});

		it('{ external: true } allows them, but for javascript: and data:', () => {
			assert.equal(codeOf('https://evil.test/', { external: true }), undefined);
			assert.equal(codeOf('mailto:a@b', { external: true }), undefined);
			assert.equal(codeOf('javascript:alert(1)', { external: true }), 'redirect_external_javascript');
			assert.equal(codeOf('JavaScript:alert(1)', { external: true }), 'redirect_external_javascript');
			assert.equal(codeOf('data:text/html,x', { external: true }), 'redirect_external_javascript');
		});

		it('an allowlist compares protocol and host', () => {
			const external = ['https://a.test', 'http://b.test:8080/ignored/path', 'javascript:'];
			assert.equal(codeOf('https://a.test/x?y', { external }), undefined);
			assert.equal(codeOf('http://b.test:8080/', { external }), undefined);
			assert.equal(codeOf('javascript:alert(1)', { external }), undefined);
			assert.equal(codeOf('http://a.test/', { external }), 'redirect_external_not_in_allowlist');
			assert.equal(codeOf('http://b.test/', { external }), 'redirect_external_not_in_allowlist');
			assert.equal(codeOf('https://a.test/', { external: [] }), 'redirect_external_not_in_allowlist');
		});

		it('a falsy option refuses; any other that is neither true nor a list is invalid', () => {
			assert.equal(codeOf('https://a.test/', { external: false }), 'redirect_external_not_allowed');
			assert.equal(codeOf('https://a.test/', { external: 'https://a.test' }), 'redirect_external_option_invalid');
			// a location on the same origin never looks at the option
			assert.equal(codeOf('/x', { external: 'nonsense' }), undefined);
		});

		it('without an origin, every absolute location is external', () => {
			assert.ok(externalRedirectRefusal('https://app.test/', undefined, undefined));
			assert.equal(externalRedirectRefusal('/x', undefined, undefined), undefined);
		});

		it('names its error as SvelteKit does, and links to the explanation', () => {
			const error = externalRedirectRefusal('https://evil.test/', { external: ['https://a.test'] }, ORIGIN)!;
			assert.equal(error.name, 'SvelteKit error');
			assert.equal(
				error.message,
				'redirect_external_not_in_allowlist\nCannot redirect to `"https://evil.test/"`: URL origin is not included in the `external` allowlist\nhttps://svelte.dev/e/kit/redirect_external_not_in_allowlist'
			);
		});

		it('kit 2 refuses nothing', () => {
			assert.equal(
				kit2.redirectRefusal('javascript:alert(1)', {}, () => ORIGIN),
				undefined
			);
		});
	});

	describe('error() bodies (exports/index.js)', () => {
		const shape = (status: number, body: Record<string, unknown>, thrown = {}) =>
			JSON.stringify(kit3.httpErrorBody(status, body, thrown));

		it('status and message go last, after the properties, which cannot override them', () => {
			assert.equal(
				shape(400, { message: 'm' }, { properties: { code: 'C', status: 1, message: 'x' } }),
				'{"code":"C","status":400,"message":"m"}'
			);
			assert.equal(shape(400, { code: 'C', message: 'm' }), '{"code":"C","status":400,"message":"m"}');
			assert.equal(shape(401, { code: 'Y' }), '{"code":"Y","status":401,"message":"Error: 401"}');
		});

		it("@sveltejs/kit 3's bodies are whole already", () => {
			const body = { status: 400, code: 'Z', message: 'm' };
			assert.equal(kit3.httpErrorBody(400, body, { complete: true }), body);
		});

		it('framework errors carry their status', () => {
			assert.deepEqual(kit3.errorBody(413, 'Payload Too Large'), { status: 413, message: 'Payload Too Large' });
			assert.deepEqual(kit2.errorBody(413, 'Payload Too Large'), { message: 'Payload Too Large' });
		});
	});

	describe('handleError (runtime/server/errors.js)', () => {
		const caught: CaughtError = { kind: 'app', thrown: {}, status: 418, body: { status: 418, message: 'teapot' } };

		it('in dev, the deprecated status and message are still there, with a warning', async () => {
			let seen: unknown[] = [];
			const hook: HandleServerError = (input) => void (seen = [input.status, input.message]);
			const { output } = await captureConsole(() => kit3ErrorRules.settle(caught, event, hook, true));
			assert.deepEqual(seen, [418, 'teapot']);
			assert.match(output, /^\[sveltekit\] handle_error_status_deprecated\nThe `status` property of `handleError` is deprecated\./);
			assert.match(output, /handle_error_message_deprecated/);
		});

		it('a returned status becomes the response’s; returning nothing keeps the body', async () => {
			assert.deepEqual(await kit3ErrorRules.settle(caught, event, () => ({ status: 503 }) as never, false), {
				status: 503,
				body: { status: 503, message: 'teapot' }
			});
			assert.deepEqual(await kit3ErrorRules.settle(caught, event, () => undefined, false), { status: 418, body: caught.body });
		});

		it('kit 2 answers error() without asking the hook', async () => {
			let called = false;
			const settled = await kit2ErrorRules.settle(caught, event, () => void (called = true), false);
			assert.equal(called, false);
			assert.equal(settled, caught);
		});
	});

	describe('trailing-slash locations (respond.js)', () => {
		const cases: [string, string, string][] = [
			['https://a.test/x/', '/x', '../x'],
			['https://a.test/a/b/?q=1', '/a/b', '../b?q=1'],
			['https://a.test/a/b', '/a/b/', './b/'],
			['https://a.test/api', '/api/', './api/'],
			['https://a.test/a/b:c/', '/a/b:c', '../b:c']
		];
		for (const [url, pathname, location] of cases) {
			it(`${url} → ${location}`, () => {
				assert.equal(kit3.trailingSlashLocation(new URL(url), pathname), location);
			});
		}

		it('kit 2 answers with the path', () => {
			assert.equal(kit2.trailingSlashLocation(new URL('https://a.test/a/b/?q=1'), '/a/b'), '/a/b?q=1');
		});
	});

	it('@sveltejs/kit 3 needs Node 22.17', () => {
		assert.equal(nodeRunsKit3('20.20.2'), false);
		assert.equal(nodeRunsKit3('22.16.0'), false);
		assert.equal(nodeRunsKit3('22.17.0'), true);
		assert.equal(nodeRunsKit3('24.0.0'), true);
	});
});
