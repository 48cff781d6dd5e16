// Server-sent events: one tick a second until the browser leaves, when cancel() stops the timer.
/** @type {import('kit-endpoints').RequestHandler} */
export function GET() {
	/** @type {ReturnType<typeof setInterval> | undefined} */
	let timer;
	const encoder = new TextEncoder();
	const stream = new ReadableStream({
		start(controller) {
			const tick = () => controller.enqueue(encoder.encode(`data: ${new Date().toISOString()}\n\n`));
			tick();
			timer = setInterval(tick, 1000);
		},
		cancel() {
			clearInterval(timer);
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
	});
}
