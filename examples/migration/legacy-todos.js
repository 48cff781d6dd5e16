// The legacy route that src/routes/api/todos/[id]/+server.js replaces. It stays mounted until
// compare mode has shown that the new file answers as it does.
import express from 'express';
import { list } from './src/lib/server/todos.js';

export const legacyTodos = express.Router();

legacyTodos.get('/api/todos/:id', (req, res) => {
	const todo = list().find((t) => String(t.id) === req.params.id);
	if (!todo) return res.status(404).json({ error: 'No such todo' });
	res.json(todo);
});
