import { json } from 'kit-endpoints';

export async function POST({ request }) {
	const body = await request.json();
	return json(body);
}
