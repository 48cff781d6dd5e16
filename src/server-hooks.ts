import { relative } from './paths.js';
import type { Importer } from './routes/load.js';
import type { HandleServerError, ServerHooks } from './types.js';

const HOOKS = ['handle', 'handleError', 'handleFetch', 'init'] as const;

export interface AppHooks extends ServerHooks {
	handleError: HandleServerError;
}

/**
 * The hooks that apply: those of `src/hooks.server.js` (a path, imported through `load`) or
 * of an object, over the `handleError` option. Problems are added to `problems`.
 */
export async function loadHooks(
	source: string | ServerHooks | undefined,
	handleError: { option: HandleServerError | undefined; fallback: HandleServerError },
	load: Importer,
	problems: string[]
): Promise<AppHooks> {
	let hooks: Record<string, unknown> = {};
	let where = 'the hooks option';
	if (typeof source === 'string') {
		where = relative(source);
		const module = await load(source);
		if (!module) return { handleError: handleError.option ?? handleError.fallback };
		hooks = module;
	} else if (source) {
		hooks = source as Record<string, unknown>;
	}

	for (const name of HOOKS) {
		if (hooks[name] !== undefined && typeof hooks[name] !== 'function') {
			problems.push(`${where}: \`${name}\` must be a function`);
		}
	}
	if (typeof hooks.handleError === 'function' && handleError.option) {
		problems.push(`${where} exports handleError, and the handleError option is set too: keep one of them`);
	}
	const fn = <T>(name: string) => (typeof hooks[name] === 'function' ? (hooks[name] as T) : undefined);
	return {
		handle: fn('handle'),
		handleError: fn<HandleServerError>('handleError') ?? handleError.option ?? handleError.fallback,
		handleFetch: fn('handleFetch'),
		init: fn('init')
	};
}
