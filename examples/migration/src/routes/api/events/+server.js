// Server-sent events: every todo added, by anyone, as an `event: todo` to every open page.
import { subscribe } from '../../../lib/server/todos.js';

/** @type {import('kit-endpoints').RequestHandler} */
export function GET() {
	const encoder = new TextEncoder();
	/** @type {() => void} */
	let unsubscribe;
	const stream = new ReadableStream({
		start(controller) {
			unsubscribe = subscribe((todo) => {
				controller.enqueue(encoder.encode(`event: todo\ndata: ${JSON.stringify(todo)}\n\n`));
			});
		},
		// the page went away (closed, reloaded, lost its connection): stop sending to it
		cancel() {
			unsubscribe();
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
	});
}
