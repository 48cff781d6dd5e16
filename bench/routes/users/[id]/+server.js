import { json } from 'kit-endpoints';

export function GET({ params }) {
	return json({ id: params.id, name: `User ${params.id}` });
}
