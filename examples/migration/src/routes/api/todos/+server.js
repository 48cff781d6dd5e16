// Moved here from the legacy app's app.get('/api/todos') and app.post('/api/todos').
import { error, json } from '@sveltejs/kit';
import { add, list } from '../../../lib/server/todos.js';

/** @type {import('kit-endpoints').RequestHandler} */
export function GET() {
	return json(list());
}

/** @type {import('kit-endpoints').RequestHandler} */
export async function POST({ request, locals }) {
	// locals.visitor is filled from the session by the host app (see app.js)
	if (!locals.visitor) error(401, 'Log in to add todos');

	// express.json() has already read this body; the request gives it back all the same
	let body;
	try {
		body = await request.json();
	} catch (e) {
		// not JSON is the client's mistake; anything else (a body too large, say) has its own status
		if (e instanceof SyntaxError) error(400, 'The body must be JSON');
		throw e;
	}
	const text = typeof body?.text === 'string' ? body.text.trim() : '';
	if (!text || text.length > 200) error(400, 'A todo needs a text of 1 to 200 characters');

	return json(add(text, locals.visitor), { status: 201 });
}
