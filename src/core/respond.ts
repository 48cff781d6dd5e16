/**
 * The answer to a request an endpoint takes: SvelteKit's guards, then the `handle` hook around
 * `resolve`, which runs the endpoint and adds what the event collected (setHeaders, cookies).
 */
import { RequestError } from '../errors.js';
import type { Route, RouteMatch } from '../routes/types.js';
import type { Semantics } from '../semantics/profile.js';
import type { AppHooks } from '../server-hooks.js';
import type { RequestEvent } from '../types.js';
import { notModified, varyAccept } from './conditional.js';
import type { renderEndpoint } from './endpoint.js';
import { thrownRedirect, type ErrorPolicy } from './error-response.js';
import { bareEvent, createEvent, type EventControl } from './event.js';
import { createFetch, withHandleFetch, type Serve } from './fetch.js';
import { crossSiteRefusal, isAtBase, reservedQueryRefusal, trailingSlashRedirect, type CsrfOptions } from './guards.js';
import type { Outcome } from './incoming.js';
import type { CookieSettings, RequestScope } from './scope.js';

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
	/** runs `fn` with `event` as the current request (`getRequestEvent`, @sveltejs/kit's store) */
	run<T>(event: RequestEvent, fn: () => T): T;
}

type Resolve = (event: RequestEvent) => Promise<Response>;
/** What answers inside resolve: the endpoint, or the page side's refusal of a method. */
export type Render = typeof renderEndpoint;

/**
 * Who answers a request for a route: its endpoint, the host app's page, or SvelteKit's page side
 * refusing a method no page takes (rules §2.7).
 */
export type Side = 'endpoint' | 'page' | 'page-refusal';

/** The answer to a request the guards let through. */
export async function respond(ctx: CoreContext, scope: RequestScope, match: RouteMatch, page: boolean, render: Render): Promise<Outcome> {
	const { route, params } = match;
	const incoming = scope.incoming;
	const control: EventControl = createEvent(scope, route, params, () => eventFetch(ctx, scope, control.event), ctx.semantics);
	const resolve = resolver(ctx, scope, control, route, page, render);
	const response = ctx.hooks.handle ? await runHandle(ctx, scope, control.event, resolve) : await resolve(control.event);
	return {
		response: notModified(incoming, response) ?? response,
		routeId: route.id,
		// a body that fails once its headers are out is reported like any unexpected error
		onBodyError: (error) => ctx.errors.reportLate(error, control.event, incoming)
	};
}

/**
 * A request for an endpoint whose module failed to import. SvelteKit imports it after the guards
 * and before `handle` (to read its trailingSlash), so the failure answers through handleError, as
 * JSON or as the error page by the request's Accept, and `handle` never runs; except at the base
 * path, which needs no trailingSlash: there the import fails inside `resolve` (rules §5.6a).
 */
export async function respondWithFailure(ctx: CoreContext, scope: RequestScope, match: RouteMatch, page: boolean): Promise<Outcome> {
	if (isAtBase(scope.incoming)) return respond(ctx, scope, match, page, rethrowFailure);
	const control: EventControl = createEvent(scope, match.route, match.params, () => eventFetch(ctx, scope, control.event), ctx.semantics);
	try {
		const response = await ctx.errors.respond(match.route.failure!.error, control.event, scope.incoming);
		return { response, routeId: match.route.id };
	} finally {
		scope.lock();
		control.lock();
	}
}

/** The render of a route whose module failed: its import's error, thrown where the import would be. */
function rethrowFailure(_event: RequestEvent, _method: string, route: Route): Promise<Response> {
	return Promise.reject(route.failure!.error);
}

/** A client error found before there is an event (malformed URI, no Host): the error page. */
export async function respondBeforeEvent(ctx: CoreContext, scope: RequestScope, error: unknown): Promise<Response> {
	if (!(error instanceof RequestError)) throw error;
	return ctx.errors.refuseRequest(error, bareEvent(scope));
}

/**
 * SvelteKit's checks before a route's code runs, in its order (rules §2.1); the CSRF check only
 * for what the endpoints answer (README). May throw the 400 of a request without a usable host.
 */
export function guard(ctx: CoreContext, scope: RequestScope, route: Route, side: Side): Response | undefined {
	const { incoming } = scope;
	return (
		(side === 'page' ? undefined : crossSiteRefusal(incoming, scope, ctx.csrf, ctx.semantics)) ??
		reservedQueryRefusal(incoming, scope, ctx.semantics) ??
		// the option is the module's, which a failed route does not have: its failure answers first
		(route.failure && !isAtBase(incoming)
			? undefined
			: trailingSlashRedirect(incoming, route.module?.trailingSlash, scope, ctx.semantics))
	);
}

/** SvelteKit's resolve: the endpoint's response, or its error's, with setHeaders and cookies. */
function resolver(ctx: CoreContext, scope: RequestScope, control: EventControl, route: Route, page: boolean, render: Render): Resolve {
	return async (given) => {
		let response: Response;
		try {
			// handle may pass on another event; its request then says which method runs
			const method = given === control.event ? scope.incoming.method : given.request.method;
			response = await ctx.run(given, () => render(given, method, route, ctx.semantics));
			if (page && ctx.semantics.varyAcceptMethods.has(method)) response = varyAccept(response);
		} catch (error) {
			response = await ctx.errors.respond(error, given, scope.incoming);
		} finally {
			scope.lock();
			control.lock();
		}
		try {
			// as SvelteKit: setHeaders wins over the Response's own headers, cookies add up
			if (control.headers.size) for (const [name, value] of control.headers) response.headers.set(name, value);
			for (const line of scope.setCookieLines()) response.headers.append('set-cookie', line);
		} catch (error) {
			response = await ctx.errors.respond(error, given, scope.incoming);
		}
		return response;
	};
}

/** The handle hook around resolve. What handle itself throws answers bare, as in SvelteKit. */
async function runHandle(ctx: CoreContext, scope: RequestScope, event: RequestEvent, resolve: Resolve): Promise<Response> {
	const handle = ctx.hooks.handle!;
	try {
		const response: unknown = await ctx.run(event, () => handle({ event, resolve }));
		if (response instanceof Response) return response;
		throw new Error(ctx.semantics.messages.handleMustReturnResponse(describeValue(response)));
	} catch (error) {
		let redirect: Response | undefined;
		try {
			redirect = thrownRedirect(error, ctx.semantics, event);
		} catch (refused) {
			return ctx.errors.respond(refused, event, scope.incoming);
		}
		if (!redirect) return ctx.errors.respond(error, event, scope.incoming);
		// a redirect keeps the cookies set so far
		try {
			// rules that serialise cookies for the response fail here if one cannot be
			for (const line of scope.setCookieLines()) redirect.headers.append('set-cookie', line);
		} catch (cookieError) {
			return ctx.errors.respond(cookieError, event, scope.incoming);
		}
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
