/**
 * The `lightGlobals` option's Response: a class that stands in for the global `Response`, as
 * @hono/node-server's does by default. A Response made with a string or bytes body and a plain
 * init keeps them as given, so that the writer sends them without undici building headers, a
 * body stream and reading that stream back. Anything else about it (its `body`, `headers`,
 * `text()`, `clone()`...) is served by a real Response made on first use, the same one after.
 * What cannot be kept light (a stream body, FormData, an init Fetch would refuse) is a real
 * Response from the start, so that what is refused throws where Fetch throws it.
 */

import { standIn } from './light-members.js';

const NativeResponse = globalThis.Response;
type Body = string | Uint8Array | null;
type BodyInit = ConstructorParameters<typeof Response>[0];
type HeadersInit = ConstructorParameters<typeof Headers>[0];

/** A Response's status, header lines and body, as the writer sends them. */
export interface ResponseParts {
	status: number;
	headers: HeaderView;
	body: Body;
}

/**
 * What the writers read of a Response's headers: undici's Headers has all of it, and so does a
 * light Response's list of lines. `forEach` gives each Set-Cookie line on its own, as Headers' does.
 */
export interface HeaderView {
	forEach(callback: (value: string, name: string) => void): void;
	get(name: string): string | null;
	getSetCookie(): string[];
}

// RFC 9110's token, the characters of a header name
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// what Headers refuses in a value once its whitespace ends are trimmed: NUL, CR, LF, beyond latin-1
const BAD_VALUE = /[\0\r\n\u0100-\uffff]/;
const TRIM = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * Header lines as Headers would hold them: names in lower case, values trimmed, one line per
 * name but for Set-Cookie. Flat (name, value, name, value...) so that a few headers cost one array.
 */
class HeaderList implements HeaderView {
	constructor(readonly lines: string[]) {}

	forEach(callback: (value: string, name: string) => void): void {
		const lines = this.lines;
		for (let i = 0; i < lines.length; i += 2) callback(lines[i + 1]!, lines[i]!);
	}

	get(name: string): string | null {
		const lines = this.lines;
		for (let i = 0; i < lines.length; i += 2) if (lines[i] === name) return lines[i + 1]!;
		return null;
	}

	getSetCookie(): string[] {
		const cookies: string[] = [];
		this.forEach((value, name) => name === 'set-cookie' && cookies.push(value));
		return cookies;
	}

	/** The lines as a HeadersInit, for the real Response made on first use. */
	pairs(): [string, string][] {
		const pairs: [string, string][] = [];
		this.forEach((value, name) => pairs.push([name, value]));
		return pairs;
	}
}

/** A light init: status, reason and header lines; undefined when Fetch must judge the init itself. */
interface LightInit {
	status: number;
	statusText: string;
	lines: string[];
}

function lightInit(init: ResponseInit | undefined, hasBody: boolean): LightInit | undefined {
	if (init === undefined || init === null) return { status: 200, statusText: '', lines: [] };
	if (typeof init !== 'object') return undefined;
	const { headers, status = 200, statusText = '' } = init;
	if (!Number.isInteger(status) || status < 200 || status > 599 || (hasBody && NULL_BODY_STATUS.has(status))) return undefined;
	if (typeof statusText !== 'string' || !REASON.test(statusText)) return undefined;
	const lines = headerLines(headers);
	return lines && { status, statusText, lines };
}

/** The lines of a HeadersInit, checked as Headers checks them; undefined for what Headers must judge. */
function headerLines(init: HeadersInit | undefined): string[] | undefined {
	if (init === undefined) return [];
	const lines: string[] = [];
	if (init instanceof Headers) {
		init.forEach((value, name) => lines.push(name, value));
		return lines;
	}
	if (Array.isArray(init)) {
		for (const pair of init as unknown[]) {
			if (!Array.isArray(pair) || pair.length !== 2 || !addLine(lines, pair[0], pair[1])) return undefined;
		}
		return lines;
	}
	const proto: unknown = Object.getPrototypeOf(init);
	if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(init).length) return undefined;
	const record = init as Record<string, unknown>;
	for (const name of Object.keys(record)) if (!addLine(lines, name, record[name])) return undefined;
	return lines;
}

