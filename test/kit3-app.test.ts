// A SvelteKit 3 app's server side, unchanged: test/fixtures/kit3/sveltekit-app (src/routes,
// src/params.js, src/env.ts, src/hooks.server.ts, #lib, src/error.html, .env), served by Express
// and Koa in `kit: 3` mode, against what a real SvelteKit 3.2.0 server (adapter-node 6.0.2) answered
// to the same requests: test/fixtures/kit3/sveltekit-app.expected.json, which
// scripts/record-sveltekit3.ts records (and says how to re-run).
//
// Every recorded request is replayed in order (later ones use the sessions and todos earlier
// ones made), and one assertion per host lists every answer that differs, so that a run shows
// the whole distance to SvelteKit 3 at once rather than its first step.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { EndpointsOptions } from '../src/index.js';
import { restoreGlobals } from '../src/node/light-globals.js';
import { FIXTURES } from './support/helpers.js';
import { describeHosts, type TestApp } from './support/hosts.js';
import { differences, recordReply, saveSession, sendCase, type Recording } from './support/recorded.js';

const APP = path.join(FIXTURES, 'kit3', 'sveltekit-app');
const RECORDING = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'kit3', 'sveltekit-app.expected.json'), 'utf8')) as Recording;
const SERVER_ENV = RECORDING.recorded.serverEnv as Record<string, string>;

/** What the app's vite.config.js and its server's environment give it. */
const OPTIONS: EndpointsOptions = {
	kit: 3,
	hooks: path.join(APP, 'src', 'hooks.server.ts'),
	env: { dir: APP },
	version: '2.0.0',
	bodySizeLimit: SERVER_ENV.BODY_SIZE_LIMIT,
	// the app's vite.config.js imports adapter-node, which this repository does not install:
	// kit-endpoints' own loader, not Vite (test/vite-app.test.ts covers that path)
	vite: false
};

/** `@sveltejs/kit@3` declares `engines: node >=22.17`. */
function kit3Runs(): boolean {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	return major > 22 || (major === 22 && minor >= 17);
}

for (const lightGlobals of [false, true]) {
	describeHosts(
		`a SvelteKit 3 app answers as SvelteKit 3.2.0 does${lightGlobals ? ', with lightGlobals' : ''}`,
		(host) => {
			let t: TestApp;
			/** why the app did not load, if it did not */
			let loadFailure: Promise<unknown>;
			const saved = new Map<string, string | undefined>();

			before(async function () {
				if (!kit3Runs()) this.skip();
				// $app/env/private and $app/env/public: read from the process environment as well as .env
				for (const name of ['REGION', 'PUBLIC_ANNOUNCEMENT']) {
					saved.set(name, process.env[name]);
					process.env[name] = SERVER_ENV[name];
				}
				t = await host.createApp({
					routes: path.join(APP, 'src', 'routes'),
					options: { ...OPTIONS, lightGlobals },
					handleError: 'default',
					ready: false
				});
				loadFailure = t.middleware.ready.then(
					() => undefined,
					(error: unknown) => error
				);
			});
			after(() => {
				// the global Response the option replaced, for the suites that follow
				if (lightGlobals) restoreGlobals();
				for (const [name, value] of saved) {
					if (value === undefined) delete process.env[name];
					else process.env[name] = value;
				}
			});

			it(`every one of the ${RECORDING.cases.length} recorded answers`, async function () {
				this.timeout(60_000);
				const failure = await loadFailure;
				if (failure !== undefined)
					assert.fail(`the app does not load in kit 3 mode: ${failure instanceof Error ? failure.message : String(failure)}`);

				const sessions = new Map<string, string>();
				const mismatches: string[] = [];
				for (const [index, recorded] of RECORDING.cases.entries()) {
					const { request } = recorded;
					const sent = await sendCase(t.origin, request, sessions);
					saveSession(request, sent, sessions);
					const found = differences(recorded, recordReply(sent, t.origin, request.via));
					if (found.length)
						mismatches.push(`#${index} ${request.name} (${request.method} ${request.path}):\n    ${found.join('\n    ')}`);
				}
				assert.equal(
					mismatches.length,
					0,
					`${mismatches.length} of ${RECORDING.cases.length} answers differ from SvelteKit 3.2.0's:\n${mismatches.join('\n')}`
				);
			});
		},
		['express', 'koa']
	);
}
