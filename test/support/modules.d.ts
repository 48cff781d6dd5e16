// Types for the hosts the suite runs on that ship none: the npm aliases of older majors (typed
// in hosts.ts as the current major they stand beside) and polka 0.5.
declare module 'express4' {
	const express4: unknown;
	export default express4;
}

declare module 'koa2' {
	const Koa2: unknown;
	export default Koa2;
}

declare module 'polka' {
	import type { IncomingMessage, Server, ServerResponse } from 'node:http';

	type Next = (error?: unknown) => void;
	type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

	interface Options {
		server?: Server;
		onError?: (error: unknown, req: IncomingMessage, res: ServerResponse, next: Next) => void;
		onNoMatch?: (req: IncomingMessage, res: ServerResponse) => void;
	}

	interface Polka {
		use(...handlers: Middleware[]): Polka;
		use(base: string, ...handlers: Middleware[]): Polka;
		/** the app's request listener (bound) */
		handler: (req: IncomingMessage, res: ServerResponse) => void;
	}

	export default function polka(options?: Options): Polka;
}
