/** How an observed body ended: read to its end, cancelled by the app, or failed. */
export type BodyOutcome = 'done' | 'cancelled' | 'error';

/**
 * Passes the body `upstream` gives (looked up at the first read: a clone in between replaces it) through to the app chunk by chunk, pulling upstream as the app reads (highWaterMark
 * 0: the app's own pace) and one read ahead once it reads: so a stream ends here even when the app
 * stops at its last event without the read that would find the end (a hand-written SSE loop that
 * returns at `[DONE]`). Tells `onChunk` what went by. The body is locked only on the app's first
 * read, so a response that cannot be copied is handed back untouched. A cancel by the app cancels
 * upstream. `onEnd` may be called more than once (the caller keeps the first).
 */
export function tap(upstream: () => ReadableStream<Uint8Array>, onChunk: (chunk: Uint8Array) => void, onEnd: (outcome: BodyOutcome) => void): ReadableStream<Uint8Array> {
	let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
	let ahead: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	/** The app's stream is closed, errored or cancelled. */
	let settled = false;
	const end = onEnd;
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
	return new ReadableStream<Uint8Array>(
		{
			start(c) {
				controller = c;
			},
			async pull() {
				let result: ReadableStreamReadResult<Uint8Array>;
				try {
					result = await (ahead ?? (reader ??= upstream().getReader()).read());
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
				return reader ? reader.cancel(reason) : upstream().cancel(reason);
			},
		},
		{ highWaterMark: 0 },
	);
}

/**
 * A BYOB reader over `stream` (a default stream: its chunks are the app's and the watcher's at once),
 * through a byte stream fed with copies: enqueueing into a byte stream transfers a chunk's buffer,
 * which the watcher still holds. Only an app that asks for `{ mode: 'byob' }` pays for the copy.
 */
function byobReader(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader {
	const reader = ReadableStream.prototype.getReader.call(stream) as ReadableStreamDefaultReader<Uint8Array>;
	const bytes = new ReadableStream({
		type: 'bytes',
		async pull(controller) {
			const result = await reader.read();
			if (!result.done) return controller.enqueue(result.value.slice());
			controller.close();
			controller.byobRequest?.respond(0);
		},
		cancel: (reason) => reader.cancel(reason),
	});
	return bytes.getReader({ mode: 'byob' });
}

/**
 * `stream`, whose `getReader({ mode: 'byob' })` works where the runtime's own body (`upstream`) gives
 * one, and elsewhere throws the runtime's own error: the upstream body is asked first (and let go).
 */
export function withByob(stream: ReadableStream<Uint8Array>, upstream: () => ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
	const getReader = ReadableStream.prototype.getReader;
	try {
		Object.defineProperty(stream, 'getReader', {
			configurable: true,
			writable: true,
			value(options?: { mode?: 'byob' }) {
				if (options?.mode !== 'byob') return getReader.call(stream, options as undefined);
				const body = upstream();
				if (!body.locked) getReader.call(body, options).releaseLock();
				return byobReader(stream);
			},
		});
	} catch {
		// A stream that refuses own properties reads by default readers only.
	}
	return stream;
}
