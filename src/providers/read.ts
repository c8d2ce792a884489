import { UsageFormatError } from '../errors/UsageFormatError';

/** Loose view of a parsed JSON object. */
export type Json = Record<string, any>;

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A token count from a response: absent or null is 0; anything but a non-negative integer is a format error. */
export function count(value: unknown, name: string): number {
	if (value === undefined || value === null) return 0;
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
		// What it is, never what it says: a problem is stored with the call.
		const got =
			typeof value === 'number'
				? String(value)
				: Array.isArray(value)
					? `an array of ${value.length}`
					: typeof value === 'string'
						? `a string of ${value.length} characters`
						: `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
		throw new UsageFormatError(`${name} must be a non-negative integer, got ${got}`);
	}
	return value;
}

/** `total - parts`, refusing the negative result that inconsistent details would give. */
export function remainder(total: number, parts: number, what: string): number {
	if (parts > total) throw new UsageFormatError(`${what}: the details (${parts}) exceed the total (${total})`);
	return total - parts;
}

export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// Its length, never its text: a problem is stored with the call, and the text may be a completion.
		throw new UsageFormatError(`not valid JSON (${text.length} characters)`);
	}
}

/**
 * A provider-reported USD amount, times 10^`scale`, as an exact decimal string. JSON gives it as a
 * number; its shortest round-trip form is the literal the provider wrote (`0.00001255`, or
 * `1.255e-7`), whose digits are moved by the exponent and the scale as text: exact, and no big.js on
 * the way of a call (a gateway's cost header is read as the response arrives).
 */
export function reportedAmount(value: unknown, scale = 0): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
	const [mantissa = '0', exponent = '0'] = String(value).split('e');
	const dot = mantissa.indexOf('.');
	let digits = mantissa.replace('.', '');
	// Where the decimal point falls in `digits` once shifted; zeros pad either side to reach it.
	let point = (dot === -1 ? mantissa.length : dot) + Number(exponent) + scale;
	if (point < 1) {
		digits = '0'.repeat(1 - point) + digits;
		point = 1;
	}
	digits = digits.padEnd(point, '0');
	const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
	const fraction = digits.slice(point).replace(/0+$/, '');
	return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * The `"key":"value"` string of the top-level object (or of the objects `level` deep) in raw JSON
 * text, without parsing it (request bodies, stream chunks): a key nested deeper is content (a tool's
 * arguments, a user's document), never metadata to keep. Strings are skipped whole by native searches; only the punctuation
 * between them is walked, and only as far as the first top-level match.
 */
export function peekString(text: string, key: string, level = 1): string | undefined {
	const marker = `"${key}"`;
	let depth = 0;
	let at = 0;
	for (let found = text.indexOf(marker); found !== -1; found = text.indexOf(marker, found + marker.length)) {
		while (at < found) {
			const code = text.charCodeAt(at);
			if (code === 34 /* " */) {
				let end = text.indexOf('"', at + 1);
				while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
				if (end === -1) return undefined;
				at = end + 1;
				continue;
			}
			if (code === 123 /* { */ || code === 91 /* [ */) depth++;
			else if (code === 125 /* } */ || code === 93 /* ] */) depth--;
			at++;
		}
		// Inside a string the scan jumped over: text, not a key.
		if (at !== found) continue;
		at = found + marker.length;
		if (depth !== level) continue;
		const match = /^\s*:\s*"([^"\\]*)"/.exec(text.slice(at, at + 300));
		if (match) return match[1] || undefined;
	}
	return undefined;
}

/**
 * `peekString` for the end of a JSON text whose start is not at hand (the tail of a large body):
 * the last `"key":"value"` of the top-level object, its depth counted back from the closing brace.
 */
export function peekStringAtEnd(text: string, key: string): string | undefined {
	const marker = `"${key}"`;
	let depth = 0;
	let at = text.length - 1;
	for (let found = text.lastIndexOf(marker); found !== -1; found = text.lastIndexOf(marker, found - 1)) {
		const close = found + marker.length - 1;
		while (at > close) {
			const code = text.charCodeAt(at);
			if (code === 34 /* " */ && !escaped(text, at)) {
				let open = text.lastIndexOf('"', at - 1);
				while (open !== -1 && escaped(text, open)) open = text.lastIndexOf('"', open - 1);
				if (open === -1) return undefined;
				at = open - 1;
				continue;
			}
			if (code === 125 /* } */ || code === 93 /* ] */) depth++;
			else if (code === 123 /* { */ || code === 91 /* [ */) depth--;
			at--;
		}
		// Inside a string the scan jumped over: text, not a key.
		if (at !== close) continue;
		let open = text.lastIndexOf('"', close - 1);
		while (open !== -1 && escaped(text, open)) open = text.lastIndexOf('"', open - 1);
		if (open === -1) return undefined;
		at = open - 1;
		// The key only if the string is the key whole (not a longer one ending in `\"key`), at the top level.
		if (open !== found || depth !== 1) continue;
		const match = /^\s*:\s*"([^"\\]*)"/.exec(text.slice(close + 1, close + 301));
		if (match) return match[1] || undefined;
	}
	return undefined;
}

/** A quote after an odd run of backslashes is escaped. */
function escaped(text: string, quote: number): boolean {
	let slashes = 0;
	while (text.charCodeAt(quote - 1 - slashes) === 92 /* \ */) slashes++;
	return slashes % 2 === 1;
}

/**
 * Characters of the string values under any of `keys` in raw JSON text, escapes counted as one
 * character, without parsing: how much text a stream chunk carried, for estimates. Only native
 * searches run over the text.
 */
export function textChars(text: string, keys: readonly string[]): number {
	let total = 0;
	for (const key of keys) {
		const marker = `"${key}"`;
		for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
			let start = at + marker.length;
			while (text.charCodeAt(start) === 32) start++;
			if (text.charCodeAt(start++) !== 58 /* : */) continue;
			while (text.charCodeAt(start) === 32) start++;
			if (text.charCodeAt(start++) !== 34 /* " */) continue;
			let end = text.indexOf('"', start);
			while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
			if (end === -1) end = text.length;
			total += end - start;
			for (let slash = text.indexOf('\\', start); slash !== -1 && slash < end; slash = text.indexOf('\\', slash + 2)) {
				total -= text.charCodeAt(slash + 1) === 117 /* u */ ? 5 : 1;
			}
		}
	}
	return total;
}
