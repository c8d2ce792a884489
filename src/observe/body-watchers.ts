import { parseJson, peekString, peekStringAtEnd } from '../providers/peek';
import type { ReadContext, StreamReader, UsageReading, WireFormat } from '../providers/types';
import { UsageFormatError } from '../errors/UsageFormatError';
import { createSSEParser, type SSEEvent, type SSEParser } from '../sse/parser';

const utf8 = new TextDecoder();

/** A JSON body up to this size is kept whole and parsed once at its end. */
const WHOLE_JSON = 256 * 1024;
/** Of a larger one (embeddings of many inputs), the first and the last bytes are kept: usage sits at its end. */
const JSON_HEAD = 8 * 1024;
const JSON_TAIL = 64 * 1024;

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

export interface Watcher {
	chunk(chunk: Uint8Array): void;
	read(): UsageReading;
}

/** Feeds each chunk to a decoder as it passes; the first failure is kept for `read` and ends the reading. */
function streamWatcher(feed: (chunk: Uint8Array) => void, finish: () => UsageReading): Watcher {
	// Boxed: whatever was thrown (even `undefined`) is what `read` throws again.
	let failure: { error: unknown } | undefined;
	return {
		chunk(chunk) {
			if (failure) return;
			try {
				feed(chunk);
			} catch (error) {
				failure = { error };
			}
		},
		read() {
			if (failure) throw failure.error;
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

/** Of a stream whose last event carries the whole usage, the bytes read first at its end. */
const LAST_EVENTS = 4 * 1024;

/**
 * The reading of only the last events of a kept tail: those after the last boundary at least
 * LAST_EVENTS bytes from the end. `undefined` when the tail has no such boundary.
 */
function lastEvents(tail: readonly { bytes: Uint8Array; boundary: number }[], reader: StreamReader): UsageReading | undefined {
	let after = 0;
	for (let i = tail.length - 1; i >= 0; i--) {
		const { bytes, boundary } = tail[i]!;
		if (boundary === -1 || after + bytes.length - boundary < LAST_EVENTS) {
			after += bytes.length;
			continue;
		}
		const decoder = new TextDecoder();
		const parser = createSSEParser((event) => reader.event(event), MAX_TAIL);
		for (let j = i; j < tail.length; j++) parser.feed(decoder.decode(j === i ? tail[j]!.bytes.subarray(boundary) : tail[j]!.bytes, { stream: true }));
		parser.feed(decoder.decode());
		parser.end();
		return reader.finish();
	}
	return undefined;
}

/**
 * Watches an SSE stream without decoding it as it passes: usage lives in a stream's first events
 * (Anthropic's message_start, the model) and its last (the final usage chunk, message_delta, the
 * terminal Responses event, the last cumulative count). So it keeps the first HEAD bytes and the
 * chunks that hold the last TAIL bytes from an event boundary on, and parses them when the stream
 * ends. Per chunk that is a push and a `lastIndexOf`: the app's bytes are never copied or decoded.
 * Text seen in the parsed events is scaled to the whole stream for estimates. With `usageLast`, a
 * long stream's last events alone are read first, and are the reading when they carry whole usage.
 */
function sseWatcher(newReader: () => StreamReader, usageLast: boolean): Watcher {
	const reader = newReader();
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
			if (usageLast && total > WHOLE_STREAM) {
				const quick = lastEvents(tail, newReader());
				if (quick?.usage && quick.complete !== false) return quick;
			}
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

/**
 * Formats whose stream's last usage chunk is the whole usage, model included (Chat Completions):
 * a long stream's last events are read first, and its head and tail only when they fall short.
 */
const USAGE_LAST = new Set(['openai-chat']);

export function watcherFor(format: WireFormat, context: ReadContext, contentType: string): Watcher & { stream: boolean } {
	if (contentType.includes('text/event-stream') && format.streamReader) return { stream: true, ...sseWatcher(() => format.streamReader!(context), USAGE_LAST.has(format.id)) };
	if (contentType.includes('application/vnd.amazon.eventstream') && format.chunkReader) {
		const reader = format.chunkReader(context);
		return {
			stream: true,
			...streamWatcher(
				(chunk) => reader.chunk(chunk),
				() => reader.finish(),
			),
		};
	}
	return { stream: false, ...jsonWatcher(format, context) };
}
