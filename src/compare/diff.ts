import type { CompareSettings } from './options.js';
import type { CompareDifference, CompareResult } from './types.js';

/** Where two answers differ, in outcome, status, headers and body. */
export function differences(legacy: CompareResult, endpoint: CompareResult, settings: CompareSettings): CompareDifference[] {
	const found: CompareDifference[] = [];
	const answered = (result: CompareResult) => result.outcome === 'answered' || result.outcome === 'unfinished';
	if (legacy.outcome !== endpoint.outcome && !(answered(legacy) && answered(endpoint))) {
		found.push({ kind: 'outcome', legacy: legacy.outcome, endpoint: endpoint.outcome });
	}
	if (!answered(legacy) || !answered(endpoint)) return found;

	if (legacy.status !== endpoint.status) found.push({ kind: 'status', legacy: legacy.status, endpoint: endpoint.status });
	const names = new Set([...Object.keys(legacy.headers), ...Object.keys(endpoint.headers)]);
	for (const name of [...names].sort()) {
		if (settings.ignoreHeaders.has(name)) continue;
		const a = headerValue(legacy.headers[name]);
		const b = headerValue(endpoint.headers[name]);
		if (a !== b) found.push({ kind: 'header', name, legacy: a, endpoint: b });
	}
	const body = bodyDifference(legacy, endpoint, settings);
	if (body) found.push(body);
	return found;
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join('\n') : value;
}

/**
 * Bodies both complete are compared whole; when a side is still streaming, on the part both
 * sent. Above `hashAbove`, by their hashes (and only when complete).
 */
function bodyDifference(legacy: CompareResult, endpoint: CompareResult, settings: CompareSettings): CompareDifference | undefined {
	const complete = legacy.outcome === 'answered' && endpoint.outcome === 'answered';
	if (legacy.body === undefined || endpoint.body === undefined) {
		if (!complete || legacy.sha256 === endpoint.sha256) return undefined;
		return { kind: 'body', legacy: `sha256:${legacy.sha256}`, endpoint: `sha256:${endpoint.sha256}` };
	}
	let [a, b] = [legacy.body, endpoint.body];
	if (!complete) {
		const length = Math.min(a.length, b.length);
		[a, b] = [a.slice(0, length), b.slice(0, length)];
	} else if (settings.body === 'json') {
		[a, b] = [normalisedJson(a), normalisedJson(b)];
	}
	return a === b ? undefined : { kind: 'body', legacy: legacy.body, endpoint: endpoint.body };
}

/** The JSON text with object keys sorted, or the text itself when it is not JSON. */
function normalisedJson(text: string): string {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return text;
	}
	return JSON.stringify(value, (_key, item: unknown) =>
		item && typeof item === 'object' && !Array.isArray(item)
			? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
			: item
	);
}
