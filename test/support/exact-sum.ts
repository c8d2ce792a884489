import Big from 'big.js';
import { DecimalSum } from '../../src/model/decimal';
import { toBig } from '../../src/model/money';

/** The same decimal strings summed by `DecimalSum` and by big.js, each as a decimal string. */
export function sumBothWays(values: readonly string[]): { sum: string; big: string } {
	const sum = new DecimalSum();
	let big = new Big(0);
	for (const value of values) {
		sum.add(value);
		big = big.plus(value);
	}
	return { sum: toBig(sum).toFixed(), big: big.toFixed() };
}
