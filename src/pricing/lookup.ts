import { globTest, type RuleTest, ruleTest } from './pattern';
import type { CompiledModel } from './periods';
import type { Catalog, ModelPrice, PricePeriod, ProviderInfo, ServiceTiers } from './types';
import { validateModel } from './validate';

/**
 * Custom prices from the tracker's options, keyed by `provider/model`, or `model` for any provider.
 * `*` matches any run of characters: `'openai/ft:gpt-4o-mini:*'`, `'my-llama-*'`.
 */
export type CustomPrices = Record<string, PricePeriod | PricePeriod[]>;

/**
 * Names to read as other names before pricing, keyed by `provider/name` or `name`: Azure deployment
 * names (`{ 'azure/prod-chat': 'gpt-4o-2024-08-06' }`), house names. A target `provider/model` whose
 * provider is a catalog provider also switches the provider.
 */
export type ModelAliases = Record<string, string>;

export interface PriceMatch {
	/** `provider/model` of the entry that priced the call, or the custom prices key. */
	key: string;
	price: ModelPrice;
	custom: boolean;
	/** The catalog provider whose entry priced the call (`openai` for a call to Azure). */
	provider?: string;
	/** That provider's service tier prices. */
	service?: ServiceTiers;
	/** Filled in by the pricer on first use: the entry's periods, ready to search. */
	compiled?: CompiledModel;
}

/** Names readers and users give providers → the catalog provider that holds their prices. */
export const PROVIDER_IDS: Record<string, string> = {
	gemini: 'google',
	vertex: 'google',
	'vertex-ai': 'google',
	vertexai: 'google',
	aws: 'bedrock',
	'amazon-bedrock': 'bedrock',
	'x-ai': 'xai',
	grok: 'xai',
	'workers-ai': 'cloudflare',
	'azure-openai': 'azure',
	mistralai: 'mistral',
	'together-ai': 'together',
	together_ai: 'together',
	moonshot: 'moonshotai',
};

/** Model vendors as OpenRouter (`x-ai/grok-4`) and Bedrock (`anthropic.claude-…`) name them → catalog providers. */
const VENDORS: Record<string, string> = { ...PROVIDER_IDS, meta: 'bedrock', amazon: 'bedrock' };

/** Suffixes of dated snapshots and versions that resolve to their family when the snapshot has no entry. */
const SNAPSHOT_SUFFIXES = [/-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /@\d{8}$/, /@[\w.-]+$/, /[-@]latest$/, /-\d{3}$/];
const COMPACT_DATE = /-(20\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])(?=$|[-:@])/;
const BEDROCK_REGION = /^(?:us|eu|apac|global|jp|au|ca|in|sa|us-gov)\./;
const BEDROCK_MODEL = /^([a-z0-9-]+)\.(.+?)(?:-v\d+)?(?::\d+)?$/;
const OPENROUTER_VARIANT = /:(?:nitro|floor|exacto)$/;

/** The names a model is looked up by, most specific first: as given, without a path, with its date dashed, without snapshot suffixes. */
export function candidateNames(model: string): string[] {
	const names: string[] = [];
	const add = (name: string) => {
		if (name && !names.includes(name)) names.push(name);
	};
	let name = model.trim().toLowerCase();
	add(name);
	const path = name.lastIndexOf('models/');
	if (path !== -1 && (path === 0 || name[path - 1] === '/')) add((name = name.slice(path + 7)));
	const dashed = name.replace(COMPACT_DATE, '-$1-$2-$3');
	if (dashed !== name) add(dashed);
	for (let stripped = true; stripped; ) {
		stripped = false;
		for (const suffix of SNAPSHOT_SUFFIXES) {
			const shorter = name.replace(suffix, '');
			if (shorter !== name && shorter) {
				add((name = shorter));
				stripped = true;
			}
		}
	}
	return names;
}

interface Table {
	exact: Map<string, string>;
	rules: [RuleTest, string][];
}

/** One provider's models as lookup tables: exact names (ids and `=` names), then rules in catalog order. */
function compileTable(models: Record<string, ModelPrice>): Table {
	const exact = new Map<string, string>();
	const rules: [RuleTest, string][] = [];
	for (const [id, model] of Object.entries(models)) {
		const lower = id.toLowerCase();
		if (!exact.has(lower)) exact.set(lower, id);
		const other: (string | string[])[] = [];
		for (const rule of model.match ?? []) {
			if (typeof rule === 'string' && rule[0] === '=') {
				const name = rule.slice(1).toLowerCase();
				if (!exact.has(name)) exact.set(name, id);
			} else other.push(rule);
		}
		if (other.length) {
			const tests = other.map(ruleTest);
			rules.push([(name) => tests.some((test) => test(name)), id]);
		}
	}
	return { exact, rules };
}

/** Resolution is cached per (provider, model); the cache is emptied when it grows past this. */
const CACHE_LIMIT = 10_000;

