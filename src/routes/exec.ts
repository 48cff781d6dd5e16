import { RequestError } from '../errors.js';
import type { ParamMatcher, ParamValue, RouteParam } from './types.js';

/** A route's params from its regex match, or undefined when its matchers refuse the path. */
export type ParamReader = (
	match: RegExpMatchArray,
	params: RouteParam[],
	matchers: Record<string, ParamMatcher>
) => Record<string, ParamValue> | undefined;

/** SvelteKit 2: matchers accept or refuse values still encoded as in the pathname, which are decoded once matched. */
export const readEncodedParams: ParamReader = (match, params, matchers) => {
	const found = exec(match, params, matchers);
	return found && decodeParams(found);
};

/** SvelteKit 3: each value is decoded before its matcher sees it, and the param holds what the matcher returned. */
export const readDecodedParams: ParamReader = (match, params, matchers) => execDecoded(match, params, matchers);

/**
 * Reads the params of a route from its regex match, as SvelteKit 2 (rules §1.6). Values are
 * still encoded as in the decoded pathname; the caller decodes them once.
 */
export function exec(
	match: RegExpMatchArray,
	params: RouteParam[],
	matchers: Record<string, ParamMatcher>
): Record<string, string> | undefined {
	return execWith(match, params, matchers, acceptEncoded) as Record<string, string> | undefined;
}

/**
 * SvelteKit 3's `exec` (utils/routing.js): each value is decoded before its matcher sees it
 * (`AC%2FDC` arrives as `AC/DC`), and the param holds what the matcher returned.
 */
export function execDecoded(
	match: RegExpMatchArray,
	params: RouteParam[],
	matchers: Record<string, ParamMatcher>
): Record<string, ParamValue> | undefined {
	return execWith(match, params, matchers, acceptDecoded);
}

/** What a param holds for a value, or undefined when its matcher refuses the value. */
type Accept = (param: RouteParam, value: string, matchers: Record<string, ParamMatcher>) => ParamValue | undefined;

const acceptEncoded: Accept = (param, value, matchers) => (!param.matcher || matchers[param.matcher]!(value) ? value : undefined);

const acceptDecoded: Accept = (param, value, matchers) => {
	// decode_pathname has already refused a path with an escape this could not decode
	const decoded = decodeURIComponent(value);
	return param.matcher ? (matchers[param.matcher]!(decoded) as ParamValue | undefined) : decoded;
};

/**
 * The walk both majors share. An optional whole-segment param whose matcher refuses its value
 * is skipped, and the value moves on to the next param ("buffering"): `/[[lang=locale]]/[...rest]`
 * on `/foo` gives `{ rest: 'foo' }`. Values still buffered at the end mean no match.
 */
function execWith(
	match: RegExpMatchArray,
	params: RouteParam[],
	matchers: Record<string, ParamMatcher>,
	accept: Accept
): Record<string, ParamValue> | undefined {
	const result: Record<string, ParamValue> = {};
	const values = match.slice(1);
	const definedValues = values.filter((value) => value !== undefined).length;
	let buffered = 0;

	for (let i = 0; i < params.length; i += 1) {
		const param = params[i]!;
		let value = values[i - buffered];

		// skipped optionals roll their values into a following rest param
		if (param.chained && param.rest && buffered) {
			value = values
				.slice(i - buffered, i + 1)
				.filter((v) => v)
				.join('/');
			buffered = 0;
		}

		if (value === undefined) {
			// an absent optional is left out; an absent rest is '' and its matcher still decides
			if (!param.rest) continue;
			value = '';
		}

		const stored = accept(param, value, matchers);
		if (stored === undefined) {
			if (!(param.optional && param.chained)) return undefined;
			buffered += 1;
			continue;
		}

		setParam(result, param.name, stored);
		const next = params[i + 1];
		const nextValue = values[i + 1];
		// the next optional has a value of its own: nothing is waiting to shift onto it
		if (next && !next.rest && next.optional && nextValue && param.chained) buffered = 0;
		// the last param took the last value and every value found a param
		if (!next && !nextValue && Object.keys(result).length === definedValues) buffered = 0;
	}

	return buffered ? undefined : result;
}

/** `__proto__` is a legal param name; it must become a key, not a prototype. */
function setParam(params: Record<string, ParamValue>, name: string, value: ParamValue): void {
	if (name === '__proto__') {
		Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
	} else {
		params[name] = value;
	}
}

function decodeParams(params: Record<string, string>): Record<string, string> {
	for (const key of Object.keys(params)) {
		try {
			params[key] = decodeURIComponent(params[key]!);
		} catch {
			throw new RequestError(400, 'Malformed URI', `Failed to decode param ${key}`);
		}
	}
	return params;
}
