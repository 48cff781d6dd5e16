import { BASE_MODULE, type BaseChoice } from './base.js';
import type { EnvNames } from './env.js';
import { GENERATED } from './route-types.js';

/**
 * `ambient.d.ts`: the `$env/*` modules, typed with the variables known now, and the `$app/*`
 * modules a route file may import. With SvelteKit installed its own declarations of `$app/*`
 * are referenced instead, since declaring `export const dev` a second time would clash.
 */
export function ambientTypes(env: EnvNames, base: BaseChoice): string {
	const blocks = [
		[GENERATED, `// base types: ${BASE_MODULE[base.types]} (${base.reason})`].join('\n'),
		...(base.types === 'kit' ? ['/// <reference types="@sveltejs/kit" />'] : []),
		staticModule('private', env.private),
		staticModule('public', env.public),
		dynamicModule('private', env),
		dynamicModule('public', env),
		...(base.types === 'kit' ? [] : [appModules('$app/environment')])
	];
	return blocks.join('\n\n') + '\n';
}

function staticModule(kind: 'public' | 'private', names: string[]): string {
	return [
		`/** The ${kind} environment variables known when \`kit-endpoints sync\` ran. */`,
		`declare module '$env/static/${kind}' {`,
		...names.map((name) => `\texport const ${name}: string;`),
		'}'
	].join('\n');
}

/**
 * Names known now are `string`; any other name with the module's prefix may be set at run
 * time, and a name with the other module's prefix is never there.
 */
function dynamicModule(kind: 'public' | 'private', env: EnvNames): string {
	const own = kind === 'public' ? env.publicPrefix : env.privatePrefix;
	const other = kind === 'public' ? env.privatePrefix : env.publicPrefix;
	const fields = (kind === 'public' ? env.public : env.private).map((name) => `\t\t${name}: string;`);
	if (other) fields.push(`\t\t[key: \`${other}\${string}\`]: undefined;`);
	fields.push(`\t\t[key: \`${own}\${string}\`]: string | undefined;`);
	return [
		`/** The ${kind} environment variables as the process sees them when a request runs. */`,
		`declare module '$env/dynamic/${kind}' {`,
		'\texport const env: {',
		...fields,
		'\t};',
		'}'
	].join('\n');
}

/**
 * What kit-endpoints' own types declare for SvelteKit's `$app/*` modules when `@sveltejs/kit`'s
 * are not used: `environment` is `$app/environment` in SvelteKit 2, `$app/env` in 3.
 */
export function appModules(environment: string): string {
	return `/** Where the code runs; on the server \`browser\` is always false. */
declare module '${environment}' {
	export const browser: boolean;
	export const dev: boolean;
	export const building: boolean;
	export const version: string;
}

declare module '$app/server' {
	import type { RequestEvent } from 'kit-endpoints';

	/** The event of the request being handled; throws outside one. */
	export function getRequestEvent(): RequestEvent;
	/** A file from the app's assets, as a Response. */
	export function read(asset: string): Response;
}`;
}
