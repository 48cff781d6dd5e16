import type { RouteMessages } from './messages.js';
import type { Dir } from './walk.js';

/**
 * Two routes conflict when they match the same URLs with the same kinds of params. Optional
 * params that are not last expand into the ids with and without them.
 */
export function checkConflicts(dirs: Dir[], problems: string[], messages: RouteMessages): void {
	const seen = new Map<string, string>();
	for (const route of dirs) {
		if (!route.leaf && !route.endpoint) continue;
		for (const variant of variants(normalizeForConflicts(route.id))) {
			const key = variant
				.replace(/\/{2,}/, '/')
				.replace(/^\//, '')
				.replace(/\/$/, '');
			const other = seen.get(key);
			if (other !== undefined) {
				problems.push(messages.conflict(other, route.id));
				break;
			}
			seen.set(key, route.id);
		}
	}
}

/** A normalized id with its optional params that are not last, both present and absent. */
function variants(normalized: string): string[] {
	if (/<\?.+?>$/.test(normalized) || !/<\?.+?>/.test(normalized)) return [normalized];
	const pieces = normalized.split(/<\?(.+?)>/g);
	let variants = [pieces[0]!];
	for (let i = 1; i < pieces.length; i += 2) {
		const matcher = pieces[i]!;
		const next = pieces[i + 1]!;
		variants = variants.flatMap((variant) =>
			matcher === '*' && variant.endsWith('//') ? [variant + next] : [variant + next, `${variant}<${matcher}>${next}`]
		);
	}
	return variants;
}

/** `[p]` → `<*>`, `[p=m]` → `<=m>`, `[[p]]` → `<?*>`, `[...p]` → `<...*>`; groups removed. */
function normalizeForConflicts(id: string): string {
	return id
		.replace(/(?<=^|\/)\(.+?\)(?=$|\/)/g, '')
		.replace(/\[[ux]\+([0-9a-f-]+)\]/g, (_, code: string) =>
			String.fromCodePoint(...code.split('-').map((c) => parseInt(c, 16))).replace(/\//g, '%2f')
		)
		.replace(
			/\[(?:(\[)|(\.\.\.))?.+?(=.+?)?\]\]?/g,
			(_, optional?: string, rest?: string, matcher?: string) => `<${optional ? '?' : ''}${rest ?? ''}${matcher ?? '*'}>`
		);
}
