/**
 * The shadowing report: for an Express or Koa app that mounts kit-endpoints beside its own
 * routes, which of them answers each method on each path. Sample paths from both sides' patterns
 * are run through the host's real dispatch order and matchers; every overlap reported comes with
 * a path that shows it.
 */
import type { Route } from '../routes/types.js';
import type { Fallthrough } from '../types.js';
import { expressModel, expressStack } from './express-stack.js';
import { inspectionOf, type Inspection } from './inspect.js';
import { isKoaApp, koaModel } from './koa-stack.js';
import { joinPath, OTHER_METHOD, type Hit, type HostModel, type LegacyRoute, type Site } from './model.js';
import { patternSamples, routeIdSamples, SAMPLE_VALUES } from './samples.js';

/** A legacy route of the host app: its full pattern, mount prefixes included, and its methods (`*`: all). */
export interface LegacyRouteRef {
	path: string;
	methods: string[];
}

/** A `+server` route: where its middleware is mounted, its route id and file. */
export interface EndpointRef {
	base: string;
	id: string;
	file: string | null;
}

export interface ShadowReport {
	framework: 'express' | 'koa';
	/** the kit-endpoints middlewares found, in stack order */
	endpoints: Array<{ base: string; fallthrough: Fallthrough; routes: number }>;
	/**
	 * (a) legacy routes a `+server` route answers now, because the middleware comes first: with
	 * its `handler`, or with SvelteKit's `405` for a method the file lacks. `example`: a path
	 * where it happens; `partial`: the legacy route still answers other paths.
	 */
	moved: Array<{
		method: string;
		legacy: LegacyRouteRef;
		endpoint: EndpointRef;
		answer: 'handler' | '405';
		example: string;
		partial: boolean;
	}>;
	/** (b) `+server` routes (and methods) a legacy route mounted earlier answers instead; `partial`: only on some paths */
	shadowed: Array<{ method: string; endpoint: EndpointRef; legacy: LegacyRouteRef; example: string; partial: boolean }>;
	/** (c) `+server` routes and methods that overlap no legacy route */
	added: Array<{ method: string; endpoint: EndpointRef }>;
	/** (d) legacy routes and methods no `+server` route overlaps */
	notMoved: Array<{ method: string; legacy: LegacyRouteRef }>;
	/** parts of the app the report could not see into */
	notes: string[];
}

/**
 * The shadowing report of an Express (4 or 5) app, an express.Router, or a Koa app with
 * @koa/router, once its kit-endpoints middleware has loaded. `middleware`: the one to report on
 * (default: every one in the app's stack). Rejects when the app is neither, holds no
 * kit-endpoints middleware, or its route tree failed to load.
 */
export async function shadowReport(app: unknown, middleware?: unknown): Promise<ShadowReport> {
	const model = hostModel(app);
	if (!model) throw new TypeError('shadowReport(app): app must be an Express app (4 or 5), an express.Router, or a Koa app');
	const only = middleware === undefined ? undefined : inspectionOf(middleware);
	if (middleware !== undefined && !only)
		throw new TypeError('shadowReport(app, middleware): middleware is not a kit-endpoints middleware');
	if (!narrow(model, only)) {
		const where = model.framework === 'koa' ? 'app.middleware and @koa/router routers' : 'the router stack and mounted routers';
		throw new Error(`No kit-endpoints middleware ${only ? 'is that one ' : ''}in the app's stack (looked through ${where})`);
	}
	await Promise.all(model.sites.map((site) => site.inspection.ready));
	// walked again: the app may have gained routes while its middleware loaded
	const settled = hostModel(app)!;
	narrow(settled, only);
	return evaluate(settled);
}

/**
 * The report of `middleware` in `app` if the report can see it there; undefined otherwise (a
 * host without a router stack, or a middleware mounted out of sight, such as under koa-mount).
 */
export async function visibleShadowReport(app: unknown, middleware: unknown): Promise<ShadowReport | undefined> {
	const model = hostModel(app);
	const only = inspectionOf(middleware);
	if (!model || !only || !narrow(model, only)) return undefined;
	await only.ready;
	return evaluate(model);
}

/** Keeps only `only`'s site (when given) among the middlewares that answer; false when none is left. */
function narrow(model: HostModel, only: Inspection | undefined): boolean {
	if (only) model.sites = model.sites.filter((site) => site.inspection === only);
	const keep = new Set(model.sites);
	const dispatch = model.dispatch;
	model.dispatch = (path, method) => dispatch(path, method).filter((hit) => hit.kind === 'legacy' || keep.has(hit.site));
	return model.sites.length > 0;
}

function hostModel(app: unknown): HostModel | undefined {
	if (isKoaApp(app)) return koaModel(app);
	const stack = expressStack(app);
	return stack ? expressModel(stack) : undefined;
}

interface KitRoute {
	site: Site;
	route: Route;
	/** the methods its file declares, `*` for fallback */
	methods: string[];
}

/** What the walk through the sample paths learns, keyed by route and method. */
class Tally {
	/** route-method pairs that share a path with a route of the other side */
	readonly overlaps = new Set<string>();
	/** route-method pairs that answer some path first */
	readonly wins = new Set<string>();
	readonly moved = new Map<string, ShadowReport['moved'][number]>();
	readonly shadowed = new Map<string, ShadowReport['shadowed'][number]>();
	readonly #sites: Map<Site, number>;
	readonly #legacy: Map<LegacyRoute, number>;

	constructor(model: HostModel) {
		this.#sites = new Map(model.sites.map((site, index) => [site, index]));
		this.#legacy = new Map(model.legacy.map((route, index) => [route, index]));
	}