/**
 * Resolves `(provider, model)` to a price entry, in this order:
 * 1. an alias (`aliases`) renames the model (and maybe the provider) first;
 * 2. custom prices: exact `provider/model` or `model` keys, then wildcard patterns;
 * 3. the catalog: the provider's own models, then those of the providers it serves (`via`: Azure
 *    serves OpenAI's), each tried by name as given, without a path (`models/`, `publishers/…/models/`),
 *    with its date dashed, then without snapshot suffixes (`-2024-08-06`, `-20250514`, `@20250514`,
 *    `-latest`, `-001`); exact names first, then rules;
 * 4. routes: Bedrock's `arn:…/`, region (`us.`, `eu.`, `global.` …) and `-v1:0` forms fall back to the
 *    model's vendor (`anthropic.claude-…` → Anthropic's prices); OpenRouter's `vendor/model` to the
 *    vendor's own prices.
 * Results (and misses) are cached, so a warm lookup is one Map read.
 */
export function createPriceLookup(catalog: Catalog, custom: CustomPrices = {}, aliases: ModelAliases = {}) {
	const exact = new Map<string, ModelPrice>();
	const patterns: [RuleTest, string, ModelPrice][] = [];
	for (const [key, prices] of Object.entries(custom)) {
		// As a catalog entry is: periods in `since` order, none empty.
		validateModel({ prices }, `prices["${key}"]`);
		const price: ModelPrice = { prices, source: 'custom' };
		if (key.includes('*')) patterns.push([globTest(key, false), key, price]);
		else exact.set(key, price);
	}
	const tables = new Map<string, Table | null>();
	const cache = new Map<string, Map<string, PriceMatch | null>>();

	function table(provider: string): Table | null {
		let found = tables.get(provider);
		if (found === undefined) {
			const models = Object.hasOwn(catalog.models, provider) ? catalog.models[provider] : undefined;
			tables.set(provider, (found = models ? compileTable(models) : null));
		}
		return found;
	}

	const info = (provider: string): ProviderInfo | undefined => (catalog.providers && Object.hasOwn(catalog.providers, provider) ? catalog.providers[provider] : undefined);

	function find(provider: string, names: string[]): PriceMatch | null {
		const models = table(provider);
		if (!models) return null;
		for (const name of names) {
			let id = models.exact.get(name);
			if (id === undefined) for (const [test, rule] of models.rules) if (test(name)) { id = rule; break; }
			if (id !== undefined) {
				const service = info(provider)?.service;
				return { key: `${provider}/${id}`, price: catalog.models[provider]![id]!, custom: false, provider, ...(service ? { service } : {}) };
			}
		}
		return null;
	}

	function fromCatalog(requested: string, model: string, depth: number): PriceMatch | null {
		const provider = PROVIDER_IDS[requested] ?? requested;
		let name = model.trim().toLowerCase();
		if (provider === 'bedrock') name = name.slice(name.lastIndexOf('/') + 1);
		const names = candidateNames(name);
		for (const route of [provider, ...(info(provider)?.via ?? [])]) {
			const match = find(route, names);
			if (match) return match;
		}
		if (depth > 2) return null;
		if (provider === 'bedrock') {
			const unregioned = name.replace(BEDROCK_REGION, '');
			if (unregioned !== name) {
				const match = find('bedrock', candidateNames(unregioned));
				if (match) return match;
			}
			const vendor = BEDROCK_MODEL.exec(unregioned);
			const to = vendor && (VENDORS[vendor[1]!] ?? vendor[1]!);
			if (vendor && to !== 'bedrock') return fromCatalog(to!, vendor[2]!, depth + 1);
		} else if (provider === 'openrouter') {
			const plain = name.replace(OPENROUTER_VARIANT, '');
			if (plain !== name) return fromCatalog('openrouter', plain, depth + 1);
			const slash = name.indexOf('/');
			if (slash > 0) {
				const vendor = name.slice(0, slash);
				return fromCatalog(VENDORS[vendor] ?? vendor, name.slice(slash + 1), depth + 1);
			}
		}
		return null;
	}

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
		const names = [model, ...candidateNames(model).filter((name) => name !== model)];
		for (const name of names) {
			for (const key of [`${provider}/${name}`, name]) {
				const price = exact.get(key);
				if (price) return { key, price, custom: true };
			}
		}
		for (const [test, key, price] of patterns) {
			if (names.some((name) => test(`${provider}/${name}`) || test(name))) return { key, price, custom: true };
		}
		return fromCatalog(provider, model, 0);
	}

	let cached = 0;
	const lookup = (provider: string, model: string): PriceMatch | null => {
		let models = cache.get(provider);
		if (!models) cache.set(provider, (models = new Map()));
		let match = models.get(model);
		if (match === undefined) {
			if (++cached > CACHE_LIMIT) {
				cache.clear();
				cached = 1;
				cache.set(provider, models);
				models.clear();
			}
			models.set(model, (match = resolve(provider, model)));
		}
		return match;
	};
	lookup.info = info;
	return lookup;
}

export type PriceLookup = ReturnType<typeof createPriceLookup>;
