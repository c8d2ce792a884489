import { candidateNames } from './candidate-names';
import { globTest, type RuleTest } from './pattern';
import type { ModelPrice, PricePeriod } from './types';
import { validateModel } from './validate';

/**
 * Custom prices from the tracker's options, keyed by `provider/model`, or `model` for any provider.
 * `*` matches any run of characters: `'openai/ft:gpt-4o-mini:*'`, `'my-llama-*'`.
 */
export type CustomPrices = Record<string, PricePeriod | PricePeriod[]>;

/** Checks custom prices as a catalog entry is checked (periods in `since` order, none empty); throws `InvalidArgumentError`. */
export function validateCustomPrices(custom: CustomPrices): void {
	for (const [key, prices] of Object.entries(custom)) validateModel({ prices }, `prices["${key}"]`);
}

/** Custom prices as a matcher: exact `provider/model` or `model` keys first, then wildcard patterns. Expects validated prices. */
export function customMatcher(custom: CustomPrices) {
	const exact = new Map<string, ModelPrice>();
	const patterns: [RuleTest, string, ModelPrice][] = [];
	for (const [key, prices] of Object.entries(custom)) {
		const price: ModelPrice = { prices, source: 'custom' };
		if (key.includes('*')) patterns.push([globTest(key, false), key, price]);
		else exact.set(key, price);
	}
	return (provider: string, model: string): { key: string; price: ModelPrice } | null => {
		const names = [model, ...candidateNames(model).filter((name) => name !== model)];
		for (const name of names) {
			for (const key of [`${provider}/${name}`, name]) {
				const price = exact.get(key);
				if (price) return { key, price };
			}
		}
		for (const [test, key, price] of patterns) {
			if (names.some((name) => test(`${provider}/${name}`) || test(name))) return { key, price };
		}
		return null;
	};
}
