import Big from 'big.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';

/** A non-negative decimal string: digits, an optional fraction. No exponent, sign or float noise. */
const DECIMAL = /^\d+(\.\d+)?$/;

export function isDecimalString(value: unknown): value is string {
	return typeof value === 'string' && DECIMAL.test(value);
}

export function assertDecimalString(value: unknown, where: string): asserts value is string {
	if (!isDecimalString(value)) {
		throw new InvalidArgumentError(`${where} must be a non-negative decimal string such as "2.5", got ${JSON.stringify(value)}`);
	}
}

/** One millionth, exact: `price × count × PER_MILLION` needs no division and so no rounding. */
export const PER_MILLION = new Big('0.000001');

export const ZERO = new Big(0);

/** Exact sum of decimal strings. */
export function sumDecimals(values: Iterable<string>): Big {
	let total = ZERO;
	for (const value of values) total = total.plus(value);
	return total;
}

/** A Big as a plain decimal string (`toFixed()` never switches to exponent notation, unlike `toString()`). */
export function toDecimalString(value: Big): string {
	return value.toFixed();
}
