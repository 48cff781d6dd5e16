/**
 * The host-neutral middleware: a request in, a Response (or "not ours") out. A core serves one
 * loaded app (route tree and hooks); it needs no server, no file watcher and no module hooks.
 */
import type { KitRequestStore } from '../app/kit-store.js';
import { runWithEvent } from '../app/runtime.js';
import { RequestError } from '../errors.js';
import type { RouteTree } from '../routes/index.js';
import type { EndpointModule, RouteMatch } from '../routes/types.js';
import type { Semantics } from '../semantics/profile.js';
import type { AppHooks } from '../server-hooks.js';
import type { Fallthrough } from '../types.js';
import { ErrorPolicy } from './error-response.js';
import { bareEvent } from './event.js';
import type { CsrfOptions } from './guards.js';
import { isReserved } from './guards.js';
import type { Serve } from './fetch.js';
import type { Incoming, Outcome } from './incoming.js';
import { handlerFor, renderEndpoint } from './endpoint.js';
import { PAGE_METHODS, refusePageMethod } from './page.js';
import { toPathname } from './pathname.js';
import { guard, respond, respondBeforeEvent, respondWithFailure, type CoreContext, type Side } from './respond.js';
import { RequestScope } from './scope.js';

/** What a load of the app gives: the route tree and the hooks, served together. */
export interface LoadedApp {
	tree: RouteTree;
	hooks: AppHooks;
	/** the request store of the app's own @sveltejs/kit, when the profile has handlers run in it */
	kitStore?: KitRequestStore;
}

export interface CoreOptions extends CsrfOptions {
	semantics: Semantics;
	/** whether the host app has a page on this route, which then shares it with the endpoint */
	hostPage(routeId: string): boolean;
	errorTemplate: string;
	dev: boolean;
	/**
	 * Serves this app's own event.fetch requests; default: this core. An app that reloads in
	 * development passes its own, so that a sub-request sees the latest load, as a client's would.
	 */
	subRequests?: Serve;
	/** 'unhandled': a method the route's module has no handler for goes on to the host (README) */
	fallthrough?: Fallthrough;
}

export interface Core {
	/**
	 * An Outcome at once for requests that are not ours, a promise of one otherwise: matching
	 * needs no await, and the host's next() is then called in the same tick, as if this
	 * middleware were not there.
	 */
	serve(incoming: Incoming): Outcome | Promise<Outcome>;
}

const PASS: Outcome = { routeId: null, varyAccept: false };

export function createCore(app: LoadedApp, options: CoreOptions): Core {
	const { semantics } = options;
	const ctx: CoreContext = {
		hooks: app.hooks,
		semantics,
		errors: new ErrorPolicy(app.hooks, semantics, options.errorTemplate, options.dev),
		run: withEvent(app.kitStore),
		csrf: options,
		cookies: {
			dev: options.dev,
			rules: semantics.cookies,
			lockedError: () => semantics.frameworkError(semantics.messages.cookiesSetAfterResponse)
		},
		serve: options.subRequests ?? serve
	};
	const passUnhandled = options.fallthrough === 'unhandled';

	function serve(incoming: Incoming): Outcome | Promise<Outcome> {
		const pathname = toPathname(incoming.path);
		if (isReserved(pathname)) return PASS;
		let found: RouteMatch | null;
		try {
			found = app.tree.match(pathname);
		} catch (error) {
			return refuse(new RequestScope(incoming, ctx.cookies), null, error);
		}
		if (!found) return PASS;

		const route = found.route;
		const page = route.pages.length > 0 || options.hostPage(route.id);
		if (!route.module && !route.failure) return { routeId: route.id, varyAccept: false };
		const side = page ? sideOf(incoming, route.module ?? undefined) : 'endpoint';
		// before the guards: a request the host's routes will answer is none of SvelteKit's business
		if (passUnhandled && side !== 'page' && route.module && !handlerFor(route.module, incoming.method)) return PASS;
		// as in SvelteKit, the guards come before the page or the endpoint is chosen
		const scope = new RequestScope(incoming, ctx.cookies);
		let refused: Response | undefined;
		try {
			refused = guard(ctx, scope, route, side);
		} catch (error) {
			return refuse(scope, route.id, error);
		}
		if (refused) return { response: refused, routeId: route.id };
		if (side === 'page') return { routeId: route.id, varyAccept: true };
		if (route.failure && side === 'endpoint') return respondWithFailure(ctx, scope, found, page);
		return respond(ctx, scope, found, page, side === 'endpoint' ? renderEndpoint : refusePageMethod);
	}

	/** On a route with a page: the endpoint's, the host's page, or a method no page takes. */
	function sideOf(incoming: Incoming, module: EndpointModule | undefined): Side {
		const { method } = incoming;
		if (semantics.isEndpointRequest(method, incoming.header('accept'), incoming.header('x-sveltekit-action'), module)) {
			return 'endpoint';
		}
		return PAGE_METHODS.has(method) ? 'page' : 'page-refusal';
	}

	/**
	 * A request that cannot be routed (malformed percent-encoding, a param matcher that threw) or
	 * placed (no usable host).
	 */
	async function refuse(scope: RequestScope, routeId: string | null, error: unknown): Promise<Outcome> {
		const response =
			semantics.answersRoutingErrors && !(error instanceof RequestError)
				? await ctx.errors.respond(error, bareEvent(scope), scope.incoming)
				: await respondBeforeEvent(ctx, scope, error);
		return { response, routeId };
	}

	return { serve };
}

/** Runs hooks and handlers with the event as the current one, in every store that asks for it. */
function withEvent(kitStore: KitRequestStore | undefined): CoreContext['run'] {
	return kitStore ? (event, fn) => kitStore(event, () => runWithEvent(event, fn)) : runWithEvent;
}
