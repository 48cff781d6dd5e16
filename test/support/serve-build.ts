// A child process that serves a `kit-endpoints build` output with Express where Vite and the
// app's dev dependencies cannot be imported: any import of vite, rolldown, svelte or
// @sveltejs/kit fails, as it would once `npm prune --omit=dev` removed them. Prints
// `listening <port>` once it serves. Run by test/vite-build.test.ts; not a spec file.
//
//   node --import tsx test/support/serve-build.ts <build dir> <env dir>
import http from 'node:http';
import module from 'node:module';
import type { AddressInfo } from 'node:net';

const FORBIDDEN = /^(?:vite|rolldown|svelte|@sveltejs\/kit|@sveltejs\/vite-plugin-svelte)(?:\/|$)/;

const hooks = module as unknown as {
	registerHooks?: (hooks: {
		resolve: (specifier: string, context: unknown, next: (specifier: string, context: unknown) => unknown) => unknown;
	}) => void;
};
if (hooks.registerHooks) {
	hooks.registerHooks({
		resolve(specifier, context, next) {
			if (FORBIDDEN.test(specifier)) throw new Error(`serve-build: ${specifier} is a dev dependency, and may not be imported here`);
			return next(specifier, context);
		}
	});
} else {
	// Node before 22.15: the same hook, in the hooks thread
	const source =
		`export async function resolve(specifier, context, next) {` +
		` if (${FORBIDDEN}.test(specifier)) throw new Error('serve-build: ' + specifier + ' is a dev dependency, and may not be imported here');` +
		` return next(specifier, context); }`;
	module.register(`data:text/javascript,${encodeURIComponent(source)}`);
}

const [dir, envDir] = process.argv.slice(2) as [string, string];
const { default: express } = await import('express');
const { endpoints } = await import('../../src/index.js');
const app = express();
const middleware = endpoints(dir, { env: { dir: envDir } });
app.use(middleware);
app.use((_req, res) => void res.status(404).set('x-host', '404').send('host 404'));
await middleware.ready;
const server = http.createServer(app).listen(0, '127.0.0.1', () => {
	console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
