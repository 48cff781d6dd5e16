// The default error log colours its `[500] GET <path>` line only on a terminal that takes colour:
// plain in files and pipes, plain under NO_COLOR, coloured under FORCE_COLOR (Node's rules, as
// util.styleText applies them).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('./fixtures/error-log/log-once.ts', import.meta.url));
const ESC = '\x1b[';

/** The child's stderr, a pipe, with `env` over a colourless environment. */
async function stderrOf(env: Record<string, string>): Promise<string> {
	const base = { ...process.env };
	// Node counts a terminal under CI as one of 2 colours, which styleText leaves plain
	for (const name of ['FORCE_COLOR', 'NO_COLOR', 'NODE_DISABLE_COLORS', 'CI', 'TEAMCITY_VERSION', 'TF_BUILD']) delete base[name];
	const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT], { env: { ...base, ...env } });
	assert.match(stderr, /\[500\] GET \/errors\/kit\/throw-error/);
	assert.match(stderr, /Error: boom/);
	return stderr;
}

describe('the default error log', function () {
	this.timeout(30_000);

	it('writes no colour codes into a pipe', async () => {
		assert.ok(!(await stderrOf({})).includes(ESC));
	});

	it('colours the line on a terminal', async () => {
		const stderr = await stderrOf({ AS_TTY: '1', TERM: 'xterm-256color' });
		assert.ok(
			stderr.includes(`${ESC}1m${ESC}31m[500] GET /errors/kit/throw-error${ESC}39m${ESC}22m`),
			JSON.stringify(stderr.slice(0, 120))
		);
	});

	it('honours NO_COLOR on a terminal', async () => {
		assert.ok(!(await stderrOf({ AS_TTY: '1', TERM: 'xterm-256color', NO_COLOR: '1' })).includes(ESC));
	});

	it('honours FORCE_COLOR in a pipe', async () => {
		assert.ok((await stderrOf({ FORCE_COLOR: '1' })).includes(`${ESC}31m[500]`));
	});
});
