import type { CatalogJSON } from './format';
import { isSource } from './source';
import type { Catalog, CatalogSource } from './types';

/** What a tracker takes as its catalog: a catalog, a source whose catalog may change, or one or more providers' prices as shipped (`tokentab/prices/openai`). */
export type CatalogInput = Catalog | CatalogSource | CatalogJSON | CatalogJSON[];

/** Prices as shipped, one provider's or several: decoded when the pricer loads, not up front. */
export const isCatalogJSON = (catalog: CatalogInput): catalog is CatalogJSON | CatalogJSON[] => Array.isArray(catalog) || 'schema' in catalog;

const shippedUrls = new WeakMap<object, Record<string, string[]>>();

/**
 * The catalog's URL rules as they are now (a source's catalog may change), for the router. Prices as
 * shipped are read for their rules alone, once: the router needs every provider's, pricing one.
 * Rules are checked where the router reads them (a rule it cannot read routes nothing).
 */
export function catalogUrls(catalog: CatalogInput | undefined): Record<string, string[]> | undefined {
	if (!catalog) return undefined;
	if (isSource(catalog)) return catalog.current().urls;
	if (!isCatalogJSON(catalog)) return catalog.urls;
	let urls = shippedUrls.get(catalog);
	if (!urls) {
		urls = {};
		for (const part of Array.isArray(catalog) ? catalog : [catalog])
			for (const [id, provider] of Object.entries(part?.providers ?? {})) if (Array.isArray(provider?.url)) urls[id] = provider.url.filter((rule) => typeof rule === 'string');
		shippedUrls.set(catalog, urls);
	}
	return urls;
}
