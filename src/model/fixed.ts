/**
 * Exact arithmetic on non-negative decimals as BigInt counts of 10^-scale: what a budget change
 * needs (sums, one product, comparisons) without a big.js object per amount. Each value keeps the
 * scale of its own digits; an operation aligns two scales first, so nothing is ever rounded.
 */
export interface Fixed {
	readonly units: bigint;
	readonly scale: number;
}

export const FIXED_ZERO: Fixed = { units: 0n, scale: 0 };

const TENS = Array.from({ length: 40 }, (_, power) => 10n ** BigInt(power));
const ten = (power: number) => TENS[power] ?? 10n ** BigInt(power);

/** A decimal string (`"12.5"`, `"0.0003"`; an exponent too, as `String(1e-7)` writes one) as a Fixed. */
export function fixed(decimal: string): Fixed {
	const e = decimal.indexOf('e') === -1 ? decimal.indexOf('E') : decimal.indexOf('e');
	if (e !== -1) {
		const { units, scale } = fixed(decimal.slice(0, e));
		const exponent = Number(decimal.slice(e + 1));
		return exponent > scale ? { units: units * ten(exponent - scale), scale: 0 } : { units, scale: scale - exponent };
	}
	const dot = decimal.indexOf('.');
	const digits = dot === -1 ? decimal : decimal.slice(0, dot) + decimal.slice(dot + 1);
	// Up to 15 digits are below 2^53, so the number they write is exact: a BigInt made of a number
	// costs a fraction of one parsed from text.
	return { units: digits.length <= 15 ? BigInt(Number(digits)) : BigInt(digits), scale: dot === -1 ? 0 : decimal.length - dot - 1 };
}

/** A number as the decimal its shortest text names (`0.8` is 8/10), as `new Big(number)` reads it. */
export const fixedOfNumber = (value: number): Fixed => fixed(String(value));

const at = (value: Fixed, scale: number) => (value.scale === scale ? value.units : value.units * ten(scale - value.scale));

export function plus(a: Fixed, b: Fixed): Fixed {
	const scale = Math.max(a.scale, b.scale);
	return { units: at(a, scale) + at(b, scale), scale };
}

export const times = (a: Fixed, b: Fixed): Fixed => ({ units: a.units * b.units, scale: a.scale + b.scale });

/** Negative, zero or positive as `a` is below, at or above `b`. */
export function compare(a: Fixed, b: Fixed): number {
	const scale = Math.max(a.scale, b.scale);
	const x = at(a, scale);
	const y = at(b, scale);
	return x < y ? -1 : x > y ? 1 : 0;
}

/** The plain decimal string, without trailing zeros (as `Big#toFixed()` writes it). */
export function toDecimal({ units, scale }: Fixed): string {
	let digits = units.toString();
	if (scale === 0) return digits;
	digits = digits.padStart(scale + 1, '0');
	let end = digits.length;
	while (end > digits.length - scale && digits.charCodeAt(end - 1) === 48) end--;
	const whole = digits.slice(0, digits.length - scale);
	return end === digits.length - scale ? whole : `${whole}.${digits.slice(digits.length - scale, end)}`;
}
