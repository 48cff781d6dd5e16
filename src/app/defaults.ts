/**
 * SvelteKit's defaults for where an app keeps things (its `kit.files` and `kit.env` config), in
 * one place for the middleware, `sync` and the CLI.
 */
import path from 'node:path';

/** `$lib`: the `lib` folder beside the routes, as `src/lib` is beside `src/routes`. */
export function defaultLib(routes: string): string {
	return path.join(routes, '..', 'lib');
}

export interface EnvSettings {
	/** where the `.env` files are */
	dir: string;
	publicPrefix: string;
	privatePrefix: string;
}

/** `kit.env`'s defaults: `.env` files in the working directory, `PUBLIC_` for public names. */
export function envSettings(given: Partial<EnvSettings> = {}, cwd = '.'): EnvSettings {
	return {
		dir: path.resolve(cwd, given.dir ?? '.'),
		publicPrefix: given.publicPrefix ?? 'PUBLIC_',
		privatePrefix: given.privatePrefix ?? ''
	};
}
