import { catalogMatch } from './catalog-routes';
import { catalogTables, type PriceMatch } from './catalog-table';
import { type CustomPrices, customMatcher } from './custom-prices';
import { aliasTargetAt, findMovingAlias } from './moving-alias';
import { nearestId } from './nearest';
import { catalogProvider, PROVIDER_IDS } from './provider-ids';
import type { Catalog } from './types';

export type { PriceMatch } from './catalog-table';
export type { CustomPrices } from './custom-prices';

/**
 * Names to read as other names before pricing, keyed by `provider/name` or `name`: Azure deployment
 * names (`{ 'azure/prod-chat': 'gpt-4o-2024-08-06' }`), house names. A target `provider/model` whose
 * provider is a catalog provider also switches the provider.
 */
export type ModelAliases = Record<string, string>;

/** Resolution is cached per (provider, model); the cache is emptied when it grows past this. */
const CACHE_LIMIT = 10_000;

/** A cache of `resolve` per (provider, model), misses included, emptied past `CACHE_LIMIT` entries. */
function cached<T>(resolve: (provider: string, model: string) => T) {
	const cache = new Map<string, Map<string, T>>();
	let size = 0;
	return (provider: string, model: string): T => {
		let models = cache.get(provider);
		if (!models) cache.set(provider, (models = new Map<string, T>()));
		if (models.has(model)) return models.get(model)!;
		if (++size > CACHE_LIMIT) {
			cache.clear();
			size = 1;
			cache.set(provider, models);
			models.clear();
		}
		const found = resolve(provider, model);
		models.set(model, found);
		return found;
	};
}

/**
 * Resolves `(provider, model)` to a price entry, in this order:
 * 1. an alias (`aliases`) renames the model (and maybe the provider) first;
 * 2. custom prices (validated by the caller): exact `provider/model` or `model` keys, then wildcard patterns;
 * 3. the catalog: the provider's own models, then those of the providers it serves (`via`: Azure
 *    serves OpenAI's), each tried by name as given, without a path (`models/`, `publishers/…/models/`),
 *    with its date dashed, then without snapshot suffixes (`-2024-08-06`, `-20250514`, `@20250514`,
 *    `-001`); exact names first, then rules;
 * 4. routes: Bedrock's `arn:…/`, region (`us.`, `eu.`, `global.` …) and `-v1:0` forms fall back to the
 *    model's vendor (`anthropic.claude-…` → Anthropic's prices); OpenRouter's `vendor/model` to the
 *    vendor's own prices.
 * First of all, a moving alias (`mistral-large-latest`: the catalog's data, per provider; see `overlay/aliases.ts`) is read as the
 * model it named at the call's time. Results (and misses) are cached, so a warm lookup is one Map read.
 */
export function createPriceLookup(catalog: Catalog, custom: CustomPrices = {}, aliases: ModelAliases = {}) {
	const fromCustom = customMatcher(custom);
	const tables = catalogTables(catalog);

	function resolve(provider: string, model: string, depth = 0): PriceMatch | null {
		// Own keys only: a model named `constructor` is not an alias.
		const own = (key: string) => (Object.hasOwn(aliases, key) && typeof aliases[key] === 'string' ? aliases[key] : undefined);
		const alias = own(`${provider}/${model}`) ?? own(model);
		if (alias !== undefined && depth < 3) {
			const slash = alias.indexOf('/');
			const target = slash > 0 ? alias.slice(0, slash) : '';
			const known = target && (PROVIDER_IDS[target] !== undefined || Object.hasOwn(catalog.models, target));
			return known ? resolve(target, alias.slice(slash + 1), depth + 1) : resolve(provider, alias, depth + 1);
		}
		const custom = fromCustom(provider, model);
		return custom ? { ...custom, custom: true } : catalogMatch(tables, provider, model);
	}

	const resolved = cached(resolve);
	const aliasOf = cached((provider: string, model: string) => findMovingAlias(catalog, provider, model));
	/** The model a moving alias named at `at` (ms), when `model` is one: a warm call reads a Map. */
	const movingAlias = (provider: string, model: string, at: number) => {
		const alias = aliasOf(provider, model);
		return alias && aliasTargetAt(alias, at);
	};
	/**
	 * The entry for `model` as a call at `at` (default: now) names it: a moving alias is read as the
	 * model it named then, unless custom prices (or an alias of the tracker's to them) name the alias itself.
	 */
	const lookup = (provider: string, model: string, at = Date.now()): PriceMatch | null => {
		const target = movingAlias(provider, model, at);
		const own = resolved(provider, model);
		return target && !own?.custom ? resolved(provider, target.model) : own;
	};
	/** The provider's known id closest to `model`, as `provider/id`: a hint for an unknown model. */
	const nearest = cached((provider: string, model: string): string | undefined => {
		const owner = catalogProvider(provider);
		const models = (Object.hasOwn(catalog.models, owner) && catalog.models[owner]) || {};
		const id = nearestId(model.slice(model.lastIndexOf('/') + 1), Object.keys(models));
		return id && `${owner}/${id}`;
	});
	return Object.assign(lookup, {
		info: tables.info,
		nearest,
		movingAlias,
	});
}

export type PriceLookup = ReturnType<typeof createPriceLookup>;
