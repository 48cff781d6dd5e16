// SvelteKit's server hooks, applied to the endpoints by the `hooks` option.

/** @type {import('kit-endpoints').Handle} */
export async function handle({ event, resolve }) {
	const started = performance.now();
	const response = await resolve(event);
	response.headers.set('server-timing', `endpoint;dur=${(performance.now() - started).toFixed(1)}`);
	return response;
}
