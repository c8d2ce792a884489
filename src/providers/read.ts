import { UsageFormatError } from '../errors/UsageFormatError';
import type { UsageReading } from './types';

/** Loose view of a parsed JSON object. */
export type Json = Record<string, any>;

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A token count from a response: absent or null is 0; anything but a non-negative integer is a format error. */
export function count(value: unknown, name: string): number {
	if (value === undefined || value === null) return 0;
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
		throw new UsageFormatError(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
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
		throw new UsageFormatError(`not valid JSON: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`);
	}
}

/** The first `"key":"value"` string in raw JSON text, without parsing it (used on stream chunks). */
export function peekString(text: string, key: string): string | undefined {
	const at = text.indexOf(`"${key}"`);
	if (at === -1) return undefined;
	const match = /^\s*:\s*"([^"\\]*)"/.exec(text.slice(at + key.length + 2, at + key.length + 300));
	return match?.[1] || undefined;
}

/**
 * The reading of a stream from the one event kept for the end (`last`, parsed only now), with the
 * model seen in an earlier event when that one names none. No kept event: no usage.
 */
export function streamReading(provider: string, model: string | undefined, last: string | undefined, read: (text: string) => UsageReading): UsageReading {
	const result = last === undefined ? { provider } : read(last);
	return model && !result.model ? { ...result, model } : result;
}
