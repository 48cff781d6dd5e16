import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { endpoints } from '../express.js';
import type { Server } from './sveltekit.js';

/** The header of an answer kit-endpoints did not give: it passed the request on to the host. */
export const PASSED = 'x-kit-endpoints-verify';

/**
 * The app's route files served by kit-endpoints over a bare node:http server, with what a
 * SvelteKit app's files give it: its hooks, `.env` files and `src/error.html`.
 */
export async function startHere(app: string, routes: string): Promise<Server> {
	const hooks = ['hooks.server.js', 'hooks.server.ts'].map((name) => path.join(app, 'src', name)).find((file) => fs.existsSync(file));
	const middleware = endpoints(routes, { hooks, env: { dir: app }, dev: false });
	await middleware.ready;
	const server = http.createServer((req, res) =>
		middleware(req, res, (error) => {
			res.statusCode = error ? 500 : 404;
			res.setHeader(PASSED, error ? 'error' : 'passed');
			res.end();
		})
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		via: 'kit-endpoints over node:http',
		stop: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
