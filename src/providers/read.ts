import { UsageFormatError } from '../errors/UsageFormatError';
import { escaped } from './peek';

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
