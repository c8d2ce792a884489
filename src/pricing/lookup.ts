import { assertDecimalString } from '../core/money';
import { USAGE_BUCKETS } from '../core/usage';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { Catalog, ModelPrice, PricePeriod } from './types';

/**
 * Custom prices from the tracker's options, keyed by `provider/model`, or `model` for any provider.
 * `*` matches any run of characters: `'openai/ft:gpt-4o-mini:*'`, `'my-llama-*'`.
 */
export type CustomPrices = Record<string, PricePeriod | PricePeriod[]>;

export interface PriceMatch {
	/** `provider/model` of the entry that priced the call. */
	key: string;
	price: ModelPrice;
	custom: boolean;
}

/** Snapshot suffixes that resolve to their family's price when the snapshot has no entry of its own. */
const SNAPSHOT_SUFFIXES = [/-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /@\d{8}$/, /[-@]latest$/, /-\d{3}$/];

function candidates(model: string): string[] {
	const names = [model];
	let name = model.startsWith('models/') ? model.slice(7) : model;
	if (name !== model) names.push(name);
	for (let stripped = true; stripped; ) {
		stripped = false;
		for (const suffix of SNAPSHOT_SUFFIXES) {
			const shorter = name.replace(suffix, '');
			if (shorter !== name && shorter) {
				names.push((name = shorter));
				stripped = true;
			}
		}
	}
	return names;
}

function validatePeriod(period: PricePeriod, where: string): void {
	for (const [key, value] of Object.entries(period)) {
		if (key === 'since') {
			if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`${where}.since must be an ISO date`);
		} else if (key === 'tiers') {
			if (!Array.isArray(value)) throw new InvalidArgumentError(`${where}.tiers must be an array`);
			value.forEach((tier: { above: unknown; prices: PricePeriod }, i: number) => {
				if (!Number.isSafeInteger(tier?.above) || (tier.above as number) < 0) throw new InvalidArgumentError(`${where}.tiers[${i}].above must be a token count`);
				validatePeriod(tier.prices, `${where}.tiers[${i}].prices`);
			});
		} else if (key === 'request' || (USAGE_BUCKETS as readonly string[]).includes(key)) {
			assertDecimalString(value, `${where}.${key}`);
		} else {
			throw new InvalidArgumentError(`${where}.${key} is not a price field`);
		}
	}
}

function wildcard(pattern: string): RegExp {
	return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Resolves `(provider, model)` to a price entry: custom prices first (exact, then wildcards),
 * then the catalog, each tried for the model as named and then for its family (dated snapshot
 * suffixes stripped). Results are cached, so a warm lookup is one Map read.
 */
export function createPriceLookup(catalog: Catalog, custom: CustomPrices = {}) {
	const exact = new Map<string, ModelPrice>();
	const patterns: [RegExp, string, ModelPrice][] = [];
	for (const [key, prices] of Object.entries(custom)) {
		const periods = Array.isArray(prices) ? prices : [prices];
		periods.forEach((period, i) => validatePeriod(period, `prices["${key}"]${Array.isArray(prices) ? `[${i}]` : ''}`));
		const price: ModelPrice = { prices, source: 'custom' };
		if (key.includes('*')) patterns.push([wildcard(key), key, price]);
		else exact.set(key, price);
	}
	const cache = new Map<string, PriceMatch | null>();

	function resolve(provider: string, model: string): PriceMatch | null {
		const names = candidates(model);
		for (const name of names) {
			for (const key of [`${provider}/${name}`, name]) {
				const price = exact.get(key);
				if (price) return { key, price, custom: true };
			}
		}
		for (const [regex, key, price] of patterns) {
			if (regex.test(`${provider}/${model}`) || regex.test(model)) return { key, price, custom: true };
		}
		const models = Object.hasOwn(catalog.models, provider) ? catalog.models[provider] : undefined;
		if (models) {
			for (const name of names) {
				if (Object.hasOwn(models, name)) return { key: `${provider}/${name}`, price: models[name]!, custom: false };
			}
		}
		return null;
	}

	return (provider: string, model: string): PriceMatch | null => {
		const id = `${provider}\0${model}`;
		let match = cache.get(id);
		if (match === undefined) cache.set(id, (match = resolve(provider, model)));
		return match;
	};
}

export type PriceLookup = ReturnType<typeof createPriceLookup>;

/** The price period in force at `at` (ms since epoch): the last whose `since` is not after it. */
export function periodAt(price: ModelPrice, at: number): PricePeriod {
	const { prices } = price;
	if (!Array.isArray(prices)) return prices;
	let current = prices[0]!;
	for (const period of prices) if (!period.since || Date.parse(period.since) <= at) current = period;
	return current;
}
