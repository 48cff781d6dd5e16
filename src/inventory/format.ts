/** The shadowing report as text, for the CLI and the development start-up message. */
import { relative } from '../paths.js';
import type { EndpointRef, ShadowReport } from './shadow.js';

export function formatShadowReport(report: ShadowReport): string {
	const host = report.framework === 'koa' ? 'Koa' : 'Express';
	const where = report.endpoints.map((e) => `${e.base || '/'} (${e.routes} routes, fallthrough '${e.fallthrough}')`).join(', ');
	const lines = [`Shadowing report: ${host} app, kit-endpoints at ${where}`];
	section(
		lines,
		'Legacy routes now answered by +server files (the middleware comes first)',
		report.moved.map((e) => [
			method(e.method),
			e.legacy.path,
			`→ ${e.answer === '405' ? '405 from ' : ''}${endpoint(e.endpoint)}`,
			`e.g. ${e.example}${e.partial ? ' (only some paths)' : ''}`
		])
	);
	section(
		lines,
		'+server routes that never see these requests (a legacy route earlier in the stack answers)',
		report.shadowed.map((e) => [
			method(e.method),
			endpoint(e.endpoint),
			`← ${e.legacy.path}`,
			`e.g. ${e.example}${e.partial ? ' (only some paths)' : ''}`
		])
	);
	section(
		lines,
		'New +server routes (no legacy route overlaps)',
		report.added.map((e) => [method(e.method), endpoint(e.endpoint)])
	);
	section(
		lines,
		'Legacy routes not moved yet',
		report.notMoved.map((e) => [method(e.method), e.legacy.path])
	);
	const rows = [...report.moved, ...report.shadowed, ...report.added, ...report.notMoved];
	if (rows.some((row) => row.method === '*')) lines.push('', '*: every method neither side names (fallback, app.all, router.all)');
	for (const note of report.notes) lines.push(`Note: ${note}`);
	return lines.join('\n');
}

function section(lines: string[], title: string, rows: string[][]): void {
	lines.push('', `${title}:`);
	if (!rows.length) {
		lines.push('  (none)');
		return;
	}
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
	for (const row of rows) lines.push(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
}

function method(name: string): string {
	return name;
}

function endpoint(ref: EndpointRef): string {
	const id = ref.base ? `${ref.base} ${ref.id}` : ref.id;
	return ref.file ? `${id} (${relative(ref.file)})` : id;
}
