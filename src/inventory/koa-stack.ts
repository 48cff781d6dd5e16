/**
 * The shadowing report's view of a Koa app: `app.middleware` in order, with @koa/router's
 * dispatch middleware (recognised by its `router` property) asked through the router's own
 * `match(path, method)`. @koa/router has already flattened nested routers and prefixes into
 * its stack.
 */
import { inspectionOf } from './inspect.js';
import { catchAllNote, isCatchAll, kitHit, type Hit, type HostModel, type LegacyRoute, type Site } from './model.js';

interface RouterLayer {
	path: unknown;
	methods: string[];
	stack: unknown[];
}

interface Router {
	opts?: { prefix?: string };
	stack: RouterLayer[];
	match(path: string, method: string): { pathAndMethod: RouterLayer[] };
}

type Node =
	{ kind: 'kit'; site: Site } | { kind: 'router'; router: Router; legacy: Map<RouterLayer, LegacyRoute>; sites: Map<RouterLayer, Site> };

export function isKoaApp(app: unknown): app is { middleware: unknown[] } {
	const host = app as { middleware?: unknown; callback?: unknown } | null;
	return typeof host === 'object' && host !== null && Array.isArray(host.middleware) && typeof host.callback === 'function';
}

export function koaModel(app: { middleware: unknown[] }): HostModel {
	const sites: Site[] = [];
	const legacy: LegacyRoute[] = [];
	const notes: string[] = [];
	const nodes: Node[] = [];
	for (const fn of app.middleware) {
		const inspection = inspectionOf(fn);
		if (inspection) {
			const site: Site = { inspection, base: '', basePatterns: [''] };
			sites.push(site);
			nodes.push({ kind: 'kit', site });
			continue;
		}
		const router = (fn as { router?: Router } | null)?.router;
		if (router && Array.isArray(router.stack) && typeof router.match === 'function') {
			nodes.push(routerNode(router, sites, legacy, notes));
		} else if ((fn as { name?: string }).name === 'mount') {
			notes.push('a koa-mount middleware is not walked: what it mounts is not visible from the app');
		}
	}
	return { framework: 'koa', sites, legacy, notes, dispatch: (path, method) => dispatch(nodes, path, method) };
}

/** A router's routes, and the kit-endpoints middleware it runs under a route of its own (`router.all('/api/{*rest}', ...)`). */
function routerNode(router: Router, sites: Site[], legacy: LegacyRoute[], notes: string[]): Node {
	// the router's own prefix, which its layers' paths begin with
	const prefix = router.opts?.prefix ?? '';
	const node: Node = { kind: 'router', router, legacy: new Map(), sites: new Map() };
	for (const layer of router.stack) {
		const inspection = layer.stack.map(inspectionOf).find((found) => found !== undefined);
		const path = typeof layer.path === 'string' ? layer.path : String(layer.path);
		if (inspection) {
			// as the Koa middleware reads its mount point: the pattern's static part
			const base = path.split(/[:{(*]/)[0]!.replace(/\/+$/, '');
			const site: Site = { inspection, base, basePatterns: [base] };
			sites.push(site);
			node.sites.set(layer, site);
		} else if (layer.methods.length > 0 && typeof layer.path === 'string' && isCatchAll([layer.path.slice(prefix.length)])) {
			notes.push(catchAllNote(path));
		} else if (layer.methods.length > 0) {
			const route: LegacyRoute = {
				path,
				methods: layer.methods.filter((m) => m !== 'HEAD' || !layer.methods.includes('GET')),
				patterns: typeof layer.path === 'string' ? [layer.path] : []
			};
			legacy.push(route);
			node.legacy.set(layer, route);
		}
	}
	return node;
}

function dispatch(nodes: Node[], path: string, method: string): Hit[] {
	const hits: Hit[] = [];
	for (const node of nodes) {
		if (node.kind === 'kit') {
			const hit = kitHit(node.site, path, method);
			if (hit) hits.push(hit);
			continue;
		}
		for (const layer of node.router.match(path, method).pathAndMethod) {
			const site = node.sites.get(layer);
			const hit: Hit | undefined = site
				? kitHit(site, path.slice(site.base.length) || '/', method)
				: node.legacy.has(layer)
					? { kind: 'legacy', route: node.legacy.get(layer)! }
					: undefined;
			if (hit) hits.push(hit);
		}
	}
	return hits;
}
