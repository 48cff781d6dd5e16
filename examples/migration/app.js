// A legacy Express app halfway through its move to SvelteKit: the pages, the login and the
// session stay in Express; the JSON API and the event stream have moved to src/routes.
import express from 'express';
import session from 'express-session';
import { fileURLToPath } from 'node:url';
import { endpoints } from 'kit-endpoints';
import { legacyTodos } from './legacy-todos.js';
import { errorPage, homePage, notFoundPage } from './pages.js';
import { list } from './src/lib/server/todos.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** @param {{ compare?: import('kit-endpoints').CompareOptions }} [options] compare mode (see compare.js) */
export function createApp({ compare } = {}) {
	const app = express();

	// The sessions as they always were. The memory store and the fixed secret are for this
	// example only: a real app keeps sessions in a shared store (Redis, a database) and reads
	// the secret from its environment, e.g. process.env.SESSION_SECRET.
	app.use(
		session({
			secret: 'kit-endpoints-migration-example-dev-secret',
			resave: false,
			saveUninitialized: false,
			cookie: { httpOnly: true, sameSite: 'lax' }
		})
	);

	// Global body parsers, mounted long before the migration began. They read the bodies the
	// +server.js files want too; kit-endpoints gives those back to `await request.json()`.
	app.use(express.json());
	app.use(express.urlencoded({ extended: false }));

	// What the +server.js files may know about the visitor goes into res.locals, which is their
	// event.locals. They could reach event.platform.req.session instead, but that ties them to
	// Express: in SvelteKit, a handle hook in hooks.server.js fills event.locals the same way,
	// so the route files move over unchanged.
	app.use((req, res, next) => {
		res.locals.visitor = req.session.name;
		next();
	});

	// the routes that have moved: /api/todos and /api/events; /api/todos/:id is on its way
	app.use(endpoints(here('./src/routes'), { compare }));

	// the legacy /api/todos/:id, which the endpoints answer before it, except in compare mode
	app.use(legacyTodos);

	// the routes that have not moved yet
	app.get('/', (req, res) => {
		res.type('html').send(homePage({ visitor: req.session.name, todos: list() }));
	});

	app.post('/login', (req, res, next) => {
		const name = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 40) : '';
		if (!name) {
			res.status(400)
				.type('html')
				.send(homePage({ visitor: undefined, todos: list(), problem: 'Please give a name.' }));
			return;
		}
		// a fresh session id on login, so that an id planted before it is worth nothing
		req.session.regenerate((error) => {
			if (error) return next(error);
			req.session.name = name;
			res.redirect(303, '/');
		});
	});

	app.post('/logout', (req, res, next) => {
		req.session.destroy((error) => {
			if (error) return next(error);
			res.clearCookie('connect.sid');
			res.redirect(303, '/');
		});
	});

	app.use((req, res) => {
		res.status(404).type('html').send(notFoundPage(req.path));
	});

	// The legacy error page. Errors thrown by the +server.js handlers do not come here:
	// kit-endpoints answers them itself, as SvelteKit would. The app's own do, such as the 400
	// of express.json() for a malformed body: the client's fault, not worth a log line.
	app.use((error, req, res, next) => {
		const status = Number(error?.status ?? error?.statusCode ?? 500);
		const known = status >= 400 && status < 500 && error.expose;
		if (!known) console.error(error);
		if (res.headersSent) return next(error);
		const shown = known ? status : 500;
		res.status(shown)
			.type('html')
			.send(errorPage(shown, known ? error.message : 'Something went wrong.'));
	});

	return app;
}
