// A legacy Koa app that serves the Express example's route tree, unchanged: the same
// +server.js files run under either host.
import Koa from 'koa';
import Router from '@koa/router';
import { fileURLToPath } from 'node:url';
import { endpoints } from 'kit-endpoints/koa';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export function createApp() {
	const app = new Koa();

	// the +server.js files under ../express/src/routes; anything they do not take goes on to next()
	app.use(
		endpoints(here('../express/src/routes'), {
			// the default (params beside the routes folder) would find it too; spelled out
			// because this app borrows another example's folders
			params: here('../express/src/params'),
			hooks: here('../express/src/hooks.server.js'),
			version: '1.0.0'
		})
	);

	// the legacy app goes on as before
	const router = new Router();
	router.get('/legacy', (ctx) => {
		ctx.type = 'text/plain';
		ctx.body = 'Served by a plain Koa route, as before.';
	});
	app.use(router.routes());
	app.use(router.allowedMethods());

	// Koa's own 404 says only "Not Found": say which request fell all the way through
	app.use((ctx) => {
		ctx.status = 404;
		ctx.type = 'text/plain';
		ctx.body = `No route for ${ctx.method} ${ctx.path}`;
	});

	return app;
}
