// The vite-app fixture (test/fixtures/vite-app) and its recorded SvelteKit answers, shared by
// test/vite-app.test.ts and test/vite-build.test.ts. Not a spec file.
import fs from 'node:fs';
import path from 'node:path';
import type { EndpointsOptions } from '../../src/index.js';
import { FIXTURES } from './helpers.js';
import type { TestApp } from './hosts.js';
import { differences, recordReply, sendCase, type RecordedCase, type RecordedReply } from './recorded.js';

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
