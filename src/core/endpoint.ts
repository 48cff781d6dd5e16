/**
 * SvelteKit's render_endpoint (runtime/server/endpoint.js): the export named after the method,
 * else `fallback`; HEAD runs GET when there is no HEAD export (GET wins over fallback); no
 * handler is a 405. A thrown redirect() becomes the redirect response.
 */
import { text } from '../kit/index.js';
import type { Route } from '../routes/types.js';
import type { Semantics } from '../semantics/profile.js';
import type { RequestEvent, RequestHandler } from '../types.js';
import { thrownRedirect } from './error-response.js';

export async function renderEndpoint(event: RequestEvent, method: string, route: Route, semantics: Semantics): Promise<Response> {
	const handler = handlerFor(route.module!, method);
	if (!handler) return methodNotAllowed(route, method, semantics);

	try {
		const response = await handler(event);
		if (!(response instanceof Response)) throw semantics.frameworkError(semantics.messages.invalidResponse(event.url.pathname));
		return response;
	} catch (error) {
		// a refused redirect throws from here, as the error it is
		const redirect = thrownRedirect(error, semantics, event);
		if (redirect) return redirect;
		throw error;
	}
}

/** 405 with `Allow` in SvelteKit's order; HEAD is allowed wherever GET is. */
function methodNotAllowed(route: Route, method: string, semantics: Semantics): Response {
	const allowed = [...route.methods];
	if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
	return text(semantics.messages.methodNotAllowed(method), { status: 405, headers: { allow: allowed.join(', ') } });
}

/** The export that answers `method`: its own, else `fallback`; HEAD runs GET before fallback. */
export function handlerFor(module: Record<string, unknown>, method: string): RequestHandler | undefined {
	if (method === 'HEAD' && !own(module, 'HEAD') && own(module, 'GET')) return own(module, 'GET');
	return own(module, method) ?? own(module, 'fallback');
}

/** Only the module's own exports: a method such as `constructor` must not reach Object. */
function own(module: Record<string, unknown>, name: string): RequestHandler | undefined {
	return Object.hasOwn(module, name) && typeof module[name] === 'function' ? (module[name] as RequestHandler) : undefined;
}
