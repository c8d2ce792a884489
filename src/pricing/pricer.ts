import { toDecimalString } from '../core/money';
import type { CallRecord } from '../core/record';
import type { Usage } from '../core/usage';
import { computeCost } from './cost';
import { createPriceLookup, type CustomPrices, periodAt } from './lookup';
import type { Catalog } from './types';

/** The pricing fields of a call record: a cost and what it was charged at, or the reason there is none. */
export type PriceOutcome = Pick<CallRecord, 'cost' | 'costSource' | 'priceKey' | 'prices' | 'catalogVersion' | 'problem'>;

export interface PriceRequest {
	provider: string;
	model: string | undefined;
	usage: Usage;
	/** When the call started, in ms: the price in force then applies. */
	at: number;
}

/** Catalogs that price what a host serves, for providers that resell others' models. */
const CATALOGS_OF: Record<string, string[]> = { azure: ['openai'], vertex: ['google', 'anthropic'], bedrock: ['anthropic'] };

/** Prices calls from a catalog and custom prices. Custom prices are validated here, once. */
export function createPricer(catalog: Catalog, custom?: CustomPrices) {
	const lookup = createPriceLookup(catalog, custom);
	return function price({ provider, model, usage, at }: PriceRequest): PriceOutcome {
		if (!model) return { problem: 'neither the request nor the response named a model' };
		let match = lookup(provider, model);
		for (const catalogProvider of CATALOGS_OF[provider] ?? []) match ??= lookup(catalogProvider, model);
		if (!match) return { problem: `unknown model ${provider}/${model}` };
		const result = computeCost(usage, periodAt(match.price, at));
		if (!result.priced) return { priceKey: match.key, problem: `no price for ${result.missing.join(', ')} in ${match.key}` };
		return {
			cost: toDecimalString(result.cost),
			costSource: match.custom ? 'custom' : 'catalog',
			priceKey: match.key,
			prices: result.charged,
			...(match.custom ? {} : { catalogVersion: catalog.version }),
		};
	};
}

export type Pricer = ReturnType<typeof createPricer>;
