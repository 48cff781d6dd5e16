// Requests recorded against a real server, and the same requests replayed against ours: the
// format of test/fixtures/kit3/sveltekit-app.expected.json, the client that sends a case (the
// recorder, scripts/record-sveltekit3.ts, and the test use the same one, so both servers get
// the same bytes), and the comparison. Not a spec file.
import http from 'node:http';

/**
 * How the real server answered a case, and so what kit-endpoints is to do with it:
 * - `endpoint`: a `+server` file (or SvelteKit before it) answered: ours must answer the same;
 * - `page`: SvelteKit rendered the route's page (or refused a method for it): ours passes the
 *   request on to the host's page renderer with that route id (`x-host-page`);
 * - `no-route`: no route matched, and SvelteKit rendered its 404 page: ours passes on to the host;
 * - `error-page`: SvelteKit rendered its error page component (a Svelte page, which ours has no
 *   way to render): ours answers the same status with an HTML page.
 */
export type Via = 'endpoint' | 'page' | 'no-route' | 'error-page';

export interface RecordedRequest {
	/** what the case shows, unique in the file */
	name: string;
	method: string;
	/** path and query, sent as written (so a malformed escape reaches the server) */
	path: string;
	/**
	 * Request headers. `{{origin}}` is the server's origin; `{{session:<name>}}` the session
	 * cookie pair an earlier case saved under that name.
	 */
	headers?: Record<string, string>;
	/** the body, whole (`{{x*<n>}}` is n times `x`); or `chunks`, sent chunked */
	body?: string;
	chunks?: string[];
	/** the `todo_session` cookie this answer sets is saved under this name */
	save?: string;
	via: Via;
	/** for `via: 'page'`: the route whose page answers */
	route?: string;
}

export interface RecordedReply {
	status: number;
	/** lower-case names; `set-cookie` always a list; date, connection and keep-alive left out */
	headers: Record<string, string | string[]>;
	/** the body as text; for a page SvelteKit rendered, only the markup of its body element */
	body: string;
}

export interface RecordedCase {
	request: RecordedRequest;
	response: RecordedReply;
}

export interface Recording {
	/** how it was recorded: versions, environment, options */
	recorded: Record<string, unknown>;
	cases: RecordedCase[];
}

/** The headers compared between the recorded answer and ours (the others may differ by host). */
export const COMPARED_HEADERS = [
	'content-type',
	'content-length',
	'location',
	'set-cookie',
	'allow',
	'vary',
	'etag',
	'cache-control',
	'content-language',
	'content-disposition',
	'server-timing',
	'x-sveltekit-normalize'
] as const;

const VOLATILE_HEADERS = new Set(['date', 'connection', 'keep-alive']);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIMING = /\bdur=\d+(?:\.\d+)?/g;

export interface Sent {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** Sends one case to `origin`, with the session cookies saved so far in `sessions`. */
export function sendCase(origin: string, request: RecordedRequest, sessions: Map<string, string>): Promise<Sent> {
	const fill = (text: string) =>
		text
			.replaceAll('{{origin}}', origin)
			.replace(/\{\{session:([\w-]+)\}\}/g, (_, name: string) => sessions.get(name) ?? `todo_session=unknown-${name}`)
			.replace(/\{\{(.)\*(\d+)\}\}/g, (_, char: string, times: string) => char.repeat(Number(times)));
	const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name, fill(value)]));
	return new Promise((resolve, reject) => {
		const req = http.request(`${origin}${request.path}`, {
			method: request.method,
			headers: { connection: 'close', ...headers },
			agent: false
		});
		req.on('error', reject);
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		if (request.chunks) {
			for (const chunk of request.chunks) req.write(fill(chunk));
			req.end();
		} else {
			req.end(request.body === undefined ? undefined : fill(request.body));
		}
	});
}

/** Keeps the session cookie an answer sets, if the case asks for it. */
export function saveSession(request: RecordedRequest, sent: Sent, sessions: Map<string, string>): void {
	if (!request.save) return;
	const line = [sent.headers['set-cookie'] ?? []].flat().find((cookie) => cookie.startsWith('todo_session='));
	if (line) sessions.set(request.save, line.slice(0, line.indexOf(';')));
}

/**
 * An answer in the recorded form, with what changes from run to run replaced: the origin
 * (`<origin>`, `<host>`), uuids (`<uuid>`) and timings (`dur=<n>`). A content-length follows its
 * body's replacements, so that a body with the origin in it compares across ports.
 */
export function recordReply(sent: Sent, origin: string, via: Via): RecordedReply {
	const host = new URL(origin).host;
	const scrub = (text: string) =>
		text.replaceAll(origin, '<origin>').replaceAll(host, '<host>').replace(UUID, '<uuid>').replace(TIMING, 'dur=<n>');
	const raw = sent.body.toString('utf8');
	const body = scrub(via === 'endpoint' ? raw : renderedMarkup(raw));
	const headers: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(sent.headers)) {
		if (value === undefined || VOLATILE_HEADERS.has(name)) continue;
		headers[name] = Array.isArray(value) ? value.map(scrub) : scrub(value);
	}
	const length = headers['content-length'];
	if (typeof length === 'string' && via === 'endpoint' && Number(length) === sent.body.length) {
		headers['content-length'] = String(Buffer.byteLength(scrub(raw)));
	}
	return { status: sent.status, headers, body };
}

/** What a page rendered by Svelte shows: the markup inside app.html's body, without hydration comments or scripts. */
function renderedMarkup(html: string): string {
	const start = html.indexOf('<div style="display: contents">');
	if (start === -1) return html;
	const inner = html.slice(start + '<div style="display: contents">'.length);
	const script = inner.search(/<script\b/);
	return (script === -1 ? inner : inner.slice(0, script))
		.replace(/<!--[^]*?-->/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Where our answer to a case differs from the recorded one, in words (none if it does not). */
export function differences(recorded: RecordedCase, ours: RecordedReply): string[] {
	const { request, response } = recorded;
	const found: string[] = [];
	const expect = (what: string, want: unknown, got: unknown) => {
		if (JSON.stringify(want) !== JSON.stringify(got)) found.push(`${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
	};
	switch (request.via) {
		case 'endpoint':
			expect('status', response.status, ours.status);
			for (const header of COMPARED_HEADERS) expect(header, response.headers[header], ours.headers[header]);
			expect('body', response.body, ours.body);
			break;
		case 'page':
			expect('x-host-page', request.route, ours.headers['x-host-page']);
			expect('vary', response.headers.vary, ours.headers.vary);
			break;
		case 'no-route':
			expect('x-host', '404', ours.headers['x-host']);
			break;
		case 'error-page':
			expect('status', response.status, ours.status);
			expect('content-type', 'text/html', String(ours.headers['content-type']).split(';')[0]);
			break;
	}
	return found;
}
