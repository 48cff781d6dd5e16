// The legacy fixture apps, imported at run time rather than with a static import: mocha
// require()s test files and tsx then compiles their static imports to CommonJS, which would give
// an app a second copy of the store it shares with its route files (which kit-endpoints import()s).
import type * as ExpressFixture from '../fixtures/legacy-express/app.js';
import type * as KoaFixture from '../fixtures/legacy-koa/app.js';

export async function createExpressApp(
	...args: Parameters<typeof ExpressFixture.createApp>
): Promise<ReturnType<typeof ExpressFixture.createApp>> {
	const { createApp } = (await import('../fixtures/legacy-express/app.js')) as typeof ExpressFixture;
	return createApp(...args);
}

export async function createKoaApp(...args: Parameters<typeof KoaFixture.createApp>): Promise<ReturnType<typeof KoaFixture.createApp>> {
	const { createApp } = (await import('../fixtures/legacy-koa/app.js')) as typeof KoaFixture;
	return createApp(...args);
}
