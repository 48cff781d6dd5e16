// A legacy Express app that serves some routes from SvelteKit-style +server.js files.
import express from 'express';
import { fileURLToPath } from 'node:url';
import { endpoints } from 'kit-endpoints';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export function createApp() {
	const app = express();

	// the +server files under src/routes, with SvelteKit's hooks file; anything they do not
	// take falls through
	app.use(endpoints(here('./src/routes'), { hooks: here('./src/hooks.server.js'), version: '1.0.0' }));

	// the legacy app goes on as before
	app.get('/', (req, res) => {
		res.sendFile(here('./public/index.html'));
	});
	app.get('/legacy', (req, res) => {
		res.type('text').send('Served by a plain Express route, as before.');
	});
	app.use((req, res) => {
		res.status(404).type('text').send(`No route for ${req.method} ${req.path}`);
	});

	return app;
}
