// examples/migration in compare mode (server.js --compare): GET /api/todos/:id answered by the
// legacy route of legacy-todos.js, compared with src/routes/api/todos/[id]/+server.js.
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Express } from 'express';

describe('examples/migration, compare mode', () => {
	let app: Express;
	let plain: Express;
	const logged: string[] = [];
	let add: (text: string, by: string) => { id: number };

	// imported at run time, as in examples-migration.test.ts: one todo store for the app and the routes
	before(async () => {
		const { createApp } = await import('../examples/migration/app.js');
		const { compareOptions } = await import('../examples/migration/compare.js');
		({ add } = (await import('../examples/migration/src/lib/server/todos.js')) as unknown as { add: typeof add });
		app = createApp({ compare: compareOptions((line) => logged.push(line)) });
		plain = createApp();
	});
	beforeEach(() => (logged.length = 0));
	const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

	it('serves the legacy answer, and logs where the new file answers otherwise', async () => {
		const res = await request(app).get('/api/todos/100000').set('accept', 'application/json').expect(404);
		assert.deepEqual(res.body, { error: 'No such todo' });
		await settle();
		assert.deepEqual(logged, [
			'compare: GET /api/todos/100000 differs (legacy served)',
			'  header content-length: legacy "24", endpoint "26"',
			'  body: legacy "{\\"error\\":\\"No such todo\\"}", endpoint "{\\"message\\":\\"No such todo\\"}"'
		]);

		// without compare mode, the new file answers
		const moved = await request(plain).get('/api/todos/100000').set('accept', 'application/json').expect(404);
		assert.deepEqual(moved.body, { message: 'No such todo' });
	});

	it('logs nothing where both answer alike', async () => {
		const todo = add(`Compare ${process.hrtime.bigint()}`, 'Ada');
		const res = await request(app).get(`/api/todos/${todo.id}`).expect(200);
		assert.deepEqual(res.body, todo);
		await settle();
		assert.deepEqual(logged, []);
	});
});
