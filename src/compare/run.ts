/**
 * One compared request: the body read once, the served side on the client's objects, the
 * other side on a replica, both answers captured, the differences reported.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasUnreadBody, readAndKeepBody } from './body.js';
import { Capture } from './capture.js';
import { differences } from './diff.js';
import type { CompareSettings } from './options.js';
import { replicate, type Replica } from './replica.js';
import type { CompareEvent, CompareOutcome, CompareResult, CompareSide } from './types.js';

/** How a side's handler ended, when it did not answer: it passed the request on, or failed. */
export type Settled = { outcome: 'passed' | 'failed'; error?: unknown } | undefined;

export interface ComparedRequest {
	settings: CompareSettings;
	routeId: string;
	req: IncomingMessage;
	res: ServerResponse;
	/** the URL as the client sent it */
	url: string;
	bodySizeLimit: number;
	/** runs the served side on the client's request */
	serve(): SideRun;
	/**
	 * Prepares the other side on a replica, before the served side runs (which may change what
	 * the host keeps on the request), and returns what runs it.
	 */
	shadow(replica: Replica): () => SideRun;
}

/** What a side's run gives: the handler's own result, and how it ended for the comparison. */
export interface SideRun {
	/** what the handler returned (a Koa middleware's promise, which the host awaits) */
	run: Promise<unknown>;
	settled: Promise<Settled>;
}

/**
 * Serves the request from the served side, and compares the other side's answer with it in
 * the background. Resolves, or rejects, as the served handler does.
 */
export async function compareRequest(c: ComparedRequest): Promise<unknown> {
	let body: Buffer | undefined;
	if (hasUnreadBody(c.req)) {
		body = await readAndKeepBody(c.req, c.bodySizeLimit);
		// too large to keep, or the client left: served alone
		if (body === undefined) return c.serve().run;
	}
	// copied before the served side runs, as the host's routing changes req (params, url)
	const replica = replicate(c.req, c.res, body);
	const withBody = c.req.method !== 'HEAD';
	const keep = c.settings.hashAbove;
	const captures = { served: new Capture(c.res, { withBody, keep }), shadow: new Capture(replica.res, { withBody, keep }) };
	const shadow = c.shadow(replica);
	const served = c.serve();
	compare(c, { replica, shadow }, captures, served.settled).catch((error: unknown) =>
		console.error('kit-endpoints compare failed:', error)
	);
	return served.run;
}

async function compare(
	c: ComparedRequest,
	{ replica, shadow: runShadow }: { replica: Replica; shadow: () => SideRun },
	captures: Record<'served' | 'shadow', Capture>,
	servedSettled: Promise<Settled>
): Promise<void> {
	// the client's response always ends: after the rest of the app answered, if the side passed
	const served = side(captures.served, servedSettled, true);
	// a tick later, so that the client's answer is not kept waiting for it
	const shadowSettled = new Promise<Settled>((resolve) =>
		setImmediate(() => {
			const failed = (error: unknown) => resolve({ outcome: 'failed', error });
			try {
				runShadow().settled.then(resolve, failed);
			} catch (error) {
				failed(error);
			}
		})
	);
	const shadow = side(captures.shadow, shadowSettled, false);

	let timer: NodeJS.Timeout | undefined;
	// a comparison under way does not keep a server that is shutting down alive
	const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, c.settings.timeout).unref()));
	await Promise.race([Promise.all([served.ended, shadow.ended]), timeout]);
	clearTimeout(timer);
	const results = { served: served.result(), shadow: shadow.result() };
	replica.close();
	report(c, c.settings.serve === 'legacy' ? [results.served, results.shadow] : [results.shadow, results.served]);
}

/** A side's capture and how its handler settled, read as one result when the comparison is made. */
function side(capture: Capture, settled: Promise<Settled>, untilAnswered: boolean) {
	let how: Settled;
	const handled = settled.then(
		(value) => void (how = value),
		(error: unknown) => void (how = { outcome: 'failed', error })
	);
	// done once answered, or once the handler passed or failed without answering
	const ended = untilAnswered ? capture.done : Promise.race([capture.done, handled.then(() => (how ? undefined : capture.done))]);
	return {
		ended,
		result(): CompareResult {
			const outcome: CompareOutcome = how?.outcome ?? (capture.finished ? 'answered' : 'unfinished');
			return capture.result(outcome, how?.error);
		}
	};
}

function report(c: ComparedRequest, [legacy, endpoint]: [CompareResult, CompareResult]): void {
	const found = differences(legacy, endpoint, c.settings);
	if (found.length === 0) return;
	const served: CompareSide = c.settings.serve;
	const event: CompareEvent = {
		routeId: c.routeId,
		method: c.req.method ?? 'GET',
		url: c.url,
		served,
		differences: found,
		legacy,
		endpoint
	};
	try {
		c.settings.onDifference(event);
	} catch (error) {
		console.error('compare.onDifference threw:', error);
	}
}
