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

/**
 * An exact running sum of non-negative decimal strings (stored costs), without a `Big` per call: an
 * integer count of 10^-scale dollars in a BigInt, rescaled when a longer fraction arrives (the
 * catalog's prices have a few digits, so the scale settles at once). Several times faster than
 * `Big#plus`; the same number, turned into a `Big` once, at the API's edge.
 */
export class DecimalSum {
	private units = 0n;
	private scale = 0;

	add(decimal: string): void {
		const dot = decimal.indexOf('.');
		const digits = dot === -1 ? 0 : decimal.length - dot - 1;
		if (digits > this.scale) {
			this.units *= 10n ** BigInt(digits - this.scale);
			this.scale = digits;
		}
		const integer = BigInt(dot === -1 ? decimal : decimal.slice(0, dot) + decimal.slice(dot + 1));
		this.units += digits === this.scale ? integer : integer * 10n ** BigInt(this.scale - digits);
	}

	/** Adds another sum into this one. */
	addSum(other: DecimalSum): void {
		if (other.scale > this.scale) {
			this.units *= 10n ** BigInt(other.scale - this.scale);
			this.scale = other.scale;
		}
		this.units += other.units * 10n ** BigInt(this.scale - other.scale);
	}

	/** The sum as a decimal string (trailing zeros of the fraction kept: `Big` drops them). */
	toDecimal(): string {
		if (this.scale === 0) return this.units.toString();
		const digits = this.units.toString().padStart(this.scale + 1, '0');
		return `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
	}
}
