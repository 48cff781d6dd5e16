// 64 MiB in 64 KiB chunks, the same Uint8Array each time (bench/servers/server.ts sends the
// same bytes by hand). pull() runs only when the consumer wants more, so a slow reader holds it back.
const CHUNK = new Uint8Array(64 * 1024).fill(120);
const CHUNKS = 1024;

export function GET() {
	let sent = 0;
	const body = new ReadableStream({
		pull(controller) {
			if (sent === CHUNKS) return controller.close();
			sent += 1;
			controller.enqueue(CHUNK);
		}
	});
	return new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
}
