// SvelteKit's env loading: Vite's loadEnv(mode, dir, '') split by kit.env's prefixes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPrefixes, filterEnv, loadEnv, loadKitEnv } from '../../src/app/env.js';

const DIR = fileURLToPath(new URL('../fixtures/app-kit-env/', import.meta.url));

/** Runs `fn` with some process.env variables set (undefined: unset), then puts them back. */
function withProcessEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
	const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
	const apply = (values: Record<string, string | undefined>) => {
		for (const [name, value] of Object.entries(values)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	};
	apply(vars);
	try {
		return fn();
	} finally {
		apply(saved);
	}
}

describe('app env: .env files', () => {
	it('reads .env, .env.local, .env.[mode], .env.[mode].local, later files winning', () => {
		const env = loadEnv('production', DIR);
		assert.equal(env.BASE, '.env');
		assert.equal(env.LOCAL, '.env.local');
		assert.equal(env.MODE, '.env.production');
		assert.equal(env.MODE_LOCAL, '.env.production.local');
		assert.equal(env.ONLY, 'production');
	});

	it('takes the mode files of the mode asked for', () => {
		const env = loadEnv('development', DIR);
		assert.equal(env.MODE, '.env.development');
		assert.equal(env.MODE_LOCAL, '.env.local');
		assert.equal(env.ONLY, 'development');
	});

	it('lets process.env win over every file, and includes all of process.env', () => {
		withProcessEnv({ FROM_PROCESS: 'process', MODE_LOCAL: 'process too', KIT_ENDPOINTS_TEST_ONLY_PROCESS: 'yes' }, () => {
			const env = loadEnv('production', DIR);
			assert.equal(env.FROM_PROCESS, 'process');
			assert.equal(env.MODE_LOCAL, 'process too');
			assert.equal(env.KIT_ENDPOINTS_TEST_ONLY_PROCESS, 'yes');
			assert.equal(env.PATH, process.env.PATH);
		});
	});

	it('leaves process.env itself alone, as Vite does', () => {
		loadEnv('production', DIR);
		assert.equal(process.env.BASE, undefined);
		assert.equal(process.env.PUBLIC_COLOR, undefined);
	});

	it('parses quotes and multi-line values', () => {
		const env = loadEnv('production', DIR);
		assert.equal(env.QUOTED, 'two words');
		assert.equal(env.MULTILINE, 'line one\nline two');
	});

	it('expands $NAME and ${NAME} references as Vite does, reading process.env first', () => {
		withProcessEnv({ KIT_ENDPOINTS_TEST_PROCESS: 'from process', KIT_ENDPOINTS_TEST_UNSET: undefined }, () => {
			const env = loadEnv('production', DIR);
			assert.equal(env.REF_BRACED, '.env-braced');
			assert.equal(env.REF_BARE, '.env-bare');
			assert.equal(env.REF_PROCESS, 'from process');
			assert.equal(env.REF_LATER, 'defined in .env.local');
			assert.equal(env.REF_ESCAPED, '$BASE');
			assert.equal(env.REF_DEFAULT, 'fallback');
			assert.equal(env.REF_ALT, 'alternative');
			assert.equal(env.REF_ALT_UNSET, '');
			// a reference cycle ends instead of hanging
			assert.equal(typeof env.CYCLE_A, 'string');
		});
	});

	it('does without any .env file', () => {
		const env = loadEnv('production', path.join(DIR, 'empty-dir'));
		assert.equal(env.BASE, undefined);
		assert.equal(env.PATH, process.env.PATH);
	});

	it('refuses the mode "local", as Vite does', () => {
		assert.throws(() => loadEnv('local', DIR), /"local" cannot be a mode/);
	});
});

describe('app env: public and private', () => {
	it('splits by the prefixes as SvelteKit does (defaults PUBLIC_ and none)', () => {
		const env = loadKitEnv({ dir: DIR, publicPrefix: 'PUBLIC_', privatePrefix: '' }, 'production');
		assert.equal(env.public.PUBLIC_COLOR, 'blue');
		assert.equal(env.public.PUBLIC_SECRET_MIX, 'mixed');
		assert.equal(env.public.BASE, undefined);
		assert.equal(env.private.BASE, '.env');
		assert.equal(env.private.SECRET_KEY, 's3cret');
		assert.equal(env.private.PUBLIC_COLOR, undefined);
		assert.ok(Object.keys(env.public).every((name) => name.startsWith('PUBLIC_')));
	});

	it('with a private prefix, the private side keeps only its names and the rest goes nowhere', () => {
		const env = loadKitEnv({ dir: DIR, publicPrefix: 'PUBLIC_', privatePrefix: 'SECRET_' }, 'production');
		assert.deepEqual(Object.keys(env.private), ['SECRET_KEY']);
		assert.equal(env.public.PUBLIC_COLOR, 'blue');
		assert.equal(env.public.BASE, undefined);
	});

	it('filterEnv: allowed prefix, and not the excluded one', () => {
		const env = { A_1: 'a', B_1: 'b', A_B_1: 'ab' };
		assert.deepEqual(filterEnv(env, 'A_', ''), { A_1: 'a', A_B_1: 'ab' });
		assert.deepEqual(filterEnv(env, 'A_', 'A_B_'), { A_1: 'a' });
		assert.deepEqual(filterEnv(env, '', 'A_'), { B_1: 'b' });
	});

	it('refuses overlapping prefixes at start-up', () => {
		assert.throws(() => checkPrefixes('PUBLIC_', 'PUBLIC_'), /overlap/);
		assert.throws(() => checkPrefixes('PUBLIC_', 'PUBLIC_SECRET_'), /overlap/);
		assert.throws(() => checkPrefixes('SECRET_PUBLIC_', 'SECRET_'), /overlap/);
		assert.throws(() => checkPrefixes('', ''), /overlap/);
		assert.throws(
			() => loadKitEnv({ dir: DIR, publicPrefix: 'PUBLIC_', privatePrefix: 'PUBLIC_' }, 'production'),
			/env.publicPrefix \("PUBLIC_"\) and env.privatePrefix \("PUBLIC_"\) overlap/
		);
		checkPrefixes('PUBLIC_', '');
		checkPrefixes('', 'SECRET_');
		checkPrefixes('PUBLIC_', 'PRIVATE_');
	});
});
