import Big from 'big.js';
import { UNIT_BUCKETS, USAGE_BUCKETS, type Usage, type UsageBucket } from '../core/usage';
import type { PriceSet, Prices, PriceTier, ServiceTier } from './types';

/**
 * What a bucket is charged at when its own price is absent: where providers bill it that way.
 * Audio, image and video have none: no price, no cost (the call is unpriced, never guessed).
 */
export const PRICE_FALLBACKS: Partial<Record<UsageBucket, UsageBucket>> = {
	reasoning: 'output',
	cacheRead: 'input',
	cacheWrite5m: 'input',
	cacheWrite1h: 'cacheWrite5m',
};

const UNITS = new Set<string>(UNIT_BUCKETS);

/**
 * Money is exact: a cost is Σ count × price, computed on integers. Every amount is held as an integer
 * number of 10^-24 USD: a per-million-token price p is p × 10^18 per token, a unit or per-call price
 * p × 10^24. Prices have at most 12 decimal places (18 after a service tier's scale), so nothing is
 * ever rounded; the sum becomes a decimal string once, at the end.
 */
const DIGITS = 24;
const TOKEN_DIGITS = DIGITS - 6;

function scaled(decimal: string, digits: number): bigint {
	const dot = decimal.indexOf('.');
	if (dot === -1) return BigInt(decimal) * 10n ** BigInt(digits);
	const fraction = decimal.slice(dot + 1);
	if (fraction.length > digits) throw new RangeError(`${decimal} has more than ${digits} decimal places`);
	return BigInt(decimal.slice(0, dot) + fraction.padEnd(digits, '0'));
}

/** An amount in 10^-24 USD as a plain decimal string, trailing zeros dropped. */
export function formatAmount(amount: bigint): string {
	const digits = amount.toString().padStart(DIGITS + 1, '0');
	const whole = digits.slice(0, -DIGITS);
	let end = digits.length;
	while (end > whole.length && digits.charCodeAt(end - 1) === 48) end--;
	return end === whole.length ? whole : `${whole}.${digits.slice(whole.length, end)}`;
}

/** Prices ready to multiply: each bucket's charged price (fallbacks resolved) and its integer rate. */
export interface Rates {
	prices: Prices;
	rate: Partial<Record<UsageBucket, bigint>>;
	request?: bigint;
}

export function compileRates(prices: Prices): Rates {
	const rates: Rates = { prices: {}, rate: {} };
	for (const key of USAGE_BUCKETS) {
		let price: string | undefined;
		for (let b: UsageBucket | undefined = key; b && price === undefined; b = PRICE_FALLBACKS[b]) price = prices[b];
		if (price === undefined) continue;
		rates.prices[key] = price;
		rates.rate[key] = scaled(price, UNITS.has(key) ? DIGITS : TOKEN_DIGITS);
	}
	if (prices.request !== undefined) {
		rates.prices.request = prices.request;
		rates.request = scaled(prices.request, DIGITS);
	}
	return rates;
}

export type CostResult = { priced: true; cost: string; charged: Prices } | { priced: false; missing: UsageBucket[] };

/**
 * The exact cost of one call: Σ tokens × price, plus units × unit price, plus the per-request fee.
 * `charged` lists the price each used bucket was billed at, so a stored record explains its cost.
 */
export function costOf(usage: Usage, rates: Rates): CostResult {
	let total = 0n;
	let missing: UsageBucket[] | undefined;
	const charged: Prices = {};
	for (const key in usage) {
		const bucket = key as UsageBucket;
		const count = usage[bucket];
		if (!count) continue;
		const rate = rates.rate[bucket];
		if (rate === undefined) {
			(missing ??= []).push(bucket);
			continue;
		}
		charged[bucket] = rates.prices[bucket]!;
		total += rate * BigInt(count);
	}
	if (missing) return { priced: false, missing };
	if (rates.request !== undefined) {
		charged.request = rates.prices.request!;
		total += rates.request;
	}
	return { priced: true, cost: formatAmount(total), charged };
}

const INPUT_SIDE: UsageBucket[] = ['input', 'inputAudio', 'inputImage', 'inputVideo'];
const CACHE_SIDE: UsageBucket[] = ['cacheRead', 'cacheReadAudio', 'cacheWrite5m', 'cacheWrite1h'];

/** The tokens a long-context tier counts: the whole prompt (default) or the uncached input. */
export function tierCount(usage: Usage, on: PriceTier['on']): number {
	let count = 0;
	for (const bucket of INPUT_SIDE) count += usage[bucket] ?? 0;
	if (on !== 'input') for (const bucket of CACHE_SIDE) count += usage[bucket] ?? 0;
	return count;
}

/** The index of the highest tier the call passes, or -1. */
export function tierIndex(set: PriceSet, usage: Usage): number {
	let index = -1;
	const tiers = set.tiers;
	if (tiers) {
		for (let i = 0; i < tiers.length; i++) {
			const tier = tiers[i]!;
			const count = tierCount(usage, tier.on);
			if (tier.above !== undefined ? count > tier.above : count >= tier.from!) index = i;
		}
	}
	return index;
}

const NOT_PRICES = new Set(['tiers', 'since', 'hours', 'service', 'scale', 'start', 'end', 'days']);

/** The base prices of a set with its tiers up to `index` laid over them. */
export function withTiers(set: PriceSet, index: number): Prices {
	const prices: Prices = {};
	for (const [key, value] of Object.entries(set)) if (!NOT_PRICES.has(key)) prices[key as keyof Prices] = value as string;
	for (let i = 0; i <= index; i++) Object.assign(prices, set.tiers![i]!.prices);
	return prices;
}

/** A service tier's prices: the token prices × `scale` (unit and request fees unchanged), then its own prices. */
export function withService(prices: Prices, service: ServiceTier, serviceTierIndex: number): Prices {
	const result: Prices = { ...prices };
	if (service.scale !== undefined && service.scale !== '1') {
		for (const [key, value] of Object.entries(prices)) {
			if (key !== 'request' && !UNITS.has(key)) result[key as keyof Prices] = new Big(value).times(service.scale).toFixed();
		}
	}
	return Object.assign(result, withTiers(service, serviceTierIndex));
}
