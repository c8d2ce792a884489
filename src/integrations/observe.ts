import { createEventStreamDecoder } from '../providers/eventstream';
import { parseJson, peekString, peekStringAtEnd } from '../providers/read';
import type { ReadContext, StreamReader, UsageReading, WireFormat } from '../providers/types';
import { UsageFormatError } from '../errors/UsageFormatError';
import { createSSEParser, type SSEEvent, type SSEParser } from '../sse/parser';

/** How the app's reading of a body ended. */
export type BodyOutcome = 'done' | 'cancelled' | 'error';

export interface ObservedBody {
	stream: boolean;
	outcome: BodyOutcome;
	/** Reads the usage; throws a UsageFormatError when the body cannot be read. */
	read(): UsageReading;
}

const utf8 = new TextDecoder();

/** A JSON body up to this size is kept whole and parsed once at its end. */
export const WHOLE_JSON = 256 * 1024;
/** Of a larger one (embeddings of many inputs), the first and the last bytes are kept: usage sits at its end. */
const JSON_HEAD = 8 * 1024;
const JSON_TAIL = 64 * 1024;

/** A body passed through to the app, and how to watch the request's signal once the copy exists. */
interface Tap {
	stream: ReadableStream<Uint8Array>;
	watch(signal: AbortSignal | undefined): void;
}

/**
 * Passes `body` through to the app chunk by chunk, pulling upstream as the app reads (highWaterMark
 * 0: the app's own pace) and one read ahead once it reads: so a stream ends here even when the app
 * stops at its last event without the read that would find the end (a hand-written SSE loop that
 * returns at `[DONE]`). Tells `onChunk` what went by. The body is locked only on the app's first
 * read, so a response that cannot be copied is handed back untouched. A cancel by the app cancels
 * upstream. An abort of the request's signal (`watch`) ends the call at once: an app that aborts
 * often stops reading too, and would otherwise never let the body end.
 */
function tap(body: ReadableStream<Uint8Array>, onChunk: (chunk: Uint8Array) => void, onEnd: (outcome: BodyOutcome) => void): Tap {
	let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
	let ahead: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	/** The app's stream is closed, errored or cancelled. */
	let settled = false;
	let ended = false;
	let signal: AbortSignal | undefined;
	const onAbort = () => end('cancelled');
	const end = (outcome: BodyOutcome) => {
		if (ended) return;
		ended = true;
		signal?.removeEventListener('abort', onAbort);
		try {
			onEnd(outcome);
		} catch {
			// Recording is the tracker's business; the app's stream must end as upstream ended it.
		}
	};
	const close = () => {
		if (settled) return;
		settled = true;
		controller.close();
		end('done');
	};
	const fail = (error: unknown) => {
		if (settled) return;
		settled = true;
		controller.error(error);
		end('error');
	};
	const readAhead = (from: ReadableStreamDefaultReader<Uint8Array>) => {
		const read = (ahead = from.read());
		// The end (or a failure) found while the app is not reading is the call's end now; a chunk waits for the app.
		read.then(
			(result) => result.done && ahead === read && close(),
			(error) => ahead === read && fail(error),
		);
	};
	const stream = new ReadableStream<Uint8Array>(
		{
			start(c) {
				controller = c;
			},
			async pull() {
				let result: ReadableStreamReadResult<Uint8Array>;
				try {
					result = await (ahead ?? (reader ??= body.getReader()).read());
				} catch (error) {
					fail(error);
					return;
				}
				ahead = undefined;
				if (settled) return;
				if (result.done) return close();
				controller.enqueue(result.value);
				onChunk(result.value);
				readAhead(reader!);
			},
			cancel(reason) {
				settled = true;
				end('cancelled');
				return reader ? reader.cancel(reason) : body.cancel(reason);
			},
		},
		{ highWaterMark: 0 },
	);
	return {
		stream,
		watch(requestSignal) {
			if (!requestSignal || ended) return;
			signal = requestSignal;
			signal.addEventListener('abort', onAbort);
		},
	};
}

/** Gives `copy` what the app would have seen on `original` beyond status and bytes (its clones too). */
function sameAs(copy: Response, original: Response): Response {
	try {
		Object.defineProperties(copy, {
			url: { value: original.url },
			redirected: { value: original.redirected },
			type: { value: original.type },
			// The original's own Headers: immutable, as a fetched response's are.
			headers: { value: original.headers },
			clone: { value: () => sameAs(Response.prototype.clone.call(copy), original) },
		});
	} catch {
		// A runtime whose Response refuses own properties still gets the right status, headers and bytes.
	}
	return copy;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
	if (chunks.length === 1) return chunks[0]!;
	const all = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		all.set(chunk, offset);
		offset += chunk.length;
	}
	return all;
}

interface Watcher {
	chunk(chunk: Uint8Array): void;
	read(): UsageReading;
}

