import Big from 'big.js';
import { UNIT_BUCKETS, USAGE_BUCKETS, type Usage, type UsageBucket } from '../model/usage';
import type { Prices } from '../model/prices';
import type { PriceSet, PriceTier, ServiceTier } from './types';

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

/** Each cached modality and the uncached input it is a cache of. */
const CACHED_MODALITY: Partial<Record<UsageBucket, UsageBucket>> = { cacheReadAudio: 'inputAudio', cacheReadImage: 'inputImage', cacheReadVideo: 'inputVideo' };

/**
 * Money is exact: a cost is Σ count × price, computed on integers. Each set of rates has one scale
 * 10^e large enough for all its prices (a price per million tokens p becomes p × 10^(e-6) per token, a
 * unit or per-call price p × 10^e), so every product is an integer and nothing is ever rounded. The
 * sum is kept in a double while it is a safe integer (the usual case, and the fast one) and in a
 * BigInt otherwise; it becomes a decimal string once, at the end.
 */
function decimals(price: string): number {
	const dot = price.indexOf('.');
	return dot === -1 ? 0 : price.length - dot - 1;
}

function scaled(decimal: string, digits: number): bigint {
	const dot = decimal.indexOf('.');
	if (dot === -1) return BigInt(decimal) * 10n ** BigInt(digits);
	return BigInt(decimal.slice(0, dot) + decimal.slice(dot + 1).padEnd(digits, '0'));
}

/** An integer amount of 10^-e USD (its decimal digits) as a plain decimal string, trailing zeros dropped. */
export function formatAmount(integer: string, e: number): string {
	if (e === 0) return integer;
	const digits = integer.length > e ? integer : integer.padStart(e + 1, '0');
	const cut = digits.length - e;
	let end = digits.length;
	while (end > cut && digits.charCodeAt(end - 1) === 48) end--;
	return end === cut ? digits.slice(0, cut) : `${digits.slice(0, cut)}.${digits.slice(cut, end)}`;
}

/** Prices ready to multiply: each bucket's charged price (fallbacks resolved) and its integer rate at scale 10^e. */
export interface Rates {
	prices: Prices;
	e: number;
	big: Partial<Record<UsageBucket, bigint>>;
	request?: bigint;
	/** The same rates as doubles, when every one is a safe integer. */
	small?: Partial<Record<UsageBucket, number>>;
	smallRequest?: number;
}

export function compileRates(prices: Prices): Rates {
	const charged: Prices = {};
	let e = 0;
	for (const key of USAGE_BUCKETS) {
		let price: string | undefined;
		for (let b: UsageBucket | undefined = key; b && price === undefined; b = PRICE_FALLBACKS[b]) price = prices[b];
		// A cached modality where that modality costs what text does (audio on Gemini 2.5 Pro) is a
		// cache read like any other; where it is dearer and its cache has no price, the call stays unpriced.
		const uncached = CACHED_MODALITY[key];
		if (price === undefined && uncached && prices[uncached] !== undefined && prices.input !== undefined && new Big(prices[uncached]).eq(prices.input)) price = charged.cacheRead;
		if (price === undefined) continue;
		charged[key] = price;
		e = Math.max(e, decimals(price) + (UNITS.has(key) ? 0 : 6));
	}
	if (prices.request !== undefined) {
		charged.request = prices.request;
		e = Math.max(e, decimals(prices.request));
	}
	const rates: Rates = { prices: charged, e, big: {} };
	let small: Partial<Record<UsageBucket, number>> | undefined = {};
	for (const [key, price] of Object.entries(charged) as [UsageBucket | 'request', string][]) {
		const rate = scaled(price, key === 'request' || UNITS.has(key) ? e : e - 6);
		if (key === 'request') rates.request = rate;
		else rates.big[key] = rate;
		if (small && rate <= BigInt(Number.MAX_SAFE_INTEGER)) {
			if (key === 'request') rates.smallRequest = Number(rate);
			else small[key] = Number(rate);
		} else small = undefined;
	}
	if (small) rates.small = small;
	return rates;
}

export type CostResult = { priced: true; cost: string; charged: Prices } | { priced: false; missing: UsageBucket[] };

/**
 * The exact cost of one call: Σ tokens × price, plus units × unit price, plus the per-request fee.
 * `charged` lists the price each used bucket was billed at, so a stored record explains its cost.
 */
export function costOf(usage: Usage, rates: Rates): CostResult {
	let missing: UsageBucket[] | undefined;
	const charged: Prices = {};
	const small = rates.small;
	let total = 0;
	for (const key in usage) {
		const bucket = key as UsageBucket;
		const count = usage[bucket];
		if (!count) continue;
		const price = rates.prices[bucket];
		if (price === undefined) {
			(missing ??= []).push(bucket);
			continue;
		}
		charged[bucket] = price;
		if (small) total += small[bucket]! * count;
	}
	if (missing) return { priced: false, missing };
	if (rates.request !== undefined) {
		charged.request = rates.prices.request!;
		if (small) total += rates.smallRequest!;
	}
	let digits: string;
	if (small && Number.isSafeInteger(total)) digits = String(total);
	else {
		// Past 2^53 (or with rates that are not safe integers): the same sum in BigInt.
		let sum = rates.request ?? 0n;
		for (const key in charged) if (key !== 'request') sum += rates.big[key as UsageBucket]! * BigInt(usage[key as UsageBucket]!);
		digits = sum.toString();
	}
	return { priced: true, cost: formatAmount(digits, rates.e), charged };
}

const INPUT_SIDE: UsageBucket[] = ['input', 'inputAudio', 'inputImage', 'inputVideo'];
const CACHE_SIDE: UsageBucket[] = ['cacheRead', 'cacheReadAudio', 'cacheReadImage', 'cacheReadVideo', 'cacheWrite5m', 'cacheWrite1h'];

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
