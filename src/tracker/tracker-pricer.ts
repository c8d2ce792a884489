import { type CatalogInput, isCatalogJSON } from '../pricing/catalog-input';
import { combineCatalogs } from '../pricing/format';
import { createPricer, type Pricer } from '../pricing/pricer';
import type { Catalog, CatalogSource } from '../pricing/types';
import { validateCatalogOnce } from '../pricing/validate';
import type { EventListener } from './events';
import type { TrackerOptions } from './options';

/** `tokentab/core` without a catalog: custom prices still apply; every other call is unpriced. */
const NO_CATALOG: Catalog = { version: 'none', models: {} };

/** Prices as shipped decoded once per object, so trackers made per request around one import share them. */
const decoded = new WeakMap<object, Catalog>();

function catalogOf(input: CatalogInput | undefined): Catalog | CatalogSource {
	if (!input) return NO_CATALOG;
	if (!isCatalogJSON(input)) return input;
	let catalog = decoded.get(input);
	if (!catalog) decoded.set(input, (catalog = combineCatalogs(...(Array.isArray(input) ? input : [input]))));
	return catalog;
}

/**
 * The pricer of a tracker's options, its price data checked whole first (as a fetched catalog is):
 * a fault throws `InvalidArgumentError`, and the tracker prices nothing with that data. A module of
 * its own: the tracker loads it on first use (./pricer.ts), with the checks and the decoder.
 */
export function trackerPricer(options: TrackerOptions, emit: EventListener): Pricer {
	const catalog = catalogOf(options.catalog);
	if (options.catalog) validateCatalogOnce(catalog);
	return createPricer(catalog, { prices: options.prices, aliases: options.aliases, onEvent: emit });
}
