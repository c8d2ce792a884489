import { parseJson } from '../providers/read';
import type { ProviderFormat, UsageReading } from '../providers/types';
import { createSSEParser } from '../sse/parser';

/** How the app's reading of a body ended. */
export type BodyOutcome = 'done' | 'cancelled' | 'error';

export interface ObservedBody {
	stream: boolean;
	outcome: BodyOutcome;
	/** Reads the usage; throws a UsageFormatError (or a JSON error) when the body cannot be read. */
	read(): UsageReading;
}

/**
 * Passes `body` through to the app chunk by chunk, pulling upstream only when the app reads
 * (highWaterMark 0: no read-ahead, the app's own pace), and tells `onChunk` what went by.
 * A cancel by the app cancels upstream.
 */
function tap(
	body: ReadableStream<Uint8Array>,
	onChunk: (chunk: Uint8Array) => void,
	onEnd: (outcome: BodyOutcome) => void,
): ReadableStream<Uint8Array> {
	const reader = body.getReader();
	let ended = false;
	const end = (outcome: BodyOutcome) => {
		if (ended) return;
		ended = true;
		try {
			onEnd(outcome);
		} catch {
			// Recording is the tracker's business; the app's stream must end as upstream ended it.
		}
	};
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

/**
 * Returns a response with the same status, headers and bytes as `response`, whose body reports
 * the call's usage to `onEnd` once the app has read it (or given up). SSE is parsed as it passes;
 * a JSON body is kept as the chunks the app already received and parsed once at the end.
 */
export function observeResponse(
	response: Response,
	format: ProviderFormat,
	onEnd: (body: ObservedBody) => void,
): Response {
	const { body } = response;
	const sse = (response.headers.get('content-type') ?? '').includes('text/event-stream');
	if (!body) {
		onEnd({ stream: false, outcome: 'done', read: () => format.readBody(null) });
		return response;
	}
	let onChunk: (chunk: Uint8Array) => void;
	let read: () => UsageReading;
	if (sse) {
		const reader = format.streamReader();
		const decoder = new TextDecoder();
		let failure: unknown;
		const parser = createSSEParser((event) => {
			if (failure === undefined && event.data !== '[DONE]') {
				try {
					reader.event(event);
				} catch (error) {
					failure = error;
				}
			}
		});
		onChunk = (chunk) => {
			try {
				parser.feed(decoder.decode(chunk, { stream: true }));
			} catch (error) {
				failure ??= error;
			}
		};
		read = () => {
			parser.feed(decoder.decode());
			parser.end();
			if (failure !== undefined) throw failure;
			return reader.finish();
		};
	} else {
		const chunks: Uint8Array[] = [];
		let length = 0;
		onChunk = (chunk) => {
			chunks.push(chunk);
			length += chunk.length;
		};
		read = () => format.readBody(parseJson(new TextDecoder().decode(concat(chunks, length))));
	}
	const observed = new Response(
		tap(body, onChunk, (outcome) => onEnd({ stream: sse, outcome, read })),
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
