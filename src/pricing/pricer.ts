import { isDecimalString } from '../model/decimal';
import type { CallRecord } from '../model/record';
import type { Usage } from '../model/usage';
import { isSource } from './source';
import { compileRates, costOf, type Rates, tierIndex, withService, withTiers } from './cost';
import { type CustomPrices, validateCustomPrices } from './custom-prices';
import { createPriceLookup, type ModelAliases, type PriceLookup, type PriceMatch } from './lookup';
import { compileModel, periodIndex, windowAt } from './periods';
import type { Catalog, CatalogSource, PriceEvent, PricePeriod, PriceSet, ServiceTier } from './types';

/** The pricing fields of a call record: a cost and what it was charged at, or the reason there is none. */
export type PriceOutcome = Pick<CallRecord, 'cost' | 'costSource' | 'priceKey' | 'prices' | 'catalogVersion' | 'problem' | 'unpriced' | 'estimatedFrom'>;

export interface PriceRequest {
	provider: string;
	model: string | undefined;
	usage: Usage;
	/** When the call started, in ms: the price in force then applies (by date and by time of day). */
	at: number;
	/** The service tier that served the call (`flex`, `priority`, `batch` …), from the response or the request. */
	serviceTier?: string;
	/** A cost the provider reported for the call, in USD as a decimal string (OpenRouter's `usage.cost`): it wins. */
	reportedCost?: string;
	/**
	 * For a host the catalog does not know (`provider` is the host): the provider whose API it speaks.
	 * When `provider` has no price and this one has the model, its price estimates the cost, flagged
	 * `estimatedFrom`, never as known.
	 */
	estimateFrom?: string;
}

export interface PricerOptions {
	/** Custom prices, winning over the catalog. */
	prices?: CustomPrices;
	/** Names to read as other names first (Azure deployments). */
	aliases?: ModelAliases;
	/** Events of a catalog source (a refused or refreshed catalog). */
	onEvent?: (event: PriceEvent) => void;
}

/** Service tier names that mean the standard prices. */
const STANDARD = new Set(['', 'default', 'standard', 'auto', 'on_demand', 'on-demand', 'ondemand', 'standard_only']);

const effective = new WeakMap<PriceSet, Map<string | number, Rates | string>>();

/**
 * The rates a call is billed at, cached per (price set, long-context tier, service tier): a warm
 * call reads a WeakMap and a Map. A string is a reason there are none (an unknown service tier).
 */
function ratesFor(period: PricePeriod, set: PriceSet, usage: Usage, tier: string | undefined, providerService: Record<string, ServiceTier> | undefined): Rates | string {
	const index = set.tiers ? tierIndex(set, usage) : -1;
	const standard = tier === undefined || STANDARD.has(tier);
	const own = (tiers: Record<string, ServiceTier> | undefined) => (tiers && Object.hasOwn(tiers, tier!) ? tiers[tier!] : undefined);
	const service = standard ? undefined : (own(period.service) ?? own(providerService));
	const serviceIndex = service?.tiers ? tierIndex(service, usage) : -1;
	const key = standard ? index : `${index}|${tier}|${serviceIndex}`;
	let cached = effective.get(set);
	if (!cached) effective.set(set, (cached = new Map<string | number, Rates | string>()));
	let rates = cached.get(key);
	if (rates === undefined) {
		const base = withTiers(set, index);
		if (standard) rates = compileRates(base);
		else if (!service) rates = `no price for service tier "${tier}"`;
		else rates = compileRates(withService(base, service, serviceIndex));
		cached.set(key, rates);
	}
	return rates;
}

/** How to add the missing bucket prices as custom prices, in one line. */
const customHint = (key: string, missing: string[]) => `; price it with prices: { '${key}': { …its prices, ${missing.map((bucket) => `${bucket}: '…'`).join(', ')} } }`;

/**
 * Prices calls from a catalog (or a catalog source that may change, see `loadPrices`) and custom
 * prices. Custom prices are validated here, once; the catalog is used as given (the tracker checks
 * one given as data, and `validateCatalog` checks one built by hand). Never throws for a call: what
 * cannot be priced comes back as a `problem`.
 */
