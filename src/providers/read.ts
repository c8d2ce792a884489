import Big from 'big.js';
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
		throw new UsageFormatError(`${name} must be a non-negative integer, got ${typeof value === 'string' ? `a string of ${value.length} characters` : JSON.stringify(value)?.slice(0, 40)}`);
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
 * A provider-reported USD amount as an exact decimal string. JSON gives it as a number; its shortest
 * round-trip form is the literal the provider wrote (`0.00001255`), which Big reads without loss.
 */
export function reportedAmount(value: unknown, scale = 0): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
	return new Big(String(value)).times(`1e${scale}`).toFixed();
}

/** The first `"key":"value"` string in raw JSON text, without parsing it (used on stream chunks and request bodies). */
export function peekString(text: string, key: string): string | undefined {
	const marker = `"${key}"`;
	for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
		const match = /^\s*:\s*"([^"\\]*)"/.exec(text.slice(at + marker.length, at + marker.length + 300));
		if (match) return match[1] || undefined;
	}
	return undefined;
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
			// A quote after an odd run of backslashes is escaped: look for the next one.
			for (; end !== -1; end = text.indexOf('"', end + 1)) {
				let slashes = 0;
				while (text.charCodeAt(end - 1 - slashes) === 92) slashes++;
				if (slashes % 2 === 0) break;
			}
			if (end === -1) end = text.length;
			total += end - start;
			for (let slash = text.indexOf('\\', start); slash !== -1 && slash < end; slash = text.indexOf('\\', slash + 2)) {
				total -= text.charCodeAt(slash + 1) === 117 /* u */ ? 5 : 1;
			}
		}
	}
	return total;
}
