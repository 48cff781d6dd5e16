import { asRedirect, text } from './kit.js';
import type { Route } from './routes/types.js';
import type { RequestEvent, RequestHandler } from './types.js';

/**
 * SvelteKit's render_endpoint: the export named after the method, else `fallback`; HEAD
 * runs GET when there is no HEAD export (GET wins over fallback); no handler is a 405.
 * A thrown redirect() becomes the redirect response.
 */
export async function renderEndpoint(event: RequestEvent, method: string, route: Route): Promise<Response> {
	const module = route.module!;
	let handler = own(module, method) ?? own(module, 'fallback');
	if (method === 'HEAD' && !own(module, 'HEAD') && own(module, 'GET')) handler = own(module, 'GET');
	if (!handler) return methodNotAllowed(route, method);

	try {
		const response = await handler(event);
		if (!(response instanceof Response)) {
			throw new Error(`Invalid response from route ${event.url.pathname}: handler should return a Response object`);
		}
		return response;
	} catch (error) {
		const redirect = asRedirect(error);
		if (redirect) return new Response(undefined, { status: redirect.status, headers: { location: redirect.location } });
		throw error;
	}
}

/** 405 with `Allow` in SvelteKit's order; HEAD is allowed wherever GET is. */
function methodNotAllowed(route: Route, method: string): Response {
	const allowed = [...route.methods];
	if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
	return text(`${method} method not allowed`, { status: 405, headers: { allow: allowed.join(', ') } });
}

/** Only the module's own exports: a method such as `constructor` must not reach Object. */
function own(module: Record<string, unknown>, name: string): RequestHandler | undefined {
	return Object.hasOwn(module, name) && typeof module[name] === 'function' ? (module[name] as RequestHandler) : undefined;
}
