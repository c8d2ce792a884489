import { checkedCatalogs } from './checked';
import { loaders as bundledLoaders, urls as bundledUrls, version as bundledVersion } from './data/lazy';
import { type CatalogJSON, decodeProvider } from './format';
import type { Catalog, CatalogSource, ModelPrice, PriceEvent, ProviderInfo } from './types';

type Loaders = Record<string, () => Promise<{ default: CatalogJSON }>>;
type Decoded = { models: Record<string, ModelPrice>; info?: ProviderInfo };

/**
 * A catalog source whose providers arrive one by one, each through its loader (a dynamic `import()`
 * a bundler splits into a chunk of its own), started the first time pricing reads that provider.
 * Until it has arrived the provider reads as empty; then `current()` is a new catalog holding it.
 * A loader that fails is reported (`prices.unavailable`) and tried again by a later call.
 */
export function partedCatalog(version: string, loaders: Loaders, where = 'tokentab/prices', urls?: Record<string, string[]>): CatalogSource {
	const loaded = new Map<string, Decoded>();
	const arriving = new Map<string, Promise<string | undefined>>();
	const log: PriceEvent[] = [];
	let emitted = 0;

	function request(id: string): undefined {
		if (!arriving.has(id)) {
			const arrival = loaders[id]!().then(
				({ default: json }) => {
					loaded.set(id, decodeProvider(id, json.providers[id]!));
					catalog = build();
					return undefined;
				},
				(error: unknown) => {
					log.push({ type: 'prices.unavailable', url: `${where}/${id}`, error, using: version });
					if (log.length > 32) log.shift();
					emitted++;
					// A new catalog object: pricers drop what they resolved without it, so a later call tries again.
					catalog = build();
					return id;
				},
			);
			arriving.set(id, arrival);
			void arrival.then(() => arriving.delete(id));
		}
		return undefined;
	}

	function build(): Catalog {
		const models: Record<string, Record<string, ModelPrice>> = {};
		const providers: Record<string, ProviderInfo> = {};
		for (const id of Object.keys(loaders)) {
			const known = loaded.get(id);
			if (known) {
				models[id] = known.models;
				if (known.info) providers[id] = known.info;
			} else {
				Object.defineProperty(models, id, { enumerable: true, get: () => request(id) });
				Object.defineProperty(providers, id, { enumerable: true, get: () => request(id) });
			}
		}
		// Every provider's URL rules from the start: a call is routed before its provider's prices arrive.
		const built: Catalog = { version, models: models, providers, ...(urls ? { urls } : {}) };
		// Every part was validated whole when it was built (`npm run prices:update`, checked in CI).
		checkedCatalogs.add(built);
		return built;
	}

	let catalog = build();
	return {
		current: () => catalog,
		events(after) {
			const first = emitted - log.length;
			return { next: emitted, events: after >= emitted ? [] : log.slice(Math.max(after, first) - first) };
		},
		loading() {
			if (!arriving.size) return undefined;
			return Promise.all(arriving.values()).then((ids) => ids.filter((id): id is string => id !== undefined));
		},
	};
}

/**
 * The catalog bundled with this version, per provider: each provider's prices are loaded when a call
 * to it is first priced. `tokentab`'s `createTracker` uses it by default; `catalog` from
 * `tokentab/prices` is the same prices, all bundled up front.
 */
export const bundledPrices: CatalogSource = /* @__PURE__ */ partedCatalog(bundledVersion, bundledLoaders, undefined, bundledUrls);
