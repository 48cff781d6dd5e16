// Hardening §3: whatever a route file does, the fault stays inside its request. The client gets
// what SvelteKit would send, the error is reported once (handleError, or one console.error for a
// body that fails after its headers), and the next request is served normally.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import Koa from 'koa';
import { endpoints, RouteTreeError } from '../../src/index.js';
import { endpoints as koaEndpoints } from '../../src/koa.js';
import { captureConsole } from '../support/helpers.js';
import {
	BROKEN_ROUTES,
	exchange,
	header,
	parseResponses,
	quietly,
	requestText,
	send,
	startExpress,
	startKoa,
	type Server,
	type ServerSetup
} from './helpers.js';

const INTERNAL_ERROR = '{"message":"Internal Error"}';

/** Cases of /fail/[case] that SvelteKit answers with a 500 {"message":"Internal Error"} after handleError. */
const INTERNAL_ERRORS = [
	'throw-null',
	'throw-undefined',
	'throw-string',
	'throw-number',
	'throw-symbol',
	'throw-bigint',
	'throw-function',
	'throw-circular',
	'throw-getters',
	'throw-error-getters',
	'throw-proxy',
	'throw-proxy-error',
	'throw-revoked-proxy',
	'throw-httperror-getters',
	'throw-httperror-own-getters',
	'throw-httperror-body-getters',
	'throw-httperror-proxy-body',
	'throw-redirect-getters',
	'throw-error-with-status',
	'reject-later',
	'reject-non-error',
	'return-number',
	'return-null',
	'return-undefined',
	'return-string',
	'return-object',
	'return-proxy',
	'return-thenable-throws',
	'return-bad-status',
	'error-invalid-status',
	'setheaders-after-throw'
];

/** Cases whose body fails once the response has begun: the connection ends, never a complete response. */
const BROKEN_BODIES = [
	'return-errored-stream',
	'return-throwing-pull',
	'return-number-chunks',
	'error-after-headers',
	'numbers-after-headers'
];

/** Words of the thrown values that must never reach a client. */
const SECRETS =
	/getter says no|hidden|a string|proxied|rejected asynchronously|then threw|has a status|after setHeaders|not an error status/;

async function get(server: Server, target: string, accept = '*/*') {
	const result = await exchange(server.port, requestText('GET', target, { accept }));
	const parsed = parseResponses(result.bytes, ['GET']);
	return { result, parsed };
}

