import { error, json } from 'kit-endpoints';

const items = new Map([
	[1, { id: 1, name: 'Widget' }],
	[2, { id: 2, name: 'Gadget' }]
]);

/** @type {import('kit-endpoints').RequestHandler<{ id: string }>} */
export function GET({ params, setHeaders }) {
	const item = items.get(Number(params.id));
	if (!item) error(404, `No item ${params.id}`);
	setHeaders({ 'cache-control': 'max-age=60' });
	return json(item);
}