	kitKey(site: Site, route: Route, method: string): string {
		return `kit:${this.#sites.get(site)!}:${route.id}:${method}`;
	}

	legacyKey(route: LegacyRoute, method: string): string {
		return `legacy:${this.#legacy.get(route)!}:${method}`;
	}

	/** Who answers `method` on `path`, and what that says about the two routes involved. */
	observe(hits: Hit[], path: string, method: string): void {
		const first = hits[0];
		if (!first) return;
		this.wins.add(first.kind === 'kit' ? this.kitKey(first.site, first.route, method) : this.legacyKey(first.route, method));
		const kit = hits.find((hit): hit is Extract<Hit, { kind: 'kit' }> => hit.kind === 'kit');
		const legacy = hits.find((hit): hit is Extract<Hit, { kind: 'legacy' }> => hit.kind === 'legacy');
		if (!kit || !legacy) return;
		const endpoint = endpointRef(kit.site, kit.route);
		const legacyKey = this.legacyKey(legacy.route, method);
		const kitKey = this.kitKey(kit.site, kit.route, method);
		this.overlaps.add(legacyKey);
		if (kit.handled) this.overlaps.add(kitKey);
		const shared = { method, legacy: legacyRef(legacy.route), endpoint, example: path, partial: false };
		if (first === kit && !this.moved.has(legacyKey)) this.moved.set(legacyKey, { ...shared, answer: kit.handled ? 'handler' : '405' });
		// a 405 the legacy route comes before is no loss: the method was never the file's
		else if (first !== kit && kit.handled && !this.shadowed.has(kitKey)) this.shadowed.set(kitKey, shared);
	}
}

function evaluate(model: HostModel): ShadowReport {
	const report: ShadowReport = {
		framework: model.framework,
		endpoints: [],
		moved: [],
		shadowed: [],
		added: [],
		notMoved: [],
		notes: model.notes
	};
	const kitRoutes: KitRoute[] = model.sites.flatMap((site) => {
		const routes = site.inspection.tree().routes.filter((route) => route.module);
		report.endpoints.push({ base: site.base, fallthrough: site.inspection.fallthrough, routes: routes.length });
		return routes.map((route) => ({ site, route, methods: declared(route) }));
	});
	report.notes.push(...blindSpots(model, kitRoutes));
	const methods = new Set([...kitRoutes.flatMap((r) => r.methods), ...model.legacy.flatMap((r) => r.methods)]);
	const tally = new Tally(model);
	for (const path of witnesses(model, kitRoutes)) {
		for (const method of methods) tally.observe(model.dispatch(path, method === '*' ? OTHER_METHOD : method), path, method);
	}

	for (const [key, entry] of tally.moved) report.moved.push({ ...entry, partial: tally.wins.has(key) });
	for (const [key, entry] of tally.shadowed) report.shadowed.push({ ...entry, partial: tally.wins.has(key) });
	for (const { site, route, methods: own } of kitRoutes) {
		const endpoint = endpointRef(site, route);
		for (const method of own) if (!tally.overlaps.has(tally.kitKey(site, route, method))) report.added.push({ method, endpoint });
	}
	for (const route of model.legacy) {
		const legacy = legacyRef(route);
		for (const method of route.methods)
			if (!tally.overlaps.has(tally.legacyKey(route, method))) report.notMoved.push({ method, legacy });
	}
	return report;
}

/** Sample paths from every `+server` route (below each mount point) and every legacy pattern. */
function witnesses(model: HostModel, kitRoutes: KitRoute[]): Set<string> {
	const paths = new Set<string>();
	for (const { site, route } of kitRoutes) {
		const bases = site.basePatterns.flatMap((pattern) => (pattern ? patternSamples(pattern) : ['']));
		for (const base of bases) for (const path of routeIdSamples(route.id)) paths.add(joinPath(base, path));
	}
	for (const route of model.legacy) for (const pattern of route.patterns) for (const path of patternSamples(pattern)) paths.add(path);
	return paths;
}

/**
 * Routes the sample paths cannot reach from their own side: a legacy regexp (only the `+server`
 * routes' samples are tried against it), a `+server` route whose param matchers refuse every
 * sample value (only the legacy routes' samples can find it).
 */
function blindSpots(model: HostModel, kitRoutes: KitRoute[]): string[] {
	const notes = model.legacy
		.filter((route) => !route.patterns.length)
		.map((route) => `${route.path} is a regular expression: only the +server routes' sample paths were tried against it`);
	for (const { site, route } of kitRoutes) {
		const tree = site.inspection.tree();
		const reached = routeIdSamples(route.id).some((path) => {
			try {
				return tree.match(path)?.route === route;
			} catch {
				return false;
			}
		});
		if (!reached)
			notes.push(
				`${site.base}${route.id}: its param matchers refuse the sample values (${SAMPLE_VALUES.join(', ')}): only the legacy routes' sample paths were tried against it`
			);
	}
	return notes;
}

/** The methods a `+server` file declares, without the HEAD its GET brings; `*` for fallback. */
function declared(route: Route): string[] {
	const methods = route.methods.filter((m) => m !== 'HEAD' || !route.methods.includes('GET'));
	return typeof route.module!.fallback === 'function' ? [...methods, '*'] : methods;
}

function endpointRef(site: Site, route: Route): EndpointRef {
	return { base: site.base, id: route.id, file: route.endpoint };
}

function legacyRef(route: LegacyRoute): LegacyRouteRef {
	return { path: route.path, methods: route.methods };
}
