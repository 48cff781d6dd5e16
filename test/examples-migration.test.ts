import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Express } from 'express';

describe('examples/migration', () => {
	let app: Express;
	let listenerCount: () => number;

	// Imported at run time, not with a static import: mocha require()s test files and tsx then
	// compiles their static imports to CommonJS, which would give the app a second copy of the
	// todo store, apart from the one kit-endpoints import()s for the route files.
	before(async () => {
		const { createApp } = await import('../examples/migration/app.js');
		({ listenerCount } = await import('../examples/migration/src/lib/server/todos.js'));
		app = createApp();
	});
	// the todo store lives as long as the process: texts are made unique so other tests' todos do not matter
	const unique = (text: string) => `${text} ${process.hrtime.bigint()}`;

	async function loggedIn(name: string) {
		const agent = request.agent(app);
		const res = await agent.post('/login').type('form').send({ name }).expect(303);
		assert.equal(res.headers.location, '/');
		return agent;
	}

	it('still renders the legacy page, with a login form for a stranger', async () => {
		const res = await request(app).get('/').expect(200);
		assert.match(res.headers['content-type'] ?? '', /^text\/html/);
		assert.match(res.text, /<form method="post" action="\/login">/);
		assert.match(res.text, /new EventSource\('\/api\/events'\)/);
		assert.doesNotMatch(res.text, /data-name=/);
	});

	it('logs in through the legacy form post and shows the session name on the page', async () => {
		const agent = await loggedIn('Ada <3');
		const res = await agent.get('/').expect(200);
		assert.match(res.text, /<p id="visitor" data-name="Ada &#60;3">Hello, Ada &#60;3\.<\/p>/);
	});

	it('refuses an empty name with the legacy page and a 400', async () => {
		const res = await request(app).post('/login').type('form').send({ name: '  ' }).expect(400);
		assert.match(res.text, /Please give a name\./);
	});

	it('adds a todo posted as JSON behind express.json(), and lists it', async () => {
		const agent = await loggedIn('Grace');
		const text = unique('Buy milk');
		const added = await agent.post('/api/todos').send({ text }).expect(201);
		assert.equal(added.body.text, text);
		assert.equal(added.body.by, 'Grace');
		assert.equal(typeof added.body.id, 'number');

		const listed = await request(app).get('/api/todos').expect(200);
		assert.deepEqual(
			listed.body.find((todo: { id: number }) => todo.id === added.body.id),
			added.body
		);
		// and the legacy page renders it, from the same store
		const page = await request(app).get('/').expect(200);
		assert.match(page.text, new RegExp(`<li data-id="${added.body.id}" data-by="Grace">`));
	});

	it('reads the session through event.locals: a stranger may not add todos', async () => {
		const res = await request(app).post('/api/todos').set('accept', 'application/json').send({ text: 'x' }).expect(401);
		assert.deepEqual(res.body, { message: 'Log in to add todos' });
	});

	it('answers bad todos with 400', async () => {
		const agent = await loggedIn('Grace');
		const empty = await agent.post('/api/todos').set('accept', 'application/json').send({ text: '   ' }).expect(400);
		assert.deepEqual(empty.body, { message: 'A todo needs a text of 1 to 200 characters' });
		// malformed JSON never reaches the route: the legacy app's express.json() answers it first
		const malformed = await agent.post('/api/todos').type('json').send('{"text":').expect(400);
		assert.match(malformed.text, /<h1>Error 400<\/h1>/);
	});

	it('logs out through the legacy route, which ends the session', async () => {
		const agent = await loggedIn('Linus');
		await agent.post('/logout').expect(303);
		const page = await agent.get('/').expect(200);
		assert.match(page.text, /Hello, stranger/);
		await agent.post('/api/todos').send({ text: 'x' }).expect(401);
	});

	it('answers unknown paths with the legacy 404 page', async () => {
		const res = await request(app).get('/api/nothing').expect(404);
		assert.match(res.text, /Nothing at \/api\/nothing/);
	});

	it('announces each added todo on the event stream, and unsubscribes when the client leaves', async () => {
		const agent = await loggedIn('Barbara');
		const text = unique('Write tests');
		const before = listenerCount();
		let during = before;
		const server = http.createServer(app).listen(0, '127.0.0.1');
		try {
			await new Promise((resolve) => server.once('listening', resolve));
			const { port } = server.address() as AddressInfo;
			const { headers, event } = await new Promise<{ headers: http.IncomingHttpHeaders; event: string }>((resolve, reject) => {
				const req = http.get({ host: '127.0.0.1', port, path: '/api/events' }, (res) => {
					// the route subscribed before it answered: a todo added now reaches this stream
					during = listenerCount();
					agent.post('/api/todos').send({ text }).expect(201).catch(reject);
					let received = '';
					res.setEncoding('utf8');
					res.on('data', (chunk: string) => {
						received += chunk;
						const end = received.indexOf('\n\n');
						if (end === -1) return;
						resolve({ headers: res.headers, event: received.slice(0, end) });
						req.destroy();
					});
				});
				req.on('error', reject);
			});
			assert.equal(headers['content-type'], 'text/event-stream');
			assert.equal(headers['x-accel-buffering'], 'no');
			const [type, data = ''] = event.split('\n');
			assert.equal(type, 'event: todo');
			assert.ok(data.startsWith('data: '), event);
			const todo = JSON.parse(data.slice('data: '.length));
			assert.equal(todo.text, text);
			assert.equal(todo.by, 'Barbara');
			assert.equal(during, before + 1);

			// the stream's cancel() ran once the client left
			for (let i = 0; i < 100 && listenerCount() > before; i++) await new Promise((r) => setTimeout(r, 10));
			assert.equal(listenerCount(), before);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
