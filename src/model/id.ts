/** Random bytes for 256 ids, drawn at once: filled on first use, as a Worker may draw none at startup. */
const pool = new Uint8Array(4096);
let next = pool.length;
const HEX = '0123456789abcdef';
/** The id's character codes, rewritten for each id. */
const codes: number[] = [];

/**
 * A random UUID v4, 122 bits from `crypto.getRandomValues`, made as one flat string (its first use
 * as a key copies nothing). Not `crypto.randomUUID`: in Chromium it costs 2–5 µs a call (measured),
 * most of what recording a call costs, and it exists only in secure contexts.
 */
export function newId(): string {
	if (next === pool.length) {
		crypto.getRandomValues(pool);
		next = 0;
	}
	pool[next + 6] = (pool[next + 6]! & 0x0f) | 0x40; // version 4
	pool[next + 8] = (pool[next + 8]! & 0x3f) | 0x80; // variant 10
	let at = 0;
	for (let index = 0; index < 16; index++) {
		if (index === 4 || index === 6 || index === 8 || index === 10) codes[at++] = 45; // '-'
		const byte = pool[next++]!;
		codes[at++] = HEX.charCodeAt(byte >> 4);
		codes[at++] = HEX.charCodeAt(byte & 15);
	}
	return String.fromCharCode(...codes);
}
