/**
 * A route tree that cannot be served. Every problem found is listed at once, each naming the
 * file or directory at fault, so one start-up shows everything there is to fix.
 */
export class RouteTreeError extends Error {
	override name = 'RouteTreeError';
	readonly problems: readonly string[];

	constructor(dir: string, problems: string[], options?: ErrorOptions) {
		const list = problems.map((problem) => `\n  - ${problem}`).join('');
		super(`Invalid route tree in ${dir}:${list}`, options);
		this.problems = problems;
	}
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
