import { error } from 'kit-endpoints';

/** @type {import('kit-endpoints').RequestHandler} */
export function GET() {
	error(418, "I'm a teapot, not a coffee machine");
}
