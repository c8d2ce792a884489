import { InvalidArgumentError } from '../errors/InvalidArgumentError';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function assertString(value: unknown, where: string): asserts value is string {
	if (typeof value !== 'string' || !value) throw new InvalidArgumentError(`${where} must be a non-empty string`);
	// Ids become store keys through encodeURIComponent, which a lone surrogate breaks.
	if (LONE_SURROGATE.test(value)) throw new InvalidArgumentError(`${where} must be well-formed Unicode (it has a lone surrogate)`);
}

/** 0000-01-01 and 9999-12-31T23:59:59.999Z: the times an ISO string (and the time index) spells with four digits. */
const EARLIEST = -62167219200000;
const LATEST = 253402300799999;

/** A call's time in ms from a Date or a number, in the years 0000 to 9999. */
export function assertTime(value: number, where: string): void {
	if (!(value >= EARLIEST && value <= LATEST)) throw new InvalidArgumentError(`${where} must be a Date or a time in ms, in the years 0000 to 9999`);
}

export function assertTags(tags: unknown): asserts tags is Record<string, string> {
	if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) throw new InvalidArgumentError('tags must be an object of strings');
	for (const [name, value] of Object.entries(tags)) {
		if (typeof value !== 'string') throw new InvalidArgumentError(`tags.${name} must be a string`);
	}
}
