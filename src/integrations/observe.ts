import { createEventStreamDecoder } from '../providers/eventstream';
import { parseJson } from '../providers/read';
import type { ReadContext, UsageReading, WireFormat } from '../providers/types';
import { UsageFormatError } from '../errors/UsageFormatError';
import { createSSEParser } from '../sse/parser';

/** How the app's reading of a body ended. */
export type BodyOutcome = 'done' | 'cancelled' | 'error';

export interface ObservedBody {
	stream: boolean;
	outcome: BodyOutcome;
	/** Reads the usage; throws a UsageFormatError when the body cannot be read. */
	read(): UsageReading;
}

/** A JSON body larger than this is passed through without being kept: usage is not read from it. */
export const MAX_JSON_BODY = 8 * 1024 * 1024;

/**
 * Passes `body` through to the app chunk by chunk, pulling upstream only when the app reads
 * (highWaterMark 0: no read-ahead, the app's own pace), and tells `onChunk` what went by.
 * A cancel by the app cancels upstream. An abort of the request's signal ends the call at once:
 * an app that aborts often stops reading too, and would otherwise never let the body end.
 */
function tap(
	body: ReadableStream<Uint8Array>,
	onChunk: (chunk: Uint8Array) => void,
	onEnd: (outcome: BodyOutcome) => void,
	signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
	const reader = body.getReader();
	let ended = false;
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
	signal?.addEventListener('abort', onAbort);
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				let result: ReadableStreamReadResult<Uint8Array>;
				try {
					result = await reader.read();
				} catch (error) {
					controller.error(error);
					end('error');
					return;
				}
				if (result.done) {
					controller.close();
					end('done');
					return;
				}
				controller.enqueue(result.value);
				onChunk(result.value);
			},
			cancel(reason) {
				end('cancelled');
				return reader.cancel(reason);
			},
		},
		{ highWaterMark: 0 },
	);
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

/** Feeds each chunk to the stream's reader; the first failure is kept for `read` and ends the reading. */
function streamWatcher(feed: (chunk: Uint8Array) => void, end: () => void, finish: () => UsageReading): Watcher {
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
			if (failure === undefined) {
				try {
					end();
				} catch (error) {
					failure = error;
				}
			}
			if (failure !== undefined) throw failure;
			return finish();
		},
	};
}

function watcherFor(format: WireFormat, context: ReadContext, contentType: string): Watcher & { stream: boolean } {
	if (contentType.includes('text/event-stream') && format.streamReader) {
		const reader = format.streamReader(context);
		const decoder = new TextDecoder();
		const parser = createSSEParser((event) => reader.event(event));
		return {
			stream: true,
			...streamWatcher(
				(chunk) => parser.feed(decoder.decode(chunk, { stream: true })),
				() => {
					parser.feed(decoder.decode());
					parser.end();
				},
				() => reader.finish(),
			),
		};
	}
	if (contentType.includes('application/vnd.amazon.eventstream') && format.messageReader) {
		const reader = format.messageReader(context);
		const decoder = createEventStreamDecoder((message) => reader.message(message));
		return { stream: true, ...streamWatcher((chunk) => decoder.push(chunk), () => {}, () => reader.finish()) };
	}
	const chunks: Uint8Array[] = [];
	let length = 0;
	return {
		stream: false,
		chunk(chunk) {
			length += chunk.length;
			if (length <= MAX_JSON_BODY) chunks.push(chunk);
			else chunks.length = 0;
		},
		read() {
			if (length > MAX_JSON_BODY) throw new UsageFormatError(`a ${length}-byte body is over the ${MAX_JSON_BODY}-byte limit for reading usage`);
			return format.readBody(parseJson(new TextDecoder().decode(concat(chunks, length))), context);
		},
	};
}

/**
 * Returns a response with the same status, headers and bytes as `response`, whose body reports
 * the call's usage to `onEnd` once the app has read it (or given up). Streams are parsed as they
 * pass; a JSON body is kept as the chunks the app already received and parsed once at the end.
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
	const watcher = watcherFor(format, context, response.headers.get('content-type') ?? '');
	const observed = new Response(
		tap(body, watcher.chunk, (outcome) => onEnd({ stream: watcher.stream, outcome, read: watcher.read }), signal),
		{ status: response.status, statusText: response.statusText, headers: response.headers },
	);
	try {
		// Same identity the app would have seen on the original.
		Object.defineProperties(observed, {
			url: { value: response.url },
			redirected: { value: response.redirected },
			type: { value: response.type },
		});
	} catch {
		// A runtime whose Response refuses own properties still gets the right status, headers and bytes.
	}
	return observed;
}
