import Big from 'big.js';

const NANO_PER_USD = 1e9;

/**
 * A metrics counter takes numbers, and a float cannot hold $0.000405 exactly. So the cost counter
 * counts whole nano-dollars (integers, exact in a double up to $9 million), and each series carries
 * its own exact total in big.js: every add is the growth of `floor(total × 10⁹)`, so the counter's
 * sum is the exact total rounded down to the nano-dollar, never drifting with the number of calls.
 * The exact figure of each call is its span's `tokentab.cost` decimal string.
 */
export function createNanoUsdCarry(): (series: string, cost: string) => number {
	const totals = new Map<string, { exact: Big; counted: Big }>();
	return (series, cost) => {
		const total = totals.get(series) ?? { exact: new Big(0), counted: new Big(0) };
		total.exact = total.exact.plus(cost);
		const target = total.exact.times(NANO_PER_USD).round(0, Big.roundDown);
		const delta = target.minus(total.counted);
		total.counted = target;
		totals.set(series, total);
		return delta.toNumber();
	};
}
