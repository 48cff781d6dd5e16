/**
 * The shadowing report's view of an Express 4 or 5 app: its router stack walked as Express
 * dispatches a request, through mounted routers (`app.use('/api', router)`, nested), with
 * Express's own layer matchers deciding what each layer takes.
 */
import { inspectionOf } from './inspect.js';
import { catchAllNote, isCatchAll, joinPath, kitHit, type Hit, type HostModel, type LegacyRoute, type Site } from './model.js';

/** The parts of Express's Layer and Route that the walk reads (Express 4 and router 2). */
interface Layer {
	handle: ((...args: never[]) => unknown) & { stack?: unknown };
	route?: { path: unknown; methods: Record<string, boolean | undefined>; _handlesMethod?(method: string): boolean };
	match(path: string): unknown;
	path?: string;
	/** router 2: the path as given to use() or route() */
	rawPath?: unknown;
	/** Express 4 */
	regexp?: RegExp & { fast_slash?: boolean };
	keys?: Array<{ name: string | number }>;
	name?: string;
}

type Node =
	| { kind: 'route'; layer: Layer; legacy: LegacyRoute }
	| { kind: 'kit'; layer: Layer; site: Site }
	| { kind: 'router'; layer: Layer; children: Node[] };

/** The router stack of an Express 5 app, an Express 4 app, or a Router itself; undefined otherwise. */
export function expressStack(app: unknown): Layer[] | undefined {
	const host = app as { lazyrouter?(): void; _router?: { stack?: unknown }; router?: { stack?: unknown }; stack?: unknown };
	if (typeof app !== 'function') return undefined;
	let stack: unknown;
	// Express 4: app.router is a getter that throws; its router is made on first use
	if (typeof host.lazyrouter === 'function') {
		host.lazyrouter();
		stack = host._router?.stack;
	} else stack = Array.isArray(host.stack) ? host.stack : 'router' in host ? host.router?.stack : undefined;
	// Connect's stack has no layers that match paths
	return Array.isArray(stack) && stack.every((layer: Layer) => typeof layer?.match === 'function') ? (stack as Layer[]) : undefined;
}

export function expressModel(stack: Layer[]): HostModel {
	const sites: Site[] = [];
	const legacy: LegacyRoute[] = [];
	const notes: string[] = [];

	const walk = (layers: Layer[], prefix: { display: string; patterns: string[] }): Node[] => {
		const nodes: Node[] = [];
		for (const layer of layers) {
			const inspection = inspectionOf(layer.handle);
			if (layer.route) {
				const own = patternsOf(layer.route.path);
				if (isCatchAll(own)) {
					notes.push(catchAllNote(joinPath(prefix.display, displayOf(layer.route.path))));
					continue;
				}
				const route: LegacyRoute = {
					path: joinPath(prefix.display, displayOf(layer.route.path)),
					methods: declaredMethods(layer.route.methods),
					patterns: own.length ? prefix.patterns.flatMap((p) => own.map((o) => joinPath(p, o))) : []
				};
				legacy.push(route);
				nodes.push({ kind: 'route', layer, legacy: route });
				continue;
			}
			const mount = mountOf(layer);
			const below = {
				display: joinPath(prefix.display, mount.display),
				patterns: mount.patterns.length ? prefix.patterns.flatMap((p) => mount.patterns.map((m) => joinPath(p, m))) : []
			};
			if (inspection) {
				const site: Site = { inspection, base: below.display === '/' ? '' : below.display, basePatterns: below.patterns };
				sites.push(site);
				nodes.push({ kind: 'kit', layer, site });
			} else if (Array.isArray(layer.handle.stack)) {
				nodes.push({ kind: 'router', layer, children: walk(layer.handle.stack as Layer[], below) });
			} else if (layer.name === 'mounted_app') {
				notes.push(
					`an Express app mounted at ${below.display} is not walked: mount its router (express.Router()) to include its routes`
				);
			}
		}
		return nodes;
	};
	const nodes = walk(stack, { display: '', patterns: [''] });
	return { framework: 'express', sites, legacy, notes, dispatch: (path, method) => dispatch(nodes, path, method, []) };
}

/** Who answers, in stack order, as Express's router would try them. */
function dispatch(nodes: Node[], path: string, method: string, hits: Hit[]): Hit[] {
	for (const node of nodes) {
		const matched = matchLayer(node.layer, path);
		if (matched === undefined) continue;
		if (node.kind === 'route') {
			if (handlesMethod(node.layer.route!, method)) hits.push({ kind: 'legacy', route: node.legacy });
		} else if (node.kind === 'kit') {
			const hit = kitHit(node.site, below(path, matched), method);
			if (hit) hits.push(hit);
		} else dispatch(node.children, below(path, matched), method, hits);
	}
	return hits;
}

/** The part of `path` the layer matched, or undefined. router 2.3 returns it; older ones set layer.path. */
function matchLayer(layer: Layer, path: string): string | undefined {
	let result: unknown;
	try {
		result = layer.match(path);
	} catch {
		return undefined;
	}
	if (!result) return undefined;
	if (typeof result === 'object' && typeof (result as { path?: unknown }).path === 'string') return (result as { path: string }).path;
	return layer.path ?? '';
}

function below(path: string, matched: string): string {
	const rest = path.slice(matched.length);
	return rest.startsWith('/') ? rest : `/${rest}`;
}

function handlesMethod(route: NonNullable<Layer['route']>, method: string): boolean {
	if (typeof route._handlesMethod === 'function') return route._handlesMethod(method);
	const name = method.toLowerCase();
	return Boolean(route.methods._all || route.methods[name] || (name === 'head' && route.methods.get));
}

function declaredMethods(methods: Record<string, boolean | undefined>): string[] {
	return Object.keys(methods)
		.filter((name) => methods[name])
		.map((name) => (name === '_all' ? '*' : name.toUpperCase()));
}

/** A mount point's patterns: router 2 keeps them; Express 4 only its regexp, read back when it is plain. */
function mountOf(layer: Layer): { display: string; patterns: string[] } {
	if (layer.rawPath !== undefined) return { display: displayOf(layer.rawPath), patterns: patternsOf(layer.rawPath) };
	const regexp = layer.regexp;
	if (!regexp || regexp.fast_slash) return { display: '', patterns: [''] };
	const prefix = express4Prefix(regexp, layer.keys ?? []);
	return prefix === undefined ? { display: String(regexp), patterns: [] } : { display: prefix, patterns: [prefix] };
}

/** `/^\/t\/(?:([^\/]+?))\/?(?=\/|$)/i` → `/t/:tenant`; undefined when the regexp is more than that. */
function express4Prefix(regexp: RegExp, keys: Array<{ name: string | number }>): string | undefined {
	const source = regexp.source.replace(/^\^/, '').replace(/\\\/\?\(\?=\\\/\|\$\)$/, '');
	let param = 0;
	const pattern = source.replace(/\(\?:\(\[\^\\\/\]\+\?\)\)/g, () => `:${keys[param++]?.name ?? 'param'}`).replace(/\\(.)/g, '$1');
	return /[()[\]|?*+^$]/.test(pattern) ? undefined : pattern;
}

function patternsOf(path: unknown): string[] {
	if (typeof path === 'string') return [path];
	if (Array.isArray(path)) return path.flat(Infinity).flatMap(patternsOf);
	return [];
}

function displayOf(path: unknown): string {
	if (Array.isArray(path)) return `[${path.flat(Infinity).map(displayOf).join(', ')}]`;
	return typeof path === 'string' ? path : String(path);
}
