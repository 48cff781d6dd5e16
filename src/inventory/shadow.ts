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
import { patternSamples, routeIdSamples } from './samples.js';

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
	/** (a) legacy routes a `+server` route answers now, because the middleware comes first; `status` 405: SvelteKit's refusal of a method the file lacks */
	moved: Array<{
		method: string;
		legacy: LegacyRouteRef;
		endpoint: EndpointRef;
		status: 'handler' | 405;
		example: string;
		partial: boolean;
	}>;
	/** (b) `+server` routes (and methods) a legacy route mounted earlier answers instead */
	shadowed: Array<{ method: string; endpoint: EndpointRef; legacy: LegacyRouteRef; example: string; partial: boolean }>;
	/** (c) `+server` routes and methods that overlap no legacy route */
	added: Array<{ method: string; endpoint: EndpointRef }>;
	/** (d) legacy routes and methods no `+server` route overlaps */
	notMoved: Array<{ method: string; legacy: LegacyRouteRef }>;
	/** parts of the app the report could not see into */
	notes: string[];
}

type KitKey = `${number}:${string}:${string}`;

/**
 * The shadowing report of an Express (4 or 5) app, an express.Router, or a Koa app with
 * @koa/router. `middleware`: the kit-endpoints middleware to report on (default: every one in
 * the app's stack), whose `ready` must have resolved. Throws when the app is neither, or holds
 * no kit-endpoints middleware.
 */
export function shadowReport(app: unknown, middleware?: unknown): ShadowReport {
	const model = hostModel(app);
	const only = middleware === undefined ? undefined : inspectionOf(middleware);
	if (middleware !== undefined && !only)
		throw new TypeError('shadowReport(app, middleware): middleware is not a kit-endpoints middleware');
	if (only) model.sites = model.sites.filter((site) => site.inspection === only);
	if (!model.sites.length) {
		throw new Error(
			`No kit-endpoints middleware ${only ? 'is that one ' : ''}in the app's stack (looked through ${model.framework === 'koa' ? 'app.middleware and @koa/router routers' : 'the router stack and mounted routers'})`
		);
	}
	const keep = new Set(model.sites);
	const dispatch = model.dispatch;
	model.dispatch = (path, method) => dispatch(path, method).filter((hit) => hit.kind === 'legacy' || keep.has(hit.site));
	return evaluate(model);
}

/** Every kit-endpoints middleware in an app's stack, for the CLI to wait for. */
export function endpointsIn(app: unknown): Inspection[] {
	return hostModel(app).sites.map((site) => site.inspection);
}

function hostModel(app: unknown): HostModel {
	if (isKoaApp(app)) return koaModel(app);
	const stack = expressStack(app);
	if (stack) return expressModel(stack);
	throw new TypeError('shadowReport(app): app must be an Express app (4 or 5), an express.Router, or a Koa app');
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
	const kitRoutes = model.sites.flatMap((site, index) => {
		const routes = site.inspection.tree().routes.filter((route) => route.module);
		report.endpoints.push({ base: site.base, fallthrough: site.inspection.fallthrough, routes: routes.length });
		return routes.map((route) => ({ site, index, route, methods: declared(route) }));
	});
	const siteIndex = new Map(model.sites.map((site, index) => [site, index]));
	const kitKey = (site: Site, route: Route, method: string): KitKey => `${siteIndex.get(site)!}:${route.id}:${method}`;
	const legacyIndex = new Map(model.legacy.map((route, index) => [route, index]));
	const legacyKey = (route: LegacyRoute, method: string) => `${legacyIndex.get(route)!}:${method}`;

	const methods = new Set<string>([...kitRoutes.flatMap((r) => r.methods), ...model.legacy.flatMap((r) => r.methods)]);
	const overlaps = new Set<string>();
	const wins = new Set<string>();
	const moved = new Map<string, ShadowReport['moved'][number]>();
	const shadowed = new Map<string, ShadowReport['shadowed'][number]>();

	for (const path of witnesses(model, kitRoutes)) {
		for (const method of methods) {
			const hits = model.dispatch(path, method === '*' ? OTHER_METHOD : method);
			const first = hits[0];
			if (!first) continue;
			wins.add(first.kind === 'kit' ? kitKey(first.site, first.route, method) : legacyKey(first.route, method));
			const kit = hits.find((hit): hit is Extract<Hit, { kind: 'kit' }> => hit.kind === 'kit');
			const legacy = hits.find((hit): hit is Extract<Hit, { kind: 'legacy' }> => hit.kind === 'legacy');
			if (!kit || !legacy) continue;
			const endpoint = endpointRef(kit.site, kit.route);
			overlaps.add(legacyKey(legacy.route, method));
			if (kit.handled) overlaps.add(kitKey(kit.site, kit.route, method));
			if (first === kit) {
				const status = kit.handled ? ('handler' as const) : (405 as const);
				setOnce(moved, legacyKey(legacy.route, method), {
					method,
					legacy: legacyRef(legacy.route),
					endpoint,
					status,
					example: path,
					partial: false
				});
			} else if (kit.handled) {
				setOnce(shadowed, kitKey(kit.site, kit.route, method), {
					method,
					endpoint,
					legacy: legacyRef(legacy.route),
					example: path,
					partial: false
				});
			}
		}
	}

	for (const [key, entry] of moved) report.moved.push({ ...entry, partial: wins.has(key) });
	for (const [key, entry] of shadowed) report.shadowed.push({ ...entry, partial: wins.has(key) });
	for (const { site, route, methods: own } of kitRoutes) {
		for (const method of own)
			if (!overlaps.has(kitKey(site, route, method))) report.added.push({ method, endpoint: endpointRef(site, route) });
	}
	for (const route of model.legacy) {
		for (const method of route.methods)
			if (!overlaps.has(legacyKey(route, method))) report.notMoved.push({ method, legacy: legacyRef(route) });
	}
	return report;
}

/** Sample paths from every `+server` route (below each mount point) and every legacy pattern. */
function witnesses(model: HostModel, kitRoutes: Array<{ site: Site; route: Route }>): Set<string> {
	const paths = new Set<string>();
	for (const { site, route } of kitRoutes) {
		const bases = site.basePatterns.flatMap((pattern) => (pattern ? patternSamples(pattern) : ['']));
		for (const base of bases) for (const path of routeIdSamples(route.id)) paths.add(joinPath(base, path));
	}
	for (const route of model.legacy) for (const pattern of route.patterns) for (const path of patternSamples(pattern)) paths.add(path);
	return paths;
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

function setOnce<K, V>(map: Map<K, V>, key: K, value: V): void {
	if (!map.has(key)) map.set(key, value);
}
