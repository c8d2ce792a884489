import type { UsageBucket } from './usage';

/** A price as a decimal string, never a float: `'2.5'`, `'0.075'`. */
export type DecimalString = string;

/**
 * Prices for one model. Token buckets are USD per million tokens; unit buckets (`webSearch`,
 * `fileSearch`) are USD per unit and `request` is USD per call. A bucket with usage but no price
 * falls back as `PRICE_FALLBACKS` says; with no fallback either, the call is unpriced (never $0).
 */
export type Prices = Partial<Record<UsageBucket | 'request', DecimalString>>;
