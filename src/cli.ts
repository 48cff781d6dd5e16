#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { RouteTreeError } from './errors.js';
import { loadRouteTree } from './routes/index.js';
import type { Route } from './routes/types.js';

const USAGE = `Usage: kit-endpoints routes <routes-dir> [--params <dir>]

Prints the route table in priority order: route id, URL pattern, exported methods,
and whether a page shares the route. A tree with errors prints all of them and exits 1.`;

async function main(argv: string[]): Promise<number> {
	const { positionals, values } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: { params: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
	});
	const [command, dir, ...extra] = positionals;
	if (values.help || command !== 'routes' || !dir || extra.length) {
		(values.help ? console.log : console.error)(USAGE);
		return values.help ? 0 : 2;
	}

	try {
		const tree = await loadRouteTree(dir, { params: values.params });
		console.log(formatTable(tree.routes));
		return 0;
	} catch (error) {
		console.error(error instanceof RouteTreeError ? error.message : error);
		return 1;
	}
}

function formatTable(routes: Route[]): string {
	const rows = [
		['ROUTE', 'PATTERN', 'METHODS', 'PAGE'],
		...routes.map((route) => [
			route.id,
			route.pattern.source.replace(/\\\//g, '/'),
			methodsOf(route),
			route.pages.length ? 'yes' : 'no'
		])
	];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
	return rows
		.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd())
		.join('\n');
}

function methodsOf(route: Route): string {
	if (!route.module) return '-';
	const methods = [...route.methods];
	if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
	if (typeof route.module.fallback === 'function') methods.push('fallback');
	return methods.join(', ') || '-';
}

process.exitCode = await main(process.argv.slice(2));
