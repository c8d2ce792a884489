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

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, power) => 10 ** power);

/**
 * An exact running sum of non-negative decimal strings (stored costs), without a `Big` per call: an
 * integer count of 10^-scale dollars, rescaled when a longer fraction arrives (the catalog's prices
 * have a few digits, so the scale settles at once). The count is a BigInt plus a double that takes
 * each cost while both stay exact integers (below 2^53, checked on every add) and is folded into the
 * BigInt when it would not: a cost is then one `Number()` and an add, no allocation. The same
 * number, turned into a `Big` once, at the API's edge.
 */
export class DecimalSum {
	private units = 0n;
	/** Units not yet folded into `units`: always an exact integer, at most 2^53 − 1. */
	private small = 0;
	private scale = 0;

	add(decimal: string): void {
		const dot = decimal.indexOf('.');
		const digits = dot === -1 ? 0 : decimal.length - dot - 1;
		if (digits > this.scale) this.rescale(digits);
		const shift = this.scale - digits;
		// 15 digits are below 2^53, and a product or sum of exact integers is exact while it stays below 2^53.
		if (decimal.length - (dot === -1 ? 0 : 1) <= 15 && shift < POW10.length) {
			// The digits read as one integer, the point skipped: no string is made per amount (a report adds one per call).
			let units = 0;
			for (let at = 0; at < decimal.length; at++) if (at !== dot) units = units * 10 + decimal.charCodeAt(at) - 48;
			const value = units * POW10[shift]!;
			if (Number.isSafeInteger(value)) {
				const next = this.small + value;
				if (next <= Number.MAX_SAFE_INTEGER) this.small = next;
				else {
					this.units += BigInt(this.small);
					this.small = value;
				}
				return;
			}
		}
		this.units += BigInt(dot === -1 ? decimal : decimal.slice(0, dot) + decimal.slice(dot + 1)) * 10n ** BigInt(shift);
	}

	/** Adds another sum into this one. */
	addSum(other: DecimalSum): void {
		if (other.scale > this.scale) this.rescale(other.scale);
		this.units += other.whole() * 10n ** BigInt(this.scale - other.scale);
	}

	/** The sum as a decimal string (trailing zeros of the fraction kept: `Big` drops them). */
	toDecimal(): string {
		const units = this.whole().toString();
		if (this.scale === 0) return units;
		const digits = units.padStart(this.scale + 1, '0');
		return `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
	}

	/** The count as one BigInt. */
	private whole(): bigint {
		return this.units + BigInt(this.small);
	}

	/** Moves to a longer fraction: the count times 10^(new − old). */
	private rescale(scale: number): void {
		this.units = this.whole() * 10n ** BigInt(scale - this.scale);
		this.small = 0;
		this.scale = scale;
	}
}
