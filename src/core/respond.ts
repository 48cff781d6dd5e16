/**
 * The answer to a request an endpoint takes: SvelteKit's guards, then the `handle` hook around
 * `resolve`, which runs the endpoint and adds what the event collected (setHeaders, cookies).
 */
import { runWithEvent } from '../app/runtime.js';
import { RequestError } from '../errors.js';
import type { Route, RouteMatch } from '../routes/types.js';
import type { Semantics } from '../semantics/profile.js';
import type { AppHooks } from '../server-hooks.js';
import type { RequestEvent } from '../types.js';
import { notModified, varyAccept } from './conditional.js';
import { renderEndpoint } from './endpoint.js';
import { thrownRedirect, type ErrorPolicy } from './error-response.js';
import { bareEvent, createEvent, type EventControl } from './event.js';
import { createFetch, withHandleFetch, type Serve } from './fetch.js';
import { crossSiteRefusal, trailingSlashRedirect, type CsrfOptions } from './guards.js';
import type { Incoming, Outcome } from './incoming.js';
import { RequestScope, type CookieSettings } from './scope.js';

/** What every request of one loaded app shares. */
export interface CoreContext {
	hooks: AppHooks;
	semantics: Semantics;
	errors: ErrorPolicy;
	csrf: CsrfOptions;
	/** how each request's cookie jar is made */
	cookies: CookieSettings;
	/** serves this app's own event.fetch requests */
	serve: Serve;
}

type Resolve = (event: RequestEvent) => Promise<Response>;

export async function respond(ctx: CoreContext, incoming: Incoming, match: RouteMatch, page: boolean): Promise<Outcome> {
	const { route, params } = match;
	const scope = new RequestScope(incoming, ctx.cookies);
	let refused: Response | undefined;
	try {
		refused = guard(ctx, scope, route);
	} catch (error) {
		refused = await respondBeforeEvent(ctx, scope, error);
	}
	if (refused) return { response: refused, routeId: route.id };

	const control: EventControl = createEvent(scope, route, params, () => eventFetch(ctx, scope, control.event));
	const resolve = resolver(ctx, scope, control, route, page);
	const response = ctx.hooks.handle ? await runHandle(ctx, scope, control.event, resolve) : await resolve(control.event);
	return {
		response: notModified(incoming, response) ?? response,
		routeId: route.id,
		// a body that fails once its headers are out is reported like any unexpected error
		onBodyError: (error) => ctx.errors.reportLate(error, control.event)
	};
}

/** A client error found before there is an event (malformed URI, no Host): the error page. */
export async function respondBeforeEvent(ctx: CoreContext, scope: RequestScope, error: unknown): Promise<Response> {
	if (!(error instanceof RequestError)) throw error;
	return ctx.errors.refuseRequest(error, bareEvent(scope));
}

function guard(ctx: CoreContext, scope: RequestScope, route: Route): Response | undefined {
	return (
		crossSiteRefusal(scope.incoming, scope, ctx.csrf, ctx.semantics) ??
		trailingSlashRedirect(scope.incoming, route.module!.trailingSlash, scope, ctx.semantics)
	);
}

/** SvelteKit's resolve: the endpoint's response, or its error's, with setHeaders and cookies. */
function resolver(ctx: CoreContext, scope: RequestScope, control: EventControl, route: Route, page: boolean): Resolve {
	return async (given) => {
		let response: Response;
		try {
			// handle may pass on another event; its request then says which method runs
			const method = given === control.event ? scope.incoming.method : given.request.method;
			response = await runWithEvent(given, () => renderEndpoint(given, method, route, ctx.semantics));
			if (page && ctx.semantics.varyAcceptMethods.has(method)) response = varyAccept(response);
		} catch (error) {
			response = await ctx.errors.respond(error, given, scope.incoming.header('accept'));
		} finally {
			scope.lock();
			control.lock();
		}
		try {
			// as SvelteKit: setHeaders wins over the Response's own headers, cookies add up
			for (const [name, value] of control.headers) response.headers.set(name, value);
			for (const line of scope.setCookieLines()) response.headers.append('set-cookie', line);
		} catch (error) {
			response = await ctx.errors.respond(error, given, scope.incoming.header('accept'));
		}
		return response;
	};
}

/** The handle hook around resolve. What handle itself throws answers bare, as in SvelteKit. */
async function runHandle(ctx: CoreContext, scope: RequestScope, event: RequestEvent, resolve: Resolve): Promise<Response> {
	const handle = ctx.hooks.handle!;
	try {
		const response: unknown = await runWithEvent(event, () => handle({ event, resolve }));
		if (response instanceof Response) return response;
		throw new Error(ctx.semantics.messages.handleMustReturnResponse(describeValue(response)));
	} catch (error) {
		// a redirect keeps the cookies set so far
		const redirect = thrownRedirect(error);
		if (!redirect) return ctx.errors.respond(error, event, scope.incoming.header('accept'));
		for (const line of scope.setCookieLines()) redirect.headers.append('set-cookie', line);
		return redirect;
	}
}

function eventFetch(ctx: CoreContext, scope: RequestScope, event: RequestEvent): typeof fetch {
	const fetch = createFetch(scope, ctx.serve);
	return ctx.hooks.handleFetch ? withHandleFetch(fetch, ctx.hooks.handleFetch, event, scope) : fetch;
}

function describeValue(value: unknown): string {
	if (value === null || value === undefined) return String(value);
	return typeof value === 'object' ? `an object of class ${value.constructor?.name ?? 'Object'}` : typeof value;
}
