import { UsageFormatError } from '../errors/UsageFormatError';

/** One message of an AWS event stream: its string headers (`:event-type` …) and its payload. */
export interface EventStreamMessage {
	headers: Record<string, string>;
	payload: Uint8Array;
}

/** A message larger than this is refused: it bounds what one message can make us hold. */
const MAX_MESSAGE = 16 * 1024 * 1024;
const PRELUDE = 12;
const CRC = 4;
/** Byte lengths of the non-string header value types (AWS event stream encoding, types 0 to 9). */
const FIXED_SIZES: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

const decoder = new TextDecoder();

function readHeaders(view: DataView, bytes: Uint8Array, start: number, end: number): Record<string, string> {
	const headers: Record<string, string> = {};
	let at = start;
	while (at < end) {
		const nameLength = bytes[at]!;
		const name = decoder.decode(bytes.subarray(at + 1, at + 1 + nameLength));
		const type = bytes[at + 1 + nameLength]!;
		at += 2 + nameLength;
		if (type === 6 || type === 7) {
			const length = view.getUint16(at);
			if (type === 7) headers[name] = decoder.decode(bytes.subarray(at + 2, at + 2 + length));
			at += 2 + length;
		} else {
			const size = FIXED_SIZES[type];
			// Where, not what: a name read from a broken frame may be payload text.
			if (size === undefined) throw new UsageFormatError(`event stream header at byte ${at} has unknown type ${type}`);
			at += size;
		}
	}
	return headers;
}

/**
 * Decodes `application/vnd.amazon.eventstream` (Bedrock's binary streams) as bytes arrive. Each
 * message: total length and headers length (u32, big-endian), a prelude CRC, the headers, the
 * payload and a message CRC. The CRCs are not checked: this reads usage, and TLS already guards
 * the bytes. Holds at most one incomplete message.
 */
export function createEventStreamDecoder(onMessage: (message: EventStreamMessage) => void) {
	let buffer: Uint8Array = new Uint8Array(0);
	return {
		push(chunk: Uint8Array): void {
			if (buffer.length) {
				const joined = new Uint8Array(buffer.length + chunk.length);
				joined.set(buffer);
				joined.set(chunk, buffer.length);
				buffer = joined;
			} else {
				buffer = chunk;
			}
			while (buffer.length >= PRELUDE) {
				const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
				const total = view.getUint32(0);
				const headersLength = view.getUint32(4);
				if (total > MAX_MESSAGE || total < PRELUDE + CRC + headersLength) throw new UsageFormatError(`event stream message of ${total} bytes is malformed or too large`);
				if (buffer.length < total) break;
				const headersEnd = PRELUDE + headersLength;
				onMessage({ headers: readHeaders(view, buffer, PRELUDE, headersEnd), payload: buffer.subarray(headersEnd, total - CRC) });
				buffer = buffer.subarray(total);
			}
			// Copy a leftover fragment: the chunk it points into belongs to the app.
			if (buffer.length && buffer.buffer === chunk.buffer) buffer = buffer.slice();
		},
	};
}