/** Feeds each chunk to a decoder as it passes; the first failure is kept for `read` and ends the reading. */
function streamWatcher(feed: (chunk: Uint8Array) => void, finish: () => UsageReading): Watcher {
	let failure: unknown;
	return {
		chunk(chunk) {
			if (failure !== undefined) return;
			try {
				feed(chunk);
			} catch (error) {
				failure = error;
			}
		},
		read() {
			if (failure !== undefined) throw failure;
			return finish();
		},
	};
}

/** A stream up to this size is kept whole and parsed once at its end. */
export const WHOLE_STREAM = 64 * 1024;
/** Of a longer stream, the first HEAD bytes and at least the last TAIL bytes (from an event boundary) are parsed. */
const HEAD = 16 * 1024;
const TAIL = 32 * 1024;
/** The tail grows past TAIL only to keep one long final event whole, and never past this. */
const MAX_TAIL = 8 * 1024 * 1024;

/**
 * The first `size` bytes of a body from the chunks that hold its start: copied once, just before a
 * watcher lets go of those chunks, so a body small enough to keep whole is never copied at all.
 */
function firstBytes(chunks: readonly { bytes: Uint8Array }[] | readonly Uint8Array[], size: number): Uint8Array {
	const out = new Uint8Array(size);
	let length = 0;
	for (const item of chunks) {
		const chunk = item instanceof Uint8Array ? item : item.bytes;
		const part = chunk.subarray(0, size - length);
		out.set(part, length);
		length += part.length;
		if (length >= size) break;
	}
	return out.subarray(0, length);
}

/** Offset just past the last blank line (`\n\n`, `\n\r\n`, `\r\r`) in `bytes`, or -1. */
function lastBoundary(bytes: Uint8Array): number {
	for (let at = bytes.lastIndexOf(10); at > 0; at = bytes.lastIndexOf(10, at - 1)) {
		if (bytes[at - 1] === 10 || (bytes[at - 1] === 13 && bytes[at - 2] === 10)) return at + 1;
	}
	// Lines ended by CR alone (allowed, rare): a blank line is `\r\r`.
	for (let at = bytes.lastIndexOf(13); at > 0; at = bytes.lastIndexOf(13, at - 1)) {
		if (bytes[at - 1] === 13 && bytes[at + 1] !== 10) return at + 1;
	}
	return -1;
}

/**
 * Watches an SSE stream without decoding it as it passes: usage lives in a stream's first events
 * (Anthropic's message_start, the model) and its last (the final usage chunk, message_delta, the
 * terminal Responses event, the last cumulative count). So it keeps the first HEAD bytes and the
 * chunks that hold the last TAIL bytes from an event boundary on, and parses them when the stream
 * ends. Per chunk that is a push and a `lastIndexOf`: the app's bytes are never copied or decoded.
 * Text seen in the parsed events is scaled to the whole stream for estimates.
 */
function sseWatcher(reader: StreamReader): Watcher {
	let head: Uint8Array | undefined;
	const tail: { bytes: Uint8Array; boundary: number }[] = [];
	let tailBytes = 0;
	let total = 0;
	return {
		chunk(chunk) {
			total += chunk.length;
			tail.push({ bytes: chunk, boundary: lastBoundary(chunk) });
			tailBytes += chunk.length;
			if (total <= WHOLE_STREAM) return;
			// Drop whole chunks from the front while a later boundary still leaves TAIL bytes after it:
			// keep from the last chunk whose boundary does. The bytes from a chunk's start to the end
			// shrink along the tail, so the search ends at the first chunk that starts less than TAIL
			// from the end: past the chunk or two after the last drop, not through the whole tail.
			let keepFrom = -1;
			for (let i = 1, from = tailBytes - tail[0]!.bytes.length; i < tail.length && from >= TAIL; from -= tail[i]!.bytes.length, i++) {
				const { boundary } = tail[i]!;
				if (boundary !== -1 && from - boundary >= TAIL) keepFrom = i;
			}
			if (keepFrom === -1 && tailBytes > MAX_TAIL) keepFrom = 1;
			if (keepFrom > 0) head ??= firstBytes(tail, HEAD);
			for (let i = 0; i < keepFrom; i++) tailBytes -= tail.shift()!.bytes.length;
		},
		read() {
			const decoder = new TextDecoder();
			let parsed = 0;
			const parse = (bytes: Uint8Array, parser: SSEParser) => {
				parsed += bytes.length;
				parser.feed(decoder.decode(bytes, { stream: true }));
			};
			const events = (event: SSEEvent) => reader.event(event);
			if (head && total > tailBytes) {
				// Up to the head's last boundary (the event after it may be cut, and is left to the tail),
				// and never past where the tail starts: no event is read twice.
				const first = tail[0]!;
				const end = Math.min(lastBoundary(head), total - tailBytes + Math.max(0, first.boundary));
				if (end > 0) parse(head.subarray(0, end), createSSEParser(events));
				decoder.decode();
			}
			// The tail keeps one long final event whole (a Responses terminal event echoes the instructions): so may its parser.
			const parser = createSSEParser(events, MAX_TAIL);
			tail.forEach(({ bytes, boundary }, i) => parse(i === 0 && total > tailBytes && boundary !== -1 ? bytes.subarray(boundary) : bytes, parser));
			parser.feed(decoder.decode());
			parser.end();
			const reading = reader.finish();
			if (reading.outputChars && parsed < total) reading.outputChars = Math.round((reading.outputChars * total) / parsed);
			return reading;
		},
	};
}

