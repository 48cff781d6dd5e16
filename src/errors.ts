/**
 * An app that cannot be served: its hooks fail to load or `init()` fails. Every problem found is
 * listed at once, each naming the file at fault, so one start-up shows everything there is to fix.
 */
export class AppLoadError extends Error {
	override name = 'AppLoadError';
	readonly problems: readonly string[];

	constructor(dir: string, problems: string[], options?: ErrorOptions) {
		super(`${new.target.heading} ${dir}:${problems.map((problem) => `\n  - ${problem}`).join('')}`, options);
		this.problems = problems;
	}

	protected static heading = 'Cannot load the app in';
}

/**
 * A route tree that cannot be served: bad file names, conflicting routes, route modules that
 * fail to import or export what SvelteKit refuses. Problems of the app's hooks found in the
 * same load are listed with the tree's.
 */
export class RouteTreeError extends AppLoadError {
	override name = 'RouteTreeError';
	protected static override heading = 'Invalid route tree in';
}

/** A request the client got wrong: answered with `status` and never logged as a server fault. */
export class RequestError extends Error {
	override name = 'RequestError';
	readonly status: number;
	/** the short text SvelteKit shows to the client (`Malformed URI`, `Payload Too Large`) */
	readonly text: string;

	constructor(status: number, text: string, message: string = text) {
		super(message);
		this.status = status;
		this.text = text;
	}
}
