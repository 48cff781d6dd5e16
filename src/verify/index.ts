/**
 * `kit-endpoints verify <requests.json>`: the same requests sent to the app's route files
 * served here and served by real SvelteKit, and every difference printed.
 */
import path from 'node:path';
import { PASSED, startHere } from './here.js';
import { readRequests, type VerifyRequest } from './requests.js';
import { send, type Answer } from './send.js';
import { startSvelteKit, type Server } from './sveltekit.js';

export { VerifyError } from './requests.js';

/** Headers that depend on the connection or the moment, never on the route. */
const ALWAYS_IGNORED = ['date', 'connection', 'keep-alive', 'transfer-encoding'];

export interface VerifyOptions {
	/** the app's folder (svelte.config.js, vite.config.*, src); default: the working directory */
	app?: string;
	/** the routes folder; default: the app's src/routes */
	routes?: string;
	/** where the report goes, line by line */
	print?: (line: string) => void;
}

/** Resolves with the number of requests whose answers differ. */
export async function verify(file: string, options: VerifyOptions = {}): Promise<number> {
	const print = options.print ?? ((line: string) => console.log(line));
	const { requests, ignoreHeaders } = readRequests(file);
	const app = path.resolve(options.app ?? '.');
	const ignored = new Set([...ALWAYS_IGNORED, ...ignoreHeaders.map((name) => name.toLowerCase())]);
	const servers: Server[] = [];
	try {
		const kit = await startSvelteKit(app, (line) => print(line));
		servers.push(kit);
		const here = await startHere(app, path.resolve(options.routes ?? path.join(app, 'src', 'routes')));
		servers.push(here);
		print(
			`Comparing ${requests.length} request${requests.length === 1 ? '' : 's'}: kit-endpoints, and SvelteKit served by ${kit.via}\n`
		);
		let differing = 0;
		for (const request of requests) {
			// in order, on both sides: later requests may rely on what earlier ones did
			const [ours, theirs] = [await send(here.origin, request), await send(kit.origin, request)];
			const lines = differences(normalised(ours, here.origin), normalised(theirs, kit.origin), ignored);
			if (ours.headers[PASSED]) print(`- ${request.name}: passed on by kit-endpoints (no route, or a page request): not compared`);
			else if (lines.length === 0) print(`✓ ${request.name}`);
			else {
				differing += 1;
				print(`✗ ${describe(request)}`);
				for (const line of lines) print(`    ${line}`);
			}
		}
		print(`\n${differing === 0 ? 'No differences.' : `${differing} of ${requests.length} requests differ.`}`);
		return differing;
	} finally {
		await Promise.all(servers.map((server) => server.stop()));
	}
}

function describe(request: VerifyRequest): string {
	const title = `${request.method} ${request.path}`;
	return request.name === title ? title : `${request.name} (${title})`;
}

/** The answer with each server's own origin written `{{origin}}`, so that both read alike. */
function normalised(answer: Answer, origin: string): Answer {
	const headers = Object.fromEntries(
		Object.entries(answer.headers).map(([name, value]) => [name, value.replaceAll(origin, '{{origin}}')])
	);
	const text = answer.body.toString('utf8');
	const body = text.includes(origin) ? Buffer.from(text.replaceAll(origin, '{{origin}}')) : answer.body;
	return { status: answer.status, headers, body };
}

/** What differs, one line each: status, each header, body. */
function differences(ours: Answer, theirs: Answer, ignored: Set<string>): string[] {
	const lines: string[] = [];
	if (ours.status !== theirs.status) lines.push(`status: kit-endpoints ${ours.status}, SvelteKit ${theirs.status}`);
	const names = [...new Set([...Object.keys(ours.headers), ...Object.keys(theirs.headers)])].sort();
	for (const name of names) {
		if (ignored.has(name)) continue;
		const [a, b] = [ours.headers[name], theirs.headers[name]];
		if (a !== b) lines.push(`header ${name}: kit-endpoints ${shown(a)}, SvelteKit ${shown(b)}`);
	}
	if (!ours.body.equals(theirs.body)) {
		const [a, b] = [ours.body.toString('utf8'), theirs.body.toString('utf8')];
		let at = 0;
		while (at < a.length && a[at] === b[at]) at++;
		const where = a.length + b.length > 2 * SHOWN ? ` (${ours.body.length} and ${theirs.body.length} bytes, from character ${at})` : '';
		lines.push(`body${where}:`, `  kit-endpoints ${excerpt(a, at)}`, `  SvelteKit     ${excerpt(b, at)}`);
	}
	return lines;
}

function shown(value: string | undefined): string {
	return value === undefined ? '(none)' : JSON.stringify(value);
}

const SHOWN = 80;

/** The text around where the bodies part, or all of it when short. */
function excerpt(text: string, at: number): string {
	if (text.length <= SHOWN) return JSON.stringify(text);
	const start = Math.max(0, at - SHOWN / 4);
	const end = start + SHOWN;
	return `${start > 0 ? '…' : ''}${JSON.stringify(text.slice(start, end))}${end < text.length ? '…' : ''}`;
}
