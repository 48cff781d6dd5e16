import { relative } from '../paths.js';
import type { RouteMessages } from './messages.js';
import type { Dir, Node } from './walk.js';

/** `+page@x.svelte` must name a segment above it. */
export function checkNamedLayouts(dirs: Dir[], problems: string[], messages: RouteMessages): void {
	for (const route of dirs) {
		if (route.leaf?.parentId === undefined) continue;
		let node: Node = route.leaf;
		let parentId: string | undefined = node.parentId;
		for (let current: Dir | null = route; current; current = current.parent) {
			if (parentId !== undefined && current.segment !== parentId) continue;
			// the root always has a layout: SvelteKit supplies a default one
			const layout = current.layout ?? (current.parent ? null : {});
			if (layout) node = layout;
			parentId = layout?.parentId;
		}
		if (parentId !== undefined) {
			problems.push(messages.layoutSegmentMissing(relative(node.component ?? route.dir), parentId));
		}
	}
}
