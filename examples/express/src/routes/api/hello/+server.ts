// A TypeScript route, loaded without a build step, importing $lib and $app as in SvelteKit.
// `npx kit-endpoints sync examples/express/src/routes` writes the ./$types it imports.
import { json } from '@sveltejs/kit';
import { version } from '$app/environment';
import { greet } from '$lib/greeting';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => {
	const name = url.searchParams.get('name') ?? 'world';
	return json({ message: greet(name, version) });
};
