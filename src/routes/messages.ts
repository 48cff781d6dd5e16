/**
 * The route tree's problems in the words of one SvelteKit major (create_manifest_data, the
 * matcher checks and utils/exports.js). The callers add where a problem is; the sentences are
 * SvelteKit's. SvelteKit 3 puts names and paths in backticks (src/messages/build-errors.js).
 */
export interface RouteMessages {
	escapeUppercase(id: string): string;
	escapeInvalid(id: string): string;
	escapeHexLength(id: string): string;
	escapeUnicodeLength(id: string): string;
	paramsAdjacent(id: string): string;
	unbalancedBrackets(id: string): string;
	hashCharacter(id: string, suggestion: string): string;
	optionalAfterRest(id: string): string;
	optionalRest(id: string): string;
	/** `param` is the inside of the brackets: `a.b` of `[a.b]` */
	paramInvalid(param: string, id: string): string;
	fileReserved(file: string): string;
	/** `layout` with its `@` */
	namedLayoutInModule(layout: string, name: string, file: string): string;
	duplicateFiles(type: string, directory: string, existing: string, file: string): string;
	routesNotFound(dir: string): string;
	layoutSegmentMissing(file: string, segment: string): string;
	conflict(first: string, second: string): string;
	/** `route` says who uses the matcher (`route /a/[x=int]`), `context` where it was looked for */
	matcherMissing(name: string, route: string, context: string): string;
	invalidExport(key: string, file: string, exports: readonly string[]): string;
	/** `locations`: the route files where `key` is valid, such as `+page.js` */
	invalidExportLocation(key: string, file: string, locations: readonly string[]): string;
	/** `exports`: the exports that keep an endpoint from being prerendered */
	prerenderMethods(id: string, exports: readonly string[]): string;
	prerenderPageAndEndpoint(id: string, file: string): string;
}

/** `a`, `a or b`, `a, b or c` (utils/format.js `join_or`) */
function joinOr(items: readonly string[]): string {
	return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');
}

export const kit2RouteMessages: RouteMessages = {
	escapeUppercase: (id) => `Character escape sequence in ${id} must be lowercase`,
	escapeInvalid: (id) => `Invalid character escape sequence in ${id}`,
	escapeHexLength: (id) => `Hexadecimal escape sequence in ${id} must be two characters`,
	escapeUnicodeLength: (id) => `Unicode escape sequence in ${id} must be between four and six characters`,
	paramsAdjacent: (id) => `Invalid route ${id} — parameters must be separated`,
	unbalancedBrackets: (id) => `Invalid route ${id} — brackets are unbalanced`,
	hashCharacter: (id, suggestion) => `Route ${id} should be renamed to ${suggestion}`,
	optionalAfterRest: (id) => `Invalid route ${id} — an [[optional]] route segment cannot follow a [...rest] route segment`,
	optionalRest: (id) => `Invalid route ${id} — a rest route segment is always optional, remove the outer square brackets`,
	paramInvalid: (param) => `Invalid param: ${param}. Params and matcher names can only have underscores and alphanumeric characters.`,
	fileReserved: (file) => `Files prefixed with + are reserved (saw ${file})`,
	namedLayoutInModule: (layout, name, file) =>
		`Only Svelte files can reference named layouts. Remove '${layout}' from ${name} (at ${file})`,
	duplicateFiles: (type, directory, existing, file) => `Multiple ${type} files found in ${directory} : ${existing} and ${file}`,
	routesNotFound: (dir) =>
		`No routes found in ${dir}. If you are using a custom src/routes directory, make sure it is specified in your Svelte config file`,
	layoutSegmentMissing: (file, segment) => `${file} references missing segment "${segment}"`,
	conflict: (first, second) => `The "${first}" and "${second}" routes conflict with each other`,
	matcherMissing: (name, route, context) => `No matcher found for parameter '${name}' in ${route} (${context})`,
	invalidExport: (key, file, exports) =>
		`Invalid export '${key}' in ${file} (valid exports are ${exports.join(', ')}, or anything with a '_' prefix)`,
	invalidExportLocation: (key, file, locations) =>
		`Invalid export '${key}' in ${file} ('${key}' is a valid export in ${joinOr(locations)})`,
	// analyse.js names the methods in this order, not in that of the list it checks
	prerenderMethods: (id) => `Cannot prerender a +server file with POST, PATCH, PUT, or DELETE (${id})`,
	prerenderPageAndEndpoint: (id, file) => `Cannot prerender a route (${id}) with both a \`+page.svelte\` and a \`${file}\``
};

export const kit3RouteMessages: RouteMessages = {
	escapeUppercase: (id) => `Character escape sequence in \`${id}\` must be lowercase`,
	escapeInvalid: (id) => `Invalid character escape sequence in \`${id}\``,
	escapeHexLength: (id) => `Hexadecimal escape sequence in \`${id}\` must be two characters`,
	escapeUnicodeLength: (id) => `Unicode escape sequence in \`${id}\` must be between four and six characters`,
	paramsAdjacent: (id) => `Invalid route \`${id}\` — parameters must be separated`,
	unbalancedBrackets: (id) => `Invalid route \`${id}\` — brackets are unbalanced`,
	hashCharacter: (id, suggestion) => `Route \`${id}\` should be renamed to ${suggestion}`,
	optionalAfterRest: (id) => `Invalid route \`${id}\` — an \`[[optional]]\` route segment cannot follow a \`[...rest]\` route segment`,
	optionalRest: (id) => `Invalid route \`${id}\` — a rest route segment is always optional, remove the outer square brackets`,
	paramInvalid: (param, id) =>
		`Invalid param: ${param} in route \`${id}\`. Params and matcher names can only have underscores, hyphens, and alphanumeric characters.`,
	fileReserved: (file) => `Files prefixed with \`+\` are reserved (saw \`${file}\`)`,
	namedLayoutInModule: (layout, name, file) =>
		`Only Svelte files can reference named layouts. Remove \`${layout}\` from \`${name}\` (at \`${file}\`)`,
	duplicateFiles: (type, directory, existing, file) =>
		`Multiple ${type} files found in \`${directory}\` : \`${existing}\` and \`${file}\``,
	routesNotFound: (dir) =>
		`No routes found in \`${dir}\`. If you are using a custom \`src/routes\` directory, make sure it is specified in your SvelteKit Vite plugin options`,
	layoutSegmentMissing: (file, segment) => `\`${file}\` references missing segment \`${segment}\``,
	conflict: (first, second) => `The \`${first}\` and \`${second}\` routes conflict with each other`,
	matcherMissing: (name, route, context) => `No matcher found for parameter \`${name}\` in ${route} (${context})`,
	invalidExport: (key, file, exports) =>
		`Invalid export \`${key}\` in \`${file}\` (valid exports are ${exports.join(', ')}, or anything with a \`'_'\` prefix)`,
	invalidExportLocation: (key, file, locations) =>
		`Invalid export \`${key}\` in \`${file}\` (\`${key}\` is a valid export in ${joinOr(locations)})`,
	prerenderMethods: (id, exports) =>
		`Cannot prerender a \`+server\` file with ${exports.filter((key) => key !== 'fallback').join(', ')} or fallback handlers (\`${id}\`)`,
	prerenderPageAndEndpoint: (id, file) => `Cannot prerender a route (\`${id}\`) with both a \`+page.svelte\` and a \`${file}\``
};
