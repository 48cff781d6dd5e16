/**
 * How a Response body starts, for the Node writer and for Koa's ctx.body alike: a body that
 * ends within one tick of the event loop, in at most one chunk, goes out whole with its length;
 * a live one is streamed, starting with the reads the probe already made.
 */
const TIMEOUT: unique symbol = Symbol('timeout');
/** What a body stream may yield that adapter-node writes: bytes, or text it sends as UTF-8. */
export type Chunk = Uint8Array | string;
export type Reader = ReadableStreamDefaultReader<Chunk>;
export type ReadResult = Awaited<ReturnType<Reader['read']>>;
// SvelteKit's words for a body that was read before it could be written
export const LOCKED_BODY = Buffer.from(
	"Fatal error: Response body is locked. This can happen when the response was already read (for example through 'response.json()' or 'response.text()')."
);

/** What the probe learnt: the whole body, or the reads it made and the one it left pending. */
export type Start =
	| { whole: Chunk; buffered?: undefined; pending?: undefined }
	| { whole?: undefined; buffered: ReadResult[]; pending: Promise<ReadResult> | undefined };

/** A body that ends within one tick, in at most one chunk, is sent whole with its length. */
export async function probe(reader: Reader): Promise<Start> {
	let read = reader.read();
	const first = await settledThisTick(read);
	if (first === TIMEOUT) return { buffered: [], pending: read };
	if (first.done) return { whole: new Uint8Array(0) };
	checkChunk(first.value);
	read = reader.read();
	const second = await settledThisTick(read);
	if (second === TIMEOUT) return { buffered: [first], pending: read };
	if (second.done) return { whole: first.value };
	return { buffered: [first, second], pending: undefined };
}

/** As adapter-node, whose res.write takes bytes and strings and fails on anything else. */
export function checkChunk(chunk: unknown): asserts chunk is Chunk {
	if (!(chunk instanceof Uint8Array) && typeof chunk !== 'string') {
		throw new TypeError(`Response body chunks must be Uint8Array or string, saw ${chunk === null ? 'null' : typeof chunk}`);
	}
}

/** How many microtasks a read may take to settle before the event loop is given a turn. */
const MICROTASKS = 8;

/**
 * The read's result if it settles within this tick of the event loop, else TIMEOUT. A body
 * whose bytes are there (a string, bytes, a short stream) settles within a few microtasks:
 * those are waited for first, so that such a body costs no timer and no trip round the loop.
 */
async function settledThisTick(read: Promise<ReadResult>): Promise<ReadResult | typeof TIMEOUT> {
	const seen = settledState(read);
	for (let i = 0; i < MICROTASKS && seen.state === PENDING; i++) await undefined;
	if (seen.state === FULFILLED) return seen.value as ReadResult;
	if (seen.state === REJECTED) throw seen.value;
	return new Promise((resolve, reject) => {
		const timer = setImmediate(resolve, TIMEOUT);
		read.then(
			(result) => {
				clearImmediate(timer);
				resolve(result);
			},
			(error) => {
				clearImmediate(timer);
				reject(error);
			}
		);
	});
}

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

function settledState(promise: Promise<unknown>): { state: number; value: unknown } {
	const seen = { state: PENDING, value: undefined as unknown };
	promise.then(
		(value) => {
			seen.state = FULFILLED;
			seen.value = value;
		},
		(error: unknown) => {
			seen.state = REJECTED;
			seen.value = error;
		}
	);
	return seen;
}