for (const [host, start] of [
	['express', startExpress],
	['koa', startKoa]
] as const) {
	describe(`hardening: faults in route files (${host})`, () => {
		let server: Server;
		const serve = async (setup: ServerSetup = {}) => {
			await server?.close();
			server = await start(setup);
		};
		before(() => serve());
		after(() => server.close());
		afterEach(async () => {
			const res = await send(server.port, requestText('GET', '/fail/ok'));
			assert.equal(res.status, 200, 'the next request is served normally');
			assert.equal(res.body.toString(), '{"ok":true}');
		});

		describe('throws and junk: 500 Internal Error, handleError once', () => {
			before(() => serve());
			beforeEach(() => {
				server.errors.length = 0;
				server.hostErrors.length = 0;
			});

			for (const name of INTERNAL_ERRORS) {
				it(name, async () => {
					const { result, logged } = await quietly(() => get(server, `/fail/${name}`));
					const { parsed } = result;
					assert.equal(parsed.invalid, undefined, parsed.invalid);
					const [res] = parsed.responses;
					assert.deepEqual(server.hostErrors, [], `the fault escaped to the host: ${server.hostErrors.map(String).join(', ')}`);
					assert.equal(res?.status, 500);
					assert.equal(res.body.toString(), INTERNAL_ERROR);
					assert.equal(header(res, 'x-route'), encodeURIComponent('/fail/[case]'));
					assert.equal(server.errors.length, 1, 'handleError calls');
					assert.equal(server.errors[0]!.status, 500);
					assert.equal(server.errors[0]!.message, 'Internal Error');
					assert.deepEqual(logged, [], 'nothing else logged');
				});
			}

			it('an HTML client gets the error page, with no detail of the thrown value', async () => {
				for (const name of ['throw-getters', 'throw-proxy', 'return-object', 'throw-string']) {
					const { parsed } = await get(server, `/fail/${name}`, 'text/html');
					const [res] = parsed.responses;
					assert.equal(res?.status, 500);
					assert.equal(header(res, 'content-type'), 'text/html; charset=utf-8');
					assert.match(res.body.toString(), /Internal Error/);
					assert.doesNotMatch(res.body.toString(), SECRETS);
				}
			});

			it('headers set before the throw stay on the 500 (rules §5.4)', async () => {
				const { parsed } = await get(server, '/fail/setheaders-after-throw');
				assert.equal(header(parsed.responses[0]!, 'x-before'), 'kept');
			});

			it("a locked body: SvelteKit's fatal-error text", async () => {
				const { parsed } = await get(server, '/fail/return-locked-body');
				const [res] = parsed.responses;
				assert.equal(res?.status, 200);
				assert.match(res.body.toString(), /^Fatal error: Response body is locked/);
			});

			it('200 concurrent requests, half of them failing: the others are unaffected', async function () {
				this.timeout(5000);
				const names = INTERNAL_ERRORS.filter((name) => !name.startsWith('throw-httperror-'));
				const jobs = Array.from({ length: 200 }, (_, i) =>
					i % 2
						? get(server, '/fail/ok').then(({ parsed }) => {
								assert.equal(parsed.responses[0]?.status, 200);
								assert.equal(parsed.responses[0]?.body.toString(), '{"ok":true}');
							})
						: get(server, `/fail/${names[i % names.length]}`).then(({ parsed }) =>
								assert.equal(parsed.responses[0]?.status, 500)
							)
				);
				await quietly(() => Promise.all(jobs));
				assert.equal(server.errors.length, 100);
				assert.deepEqual(server.hostErrors, []);
			});
		});

		describe('with the default handleError', () => {
			before(() => serve({ handleError: 'default' }));

			// (the throw-httperror-* cases with unreadable bodies are covered above)
			for (const name of INTERNAL_ERRORS.filter((name) => !/^throw-httperror-(body|proxy)/.test(name))) {
				it(`${name}: logged exactly once, never shown`, async () => {
					const { result, logged } = await quietly(() => get(server, `/fail/${name}`));
					const [res] = result.parsed.responses;
					assert.equal(res?.status, 500);
					assert.equal(res.body.toString(), INTERNAL_ERROR);
					assert.equal(logged.length, 1, `console.error calls: ${logged.map((l) => String(l[0]).slice(0, 80)).join(' | ')}`);
					assert.match(String(logged[0]![0]), /\[500\] GET \/fail\//);
				});
			}
		});

		describe('a handleError that fails', () => {
			it('throws: still 500 Internal Error, the failure logged once', async () => {
				await serve({
					handleError: () => {
						throw new Error('handleError itself failed');
					}
				});
				const { result, logged } = await quietly(() => get(server, '/fail/throw-string'));
				const [res] = result.parsed.responses;
				assert.equal(res?.status, 500);
				assert.equal(res.body.toString(), INTERNAL_ERROR);
				assert.equal(logged.length, 1);
			});

			it('returns a body that cannot be serialised: a plain 500, logged once', async () => {
				await serve({
					handleError: () => ({
						get message(): string {
							throw new Error('no message');
						}
					})
				});
				const { result, logged } = await quietly(() => get(server, '/fail/throw-string'));
				const [res] = result.parsed.responses;
				assert.equal(res?.status, 500);
				assert.doesNotMatch(res.body.toString(), /no message/);
				assert.equal(logged.length, 1);
			});

			it('rejects asynchronously: still 500 Internal Error', async () => {
				await serve({ handleError: async () => Promise.reject(new Error('later')) });
				const { result } = await quietly(() => get(server, '/fail/throw-null'));
				assert.equal(result.parsed.responses[0]?.status, 500);
				assert.equal(result.parsed.responses[0]?.body.toString(), INTERNAL_ERROR);
			});

			after(() => serve());
		});

		describe('bodies that fail once the response has begun', () => {
			before(() => serve());
			beforeEach(() => {
				server.errors.length = 0;
				server.hostErrors.length = 0;
			});

			for (const name of BROKEN_BODIES) {
				it(`${name}: the connection ends without a complete response, the error logged once`, async () => {
					const { result, logged } = await quietly(async () => {
						const outcome = await get(server, `/fail/${name}`);
						// the log line may follow the close by a tick
						await new Promise((resolve) => setTimeout(resolve, 20));
						return outcome;
					});
					const { parsed } = result;
					assert.ok(
						parsed.responses.every((res) => !res.complete) || parsed.invalid !== undefined || parsed.responses.length === 0,
						`a response that looks complete: ${result.result.bytes.toString('latin1').slice(0, 200)}`
					);
					// reported once, through handleError, as any unexpected error (the status is out, so
					// the client only sees the connection end)
					assert.equal(server.errors.length, 1, `handleError called ${server.errors.length} time(s)`);
					assert.equal(
						logged.length + server.hostErrors.length,
						0,
						`also reported ${logged.length} time(s) on the console and ${server.hostErrors.length} time(s) to the host`
					);
				});
			}

			it('error-after-headers: the first chunks arrive before the cut', async () => {
				const { result } = await quietly(() => get(server, '/fail/error-after-headers'));
				const [res] = result.parsed.responses;
				assert.equal(res?.status, 200);
				assert.equal(res.complete, false);
				assert.match(res.body.toString(), /^first chunk\n/);
			});
		});
	});
}

describe('hardening: a route module that fails to import', () => {
	it('fails only its route: the app is ready, and the start-up log names each file with its error', async () => {
		const { result: middleware, output } = await captureConsole(async () => {
			const middleware = endpoints(BROKEN_ROUTES);
			await middleware.ready;
			return middleware;
		});
		assert.ok(middleware);
		const headings = output
			.split('\n')
			.filter((line) => line.startsWith('kit-endpoints: '))
			.sort();
		assert.equal(headings.length, 3, output);
		assert.match(
			headings[0]!,
			/routes\/syntax\/\+server\.js failed to import, so \/syntax answers 500 until it is fixed: SyntaxError: .*missing \) after argument list/
		);
		assert.match(
			headings[1]!,
			/routes\/throws-string\/\+server\.js failed to import, so \/throws-string answers 500 until it is fixed: a thrown string/
		);
		assert.match(
			headings[2]!,
			/routes\/throws\/\+server\.js failed to import, so \/throws answers 500 until it is fixed: Error: kaboom while importing/
		);
		// the original error's stack rides along
		assert.match(output, /at .*throws\/\+server\.js/);
	});

	it('Express and Koa: the broken routes answer 500 without the error, the fine route serves, the process lives', async () => {
		const seen: unknown[] = [];
		const handleError = ({ error }: { error: unknown }) => void seen.push(error);
		// the start-up log of each load is the first test's
		const { result: middlewares } = await captureConsole(async () => {
			const both = [endpoints(BROKEN_ROUTES, { handleError }), koaEndpoints(BROKEN_ROUTES, { handleError })] as const;
			await Promise.all(both.map((middleware) => middleware.ready));
			return both;
		});
		const app = express();
		app.use(middlewares[0]);
		app.use((error: unknown, _req: unknown, res: Response, _next: unknown) => {
			seen.push(error);
			res.status(500).send('host error');
		});
		const koa = new Koa();
		koa.silent = true;
		koa.on('error', (error: unknown) => void seen.push(error));
		koa.use(middlewares[1]);

		for (const handler of [app, koa.callback()]) {
			const server = http.createServer(handler);
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			const { port } = server.address() as AddressInfo;
			try {
				const fine = await send(port, requestText('GET', '/fine'));
				assert.equal(fine.status, 200);
				for (const path of ['/throws', '/throws-string', '/syntax']) {
					const res = await send(port, requestText('GET', path));
					assert.equal(res.status, 500, path);
					assert.doesNotMatch(res.body.toString(), /kaboom|thrown string|host error/);
				}
			} finally {
				server.closeAllConnections();
				await new Promise((resolve) => server.close(resolve));
			}
		}
		// handleError saw each failure, as SvelteKit's would; the hosts saw none
		assert.equal(seen.length, 6);
		assert.ok(seen.some((e) => e instanceof SyntaxError));
		// SvelteKit's handle_fatal_error makes a thrown string an Error (coalesce_to_error)
		assert.ok(
			seen.some((e) => e instanceof Error && e.message.includes('a thrown string')),
			String(seen)
		);
		assert.ok(!seen.some((e) => e instanceof RouteTreeError));
	});
});
