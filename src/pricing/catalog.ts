import { checkedCatalogs } from './checked';
import { catalogJSON } from './data/index';
import { type CatalogJSON, decodeProvider, decodeUrls } from './format';
import type { Catalog, CatalogData, ModelPrice, ProviderInfo } from './types';

/**
 * A catalog over compact data whose providers are decoded on first use: pricing OpenAI calls never
 * decodes OpenRouter's 600 entries.
 */
export function lazyCatalog(json: CatalogJSON): Catalog {
	const models: CatalogData = {};
	const providers: Record<string, ProviderInfo> = {};
	const decoded = new Map<string, { models: Record<string, ModelPrice>; info?: ProviderInfo }>();
	const decode = (id: string) => {
		let found = decoded.get(id);
		if (!found) decoded.set(id, (found = decodeProvider(id, json.providers[id]!)));
		return found;
	};
	for (const id of Object.keys(json.providers)) {
		Object.defineProperty(models, id, { enumerable: true, get: () => decode(id).models });
		Object.defineProperty(providers, id, { enumerable: true, get: () => decode(id).info });
	}
	const urls = decodeUrls(json.providers);
	return { version: json.version, models, providers, ...(urls ? { urls } : {}), ...(json.source === undefined ? {} : { source: json.source }) };
}

/**
 * The catalog bundled with this version: built by `npm run prices:update` from genai-prices' dataset
 * and tokentab's hand overlay (see src/pricing/data/SOURCES.md).
 */
export const bundledCatalog: Catalog = /* @__PURE__ */ checked(lazyCatalog(catalogJSON));

/** Validated whole by `npm run prices:update` and its CI check: not again, which would decode every provider. */
function checked(catalog: Catalog): Catalog {
	checkedCatalogs.add(catalog);
	return catalog;
}
