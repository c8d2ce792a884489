import Big from 'big.js';
import type { DecimalSum } from './decimal';

// money.ts is where big.js enters: the code a tracker runs before and around a call sums with
// `DecimalSum` (./decimal.ts), and turns money into `Big` here, at the API's edge.

// Pure: a bundle that imports this module for `toDecimalString` alone drops it, and big.js with it.
export const ZERO = /* @__PURE__ */ new Big(0);

/** A sum as a `Big`, at the API's edge (a function, not a method: the running totals need no big.js). */
export const toBig = (sum: DecimalSum): Big => new Big(sum.toDecimal());

/** A Big as a plain decimal string (`toFixed()` never switches to exponent notation, unlike `toString()`). */
export function toDecimalString(value: Big): string {
	return value.toFixed();
}
