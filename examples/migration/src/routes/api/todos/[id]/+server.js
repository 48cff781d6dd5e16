// Being moved from legacy-todos.js: compare mode runs both (npm run example:migration -- --compare).
import { error, json } from '@sveltejs/kit';
import { list } from '../../../../lib/server/todos.js';

/** @type {import('kit-endpoints').RequestHandler} */
export function GET({ params }) {
	const todo = list().find((t) => String(t.id) === params.id);
	if (!todo) error(404, 'No such todo');
	return json(todo);
}
