import Big from 'big.js';
import { PER_MILLION, ZERO } from '../core/money';
import { UNIT_BUCKETS, type Usage, type UsageBucket } from '../core/usage';
import type { PricePeriod, Prices } from './types';

/** What a bucket is charged at when its own price is absent. Audio and image have none: no price, no cost. */
export const PRICE_FALLBACKS: Partial<Record<UsageBucket, UsageBucket>> = {
	reasoning: 'output',
	cacheRead: 'input',
	cacheWrite5m: 'input',
	cacheWrite1h: 'cacheWrite5m',
};

const UNITS = new Set<string>(UNIT_BUCKETS);

export type CostResult =
	| { priced: true; cost: Big; charged: Prices }
	| { priced: false; missing: UsageBucket[] };

/** Prompt tokens as long-context tiers count them: everything the model read. */
export function promptTokens(usage: Usage): number {
	return (
		(usage.input ?? 0) +
		(usage.cacheRead ?? 0) +
		(usage.cacheWrite5m ?? 0) +
		(usage.cacheWrite1h ?? 0) +
		(usage.inputAudio ?? 0) +
		(usage.inputImage ?? 0)
	);
}

/** The prices of the highest tier the prompt passes, laid over the base prices. */
export function pricesFor(period: PricePeriod, usage: Usage): Prices {
	if (!period.tiers) return period;
	const prompt = promptTokens(usage);
	let prices: Prices = period;
	for (const tier of period.tiers) if (prompt > tier.above) prices = { ...period, ...tier.prices };
	return prices;
}

const bigs = new Map<string, Big>();
function big(decimal: string): Big {
	let value = bigs.get(decimal);
	if (!value) bigs.set(decimal, (value = new Big(decimal)));
	return value;
}

function rateOf(prices: Prices, bucket: UsageBucket): string | undefined {
	for (let b: UsageBucket | undefined = bucket; b; b = PRICE_FALLBACKS[b]) {
		const price = prices[b];
		if (price !== undefined) return price;
	}
	return undefined;
}

/**
 * The exact cost of one call: Σ tokens × price per million, plus units × unit price, plus the
 * per-request fee. `charged` lists the price each bucket was actually billed at (after tiers and
 * fallbacks), so a stored record explains its own cost.
 */
export function computeCost(usage: Usage, period: PricePeriod): CostResult {
	const prices = pricesFor(period, usage);
	const charged: Prices = {};
	const missing: UsageBucket[] = [];
	let tokens = ZERO;
	let units = ZERO;
	for (const key in usage) {
		const bucket = key as UsageBucket;
		const count = usage[bucket];
		if (!count) continue;
		const rate = rateOf(prices, bucket);
		if (rate === undefined) {
			missing.push(bucket);
			continue;
		}
		charged[bucket] = rate;
		const amount = big(rate).times(count);
		if (UNITS.has(bucket)) units = units.plus(amount);
		else tokens = tokens.plus(amount);
	}
	if (missing.length) return { priced: false, missing };
	let cost = tokens.times(PER_MILLION).plus(units);
	if (prices.request !== undefined) {
		charged.request = prices.request;
		cost = cost.plus(big(prices.request));
	}
	return { priced: true, cost, charged };
}
