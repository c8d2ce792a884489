import type { UsageBucket } from '../core/usage';

/** A price as a decimal string, never a float: `'2.5'`, `'0.075'`. */
export type DecimalString = string;

/**
 * Prices for one model. Token buckets are USD per million tokens; `webSearch` is USD per search and
 * `request` is USD per call. A bucket with usage but no price falls back as `PRICE_FALLBACKS` says;
 * with no fallback either, the call is unpriced (never $0).
 */
export type Prices = Partial<Record<UsageBucket | 'request', DecimalString>>;

/**
 * A long-context tier: when the prompt (input + cache reads + cache writes + input audio and image)
 * holds more than `above` tokens, every price listed here replaces the base price for the whole call.
 */
export interface PriceTier {
	above: number;
	prices: Prices;
}

/** The prices in force from `since` (an ISO date, UTC) until the next entry's `since`. */
export interface PricePeriod extends Prices {
	since?: string;
	tiers?: PriceTier[];
}

export interface ModelPrice {
	/** One period, or several in ascending `since` order. */
	prices: PricePeriod | PricePeriod[];
	/** Where the numbers come from (a provider's pricing page). */
	source: string;
}

/** Provider id (`openai`, `anthropic`, `google`) → model id → price. */
export type CatalogData = Record<string, Record<string, ModelPrice>>;

export interface Catalog {
	version: string;
	models: CatalogData;
}
