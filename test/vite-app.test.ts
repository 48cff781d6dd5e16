// A SvelteKit app whose +server files use what Vite gives them (test/fixtures/vite-app:
// import.meta.glob eager and lazy over markdown posts, a markdown plugin in its vite.config.js,
// ?raw, ?url, an image, JSON without attributes, a folder index import, kit.alias and Vite's
// resolve.alias, TypeScript with an enum), served by Express and Koa through Vite's module runner
// in development, against what real SvelteKit 2 answered to the same requests from `vite dev`:
// test/fixtures/vite-app.expected.json, which scripts/record-vite-app.ts records (and says how to
// re-run). test/vite-build.test.ts does the same for `kit-endpoints build` against SvelteKit's build.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { EndpointsOptions } from '../src/index.js';
import { FIXTURES } from './support/helpers.js';
import { describeHosts, type TestApp } from './support/hosts.js';
import { differences, recordReply, sendCase, type RecordedCase, type RecordedReply } from './support/recorded.js';

export const VITE_APP = path.join(FIXTURES, 'vite-app');
export const RECORDING = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'vite-app.expected.json'), 'utf8')) as {
	dev: RecordedCase[];
	build: RecordedCase[];
};

/** What the app's svelte.config.js and its `.env` give SvelteKit. */
export const VITE_OPTIONS: EndpointsOptions = {
	hooks: path.join(VITE_APP, 'src', 'hooks.server.js'),
	env: { dir: VITE_APP },
	version: '1.0.0'
};

/**
 * Every answer that differs from the recorded one, in words. The `x-site` header that the app's
 * `handle` sets is compared too; Vite's dev server adds `vary: Origin` (its CORS middleware, not
 * SvelteKit), which a host app has no reason to send.
 */
export async function replay(t: TestApp, cases: RecordedCase[], skip: ReadonlySet<string> = new Set()): Promise<string[]> {
	const mismatches: string[] = [];
	for (const [index, recorded] of cases.entries()) {
		const { request } = recorded;
		if (skip.has(request.name)) continue;
		const ours = recordReply(await sendCase(t.origin, request, new Map()), t.origin, request.via);
		const expected = { ...recorded, response: withoutViteCors(recorded.response) };
		const found = differences(expected, ours);
		if (request.via === 'endpoint' && expected.response.headers['x-site'] !== ours.headers['x-site']) {
			found.push(`x-site: want ${expected.response.headers['x-site']}, got ${ours.headers['x-site']}`);
		}
		if (found.length) mismatches.push(`#${index} ${request.name} (${request.method} ${request.path}):\n    ${found.join('\n    ')}`);
	}
	return mismatches;
}

function withoutViteCors(response: RecordedReply): RecordedReply {
	const headers = { ...response.headers };
	if (headers.vary === 'Origin') delete headers.vary;
	return { ...response, headers };
}

describeHosts(
	'a SvelteKit app through Vite, in development, answers as `vite dev` does',
	(host) => {
		let t: TestApp;
		before(async function () {
			this.timeout(120_000);
			t = await host.createApp({
				routes: path.join(VITE_APP, 'src', 'routes'),
				options: { ...VITE_OPTIONS, dev: true },
				handleError: 'default'
			});
		});

		it(`every one of the ${RECORDING.dev.length} recorded answers`, async function () {
			this.timeout(60_000);
			const mismatches = await replay(t, RECORDING.dev);
			assert.deepEqual(mismatches, [], `${mismatches.length} answers differ from SvelteKit's:\n${mismatches.join('\n')}`);
		});
	},
	['express', 'koa']
);