/** The balanced JSON object after the last `"key":` in `text`, parsed; `undefined` when there is none. */
function lastObject(text: string, key: string): unknown {
	const marker = `"${key}"`;
	for (let at = text.lastIndexOf(marker); at !== -1; at = text.lastIndexOf(marker, at - 1)) {
		const open = /^\s*:\s*\{/.exec(text.slice(at + marker.length, at + marker.length + 16));
		if (!open) continue;
		const start = at + marker.length + open[0].length - 1;
		let depth = 0;
		for (let i = start; i < text.length; i++) {
			const code = text.charCodeAt(i);
			if (code === 34 /* " */) {
				for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
			} else if (code === 123 /* { */) depth++;
			else if (code === 125 /* } */ && --depth === 0) return parseJson(text.slice(start, i + 1));
		}
		return undefined;
	}
	return undefined;
}

/** Top-level fields the readers look at besides usage, found without parsing the body. */
const SCALARS = ['object', 'type', 'model', 'modelVersion', 'service_tier'];

/**
 * Watches a JSON body. Up to WHOLE_JSON bytes it is kept as the chunks the app already received and
 * parsed once at its end. A larger body keeps only its first JSON_HEAD and last JSON_TAIL bytes, and
 * the reader gets a skeleton of it: the fields it looks at, and the usage object, which every
 * provider puts at the end of the body. Memory stays bounded however large the body.
 */
function jsonWatcher(format: WireFormat, context: ReadContext): Watcher {
	let head: Uint8Array | undefined;
	const chunks: Uint8Array[] = [];
	let kept = 0;
	let total = 0;
	return {
		chunk(chunk) {
			total += chunk.length;
			chunks.push(chunk);
			kept += chunk.length;
			if (total > WHOLE_JSON) head ??= firstBytes(chunks, JSON_HEAD);
			if (total > WHOLE_JSON) while (chunks.length > 1 && kept - chunks[0]!.length >= JSON_TAIL) kept -= chunks.shift()!.length;
		},
		read() {
			const text = utf8.decode(concat(chunks, kept));
			if (total <= WHOLE_JSON) return format.readBody(parseJson(text), context);
			const start = utf8.decode(head ?? new Uint8Array(0));
			const skeleton: Record<string, unknown> = {};
			for (const key of SCALARS) {
				// Top-level keys only: the head's counted from its start, the tail's back from its end.
				const value = peekString(start, key) ?? peekStringAtEnd(text, key);
				if (value !== undefined) skeleton[key] = value;
			}
			for (const key of ['usage', 'usageMetadata']) {
				const object = lastObject(text, key);
				if (object !== undefined) skeleton[key] = object;
			}
			if (!('usage' in skeleton || 'usageMetadata' in skeleton)) throw new UsageFormatError(`no usage in the last ${JSON_TAIL} bytes of a ${total}-byte body`);
			return format.readBody(skeleton, context);
		},
	};
}

function watcherFor(format: WireFormat, context: ReadContext, contentType: string): Watcher & { stream: boolean } {
	if (contentType.includes('text/event-stream') && format.streamReader) return { stream: true, ...sseWatcher(format.streamReader(context)) };
	if (contentType.includes('application/vnd.amazon.eventstream') && format.messageReader) {
		const reader = format.messageReader(context);
		const decoder = createEventStreamDecoder((message) => reader.message(message));
		return { stream: true, ...streamWatcher((chunk) => decoder.push(chunk), () => reader.finish()) };
	}
	return { stream: false, ...jsonWatcher(format, context) };
}

/**
 * Returns a response with the same status, headers, bytes and identity (`url`, `redirected`, `type`,
 * clones included) as `response`, whose body reports the call's usage to `onEnd` once the app has
 * read it (or given up). What is kept of a body is parsed at its end. Throws, with the body
 * untouched, for a status or status text that a Response cannot be made with.
 */
export function observeResponse(
	response: Response,
	format: WireFormat,
	provider: string,
	signal: AbortSignal | undefined,
	onEnd: (body: ObservedBody) => void,
): Response {
	const context: ReadContext = { provider, headers: response.headers };
	const { body } = response;
	if (!body) {
		onEnd({ stream: false, outcome: 'done', read: () => format.readBody(null, context) });
		return response;
	}
	// Media types are case-insensitive.
	const watcher = watcherFor(format, context, (response.headers.get('content-type') ?? '').toLowerCase());
	const { stream, watch } = tap(body, watcher.chunk, (outcome) => onEnd({ stream: watcher.stream, outcome, read: watcher.read }));
	// Throws for a status or status text a Response cannot carry: nothing was taken from the body yet.
	const observed = new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
	watch(signal);
	return sameAs(observed, response);
}
