export function GET() {
	return new Response('Hello, World!');
}
