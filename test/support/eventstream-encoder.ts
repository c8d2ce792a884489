/** Encodes AWS event stream messages (the inverse of src/providers/eventstream.ts), CRCs included, for tests. */
const TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
	let crc = 0xffffffff;
	for (let i = start; i < end; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

const encoder = new TextEncoder();

export function encodeMessage(headers: Record<string, string>, payload: Uint8Array | string): Uint8Array {
	const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
	const headerBytes: number[] = [];
	for (const [name, value] of Object.entries(headers)) {
		const n = encoder.encode(name);
		const v = encoder.encode(value);
		headerBytes.push(n.length, ...n, 7, v.length >> 8, v.length & 0xff, ...v);
	}
	const total = 12 + headerBytes.length + body.length + 4;
	const out = new Uint8Array(total);
	const view = new DataView(out.buffer);
	view.setUint32(0, total);
	view.setUint32(4, headerBytes.length);
	view.setUint32(8, crc32(out, 0, 8));
	out.set(headerBytes, 12);
	out.set(body, 12 + headerBytes.length);
	view.setUint32(total - 4, crc32(out, 0, total - 4));
	return out;
}

/** A Bedrock ConverseStream event. */
export const converseEvent = (type: string, payload: unknown) => encodeMessage({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));