export function createPricer(catalog: Catalog | CatalogSource, options: PricerOptions = {}) {
	const source = isSource(catalog) ? catalog : undefined;
	// Events of the source from now on are reported to this pricer's listener as it prices calls.
	let seen = source?.events?.(Number.MAX_SAFE_INTEGER).next ?? 0;
	let current = source ? source.current() : (catalog as Catalog);
	if (options.prices) validateCustomPrices(options.prices);
	let lookup: PriceLookup = createPriceLookup(current, options.prices, options.aliases);

	/** The entry pricing `model` at `at`: through its moving alias, else its own; else the host's API owner's (an estimate). */
	function find(provider: string, model: string, at: number, estimateFrom: string | undefined): { match: PriceMatch; estimated: boolean } | PriceOutcome {
		let match = lookup(provider, model, at);
		const estimated = !match && !!estimateFrom && !!(match = lookup(estimateFrom, model, at));
		if (match) return { match, estimated };
		const alias = lookup.movingAlias(provider, model, at);
		const name = alias?.model ?? model;
		const via = alias ? ` (${alias.alias} named ${alias.model}${alias.since ? ` since ${alias.since}` : ''}, which has no price)` : '';
		if (estimateFrom) return { problem: `unknown model ${provider}/${model}${via}: register providers: [{ match: '${provider}' }]`, unpriced: { reason: 'unknown-model' } };
		const nearest = lookup.nearest(provider, name);
		const hint = `${nearest ? `; nearest known: ${nearest}` : ''}; price it with prices: { '${provider}/${model}': { input: '…', output: '…' } }`;
		return { problem: `unknown model ${provider}/${model}${via}${hint}`, unpriced: { reason: 'unknown-model', ...(nearest ? { nearest } : {}) } };
	}

	function price({ provider, model, usage, at, serviceTier, reportedCost, estimateFrom }: PriceRequest): PriceOutcome {
		if (reportedCost !== undefined && isDecimalString(reportedCost)) return { cost: reportedCost.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''), costSource: 'provider' };
		if (source) {
			const latest = source.current();
			if (latest !== current) lookup = createPriceLookup((current = latest), options.prices, options.aliases);
			if (source.events && options.onEvent) {
				const { next, events } = source.events(seen);
				seen = next;
				for (const event of events) options.onEvent(event);
			}
		}
		if (!model) return { problem: 'neither the request nor the response named a model', unpriced: { reason: 'no-model' } };
		const found = find(provider, model, at, estimateFrom);
		if (!('match' in found)) return found;
		const { match, estimated } = found;
		const compiled = (match.compiled ??= compileModel(match.price));
		const index = compiled.periods.length > 1 ? periodIndex(compiled, at) : 0;
		const period = compiled.periods[index]!;
		const windows = compiled.windows[index];
		const set = (windows && windowAt(windows, at)) || period;
		const rates = ratesFor(period, set, usage, serviceTier && serviceTier.toLowerCase(), match.service);
		if (typeof rates === 'string') return { priceKey: match.key, problem: `${rates} in ${match.key}`, unpriced: { reason: 'unknown-tier', nearest: match.key } };
		const result = costOf(usage, rates);
		if (!result.priced)
			return {
				priceKey: match.key,
				problem: `no price for ${result.missing.join(', ')} in ${match.key}${customHint(match.key, result.missing)}`,
				unpriced: { reason: 'no-bucket-price', nearest: match.key },
			};
		const outcome: PriceOutcome = match.custom
			? { cost: result.cost, costSource: 'custom', priceKey: match.key, prices: result.charged }
			: { cost: result.cost, costSource: 'catalog', priceKey: match.key, prices: result.charged, catalogVersion: current.version };
		if (estimated) outcome.estimatedFrom = estimateFrom;
		return outcome;
	}
	price.catalog = () => current;
	price.source = source;
	return price;
}

export type Pricer = ReturnType<typeof createPricer>;