/** Adds a line; false for a name or value Headers would refuse, or a name given twice. */
function addLine(lines: string[], name: unknown, raw: unknown): boolean {
	if (typeof name !== 'string' || !TOKEN.test(name) || typeof raw === 'symbol') return false;
	let value = String(raw);
	if (BAD_VALUE.test(value)) {
		value = value.replace(TRIM, '');
		if (BAD_VALUE.test(value)) return false;
	} else if (value.length && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32)) {
		value = value.replace(TRIM, '');
	}
	const lower = name.toLowerCase();
	// Headers joins a repeated name into one value: rare enough to leave to Headers
	if (lower !== 'set-cookie') for (let i = 0; i < lines.length; i += 2) if (lines[i] === lower) return false;
	lines.push(lower, value);
	return true;
}

const TEXT_TYPE = 'text/plain;charset=UTF-8';
// the content-type a string body gets by default: Response.json() sets it for the one it makes
let nextTextType = TEXT_TYPE;

/** A body kept as it is; undefined for one only a real Response can hold. */
function lightBody(body: BodyInit | undefined): Body | undefined {
	if (body === undefined || body === null) return null;
	if (typeof body === 'string') return body;
	// as Fetch: bytes are copied, so that changing them later changes nothing sent
	if (body instanceof Uint8Array || body instanceof ArrayBuffer) return new Uint8Array(body);
	return undefined;
}

let partsOf: (response: Response) => ResponseParts | undefined = () => undefined;

/** The parts of a light Response that nothing has made real yet; undefined for any other. */
export function lightParts(response: Response): ResponseParts | undefined {
	return partsOf(response);
}

export class LightResponse {
	#body: Body = null;
	#status = 200;
	#statusText = '';
	#headers: HeaderList | undefined;
	#real: Response | undefined;

	constructor(body?: BodyInit, init?: ResponseInit) {
		const textType = nextTextType;
		nextTextType = TEXT_TYPE;
		// as Fetch: bytes are copied, so that changing them later changes nothing sent
		const given = lightBody(body);
		const light = given === undefined ? undefined : lightInit(init, given !== null);
		if (given === undefined || light === undefined) {
			// a real one, which throws what Fetch throws
			this.#real = new NativeResponse(body, init);
			return;
		}
		this.#body = given;
		this.#status = light.status;
		this.#statusText = light.statusText;
		this.#headers = new HeaderList(light.lines);
		if (typeof given === 'string' && this.#headers.get('content-type') === null) light.lines.push('content-type', textType);
	}

	/** As Response.json(): JSON text, `application/json` unless the init gives a content-type. */
	static json(data: unknown, init?: ResponseInit): Response {
		const text = JSON.stringify(data);
		// Fetch's own answer (a TypeError, or a real Response) for what cannot be light
		if (text === undefined || lightInit(init, true) === undefined) return NativeResponse.json(data, init);
		nextTextType = 'application/json';
		return new LightResponse(text, init) as unknown as Response;
	}

	static [Symbol.hasInstance](value: unknown): boolean {
		return value instanceof NativeResponse;
	}

	static {
		partsOf = (response) => {
			if (!(#headers in response) || response.#real !== undefined) return undefined;
			return { status: response.#status, headers: response.#headers!, body: response.#body };
		};
	}

	get status(): number {
		return this.#real ? this.#real.status : this.#status;
	}

	get statusText(): string {
		return this.#real ? this.#real.statusText : this.#statusText;
	}

	get ok(): boolean {
		const status = this.status;
		return status >= 200 && status <= 299;
	}

	/** The real Response, made from the parts on first use: every later use sees the same one. */
	real(): Response {
		return (this.#real ??= new NativeResponse(this.#body as BodyInit, {
			status: this.#status,
			statusText: this.#statusText,
			headers: this.#headers!.pairs()
		}));
	}
}

// everything else a Response has (headers, body, text(), clone()...) is the real one's
standIn(LightResponse.prototype, NativeResponse.prototype);
// what util.inspect and error messages print
Object.defineProperty(LightResponse, 'name', { value: 'Response' });
Object.setPrototypeOf(LightResponse, NativeResponse);

export function installLightResponse(): void {
	globalThis.Response = LightResponse as unknown as typeof Response;
}

export function restoreResponse(): void {
	globalThis.Response = NativeResponse;
}
