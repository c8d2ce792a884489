import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { Catalog, CatalogData, HourWindow, ModelPrice, MovingAlias, PricePeriod, PriceSet, PriceTier, ProviderInfo, ServiceTier } from './types';
import type { Prices } from '../model/prices';

/**
 * tokentab's compact catalog format (schema 1): what `npm run prices:update` writes, what the
 * `tokentab/prices/*` entries ship and what `loadPrices` fetches. It is JSON; a price set is one
 * string of space-separated tokens:
 *
 * - `i2.5 cr1.25 o10 ws0.01`: a bucket code and its price (USD per million tokens; per unit for
 *   `ws`, `fs`; per call for `q`). Codes: see `CODES`.
 * - `@2025-06-10` (first token): the date the period starts.
 * - `>200000 i2.5 o15`: a long-context tier for prompts of more than 200,000 tokens (`>=272000`:
 *   272,000 or more; a `/i` suffix counts the uncached input only). Its prices replace the base
 *   prices for the whole call.
 * - `!batch *0.5`: a service tier: the standard prices × 0.5, then any prices listed after it.
 * - `%16:30-00:30 i0.135 o0.55`: prices in force between two UTC times of day (`%01:00-04:00/12345`:
 *   on those UTC weekdays only, 0 being Sunday).
 *
 * A `>` tier belongs to the last base, `!` or `%` section before it. A model entry is
 * `[id, prices, match?, source?]`: `prices` is a string (one period) or an array of them (periods
 * by date), `match` other names and rules (see `ModelPrice.match`), `source` an index into the
 * provider's `src` (default 0).
 */
export interface CatalogJSON {
	schema: 1;
	version: string;
	source?: string;
	providers: Record<string, ProviderJSON>;
}

export interface ProviderJSON {
	/** Pricing pages; entries point into this list. */
	src?: string[];
	/**
	 * The base URLs the provider serves, as plain rules (see `parseUrlRule`): `api.openai.com` (that
	 * host), `.openai.azure.com` (any host under it), `router.huggingface.co/together` (that host,
	 * under that path). The router reads them, so a provider added to a catalog is tracked as itself.
	 */
	url?: string[];
	via?: string[];
	/** Service tier name → price set string (`*0.5`). */
	svc?: Record<string, string>;
	/** Moving alias → `[steps, source?]`: a step is a model id, or `@2025-12-02 model` from that date (UTC) on. */
	al?: Record<string, AliasJSON>;
	m: EntryJSON[];
}

export type AliasJSON = [steps: string | string[], source?: number];

export type EntryJSON = [id: string, prices: string | string[], match?: (string | string[])[] | 0, source?: number];

export const SCHEMA_VERSION = 1;

/** Bucket codes of the compact format. */
export const CODES = {
	i: 'input',
	cr: 'cacheRead',
	cw: 'cacheWrite5m',
	ch: 'cacheWrite1h',
	o: 'output',
	r: 'reasoning',
	ai: 'inputAudio',
	ao: 'outputAudio',
	ii: 'inputImage',
	io: 'outputImage',
	vi: 'inputVideo',
	vo: 'outputVideo',
	ca: 'cacheReadAudio',
	ci: 'cacheReadImage',
	cv: 'cacheReadVideo',
	ws: 'webSearch',
	fs: 'fileSearch',
	q: 'request',
} as const satisfies Record<string, keyof Prices>;

/** A URL rule: a host (or `.suffix`) of lower-case labels, then an optional path prefix without wildcards. */
const URL_RULE = /^(\.?[a-z0-9-]+(?:\.[a-z0-9-]+)+)(\/[\w.~%@:+-]+(?:\/[\w.~%@:+-]+)*)?$/;

/** A URL rule as its host (a leading `.`: any host under it) and its path prefix (`''`: any path). */
export function parseUrlRule(rule: string, where = 'url'): { host: string; path: string } {
	const m = typeof rule === 'string' ? URL_RULE.exec(rule) : null;
	if (!m) bad(where, `${JSON.stringify(rule)} is not a URL rule (a host, \`.suffix\` or host/path prefix)`);
	return { host: m[1]!, path: m[2] ?? '' };
}

const TOKEN = /^([a-z]+|\*)(\d+(?:\.\d+)?)$/;
const TIER = /^>(=?)(\d+)(\/i)?$/;
const WINDOW = /^%(\d\d:\d\d)-(\d\d:\d\d)(?:\/([0-6]+))?$/;

function bad(where: string, what: string): never {
	throw new InvalidArgumentError(`${where}: ${what}`);
}

/** A provider, model or service tier name from JSON: `__proto__` would set an object's prototype instead of naming an entry (and slip past validation). */
function name(value: string, where: string): string {
	if (value === '__proto__') bad(where, '"__proto__" is not a name');
	return value;
}

/** Parses one period string of the compact format. */
export function parsePeriod(text: string, where = 'prices'): PricePeriod {
	const period: PricePeriod = {};
	let owner: PriceSet = period;
	let target: Prices = period;
	let service: ServiceTier | undefined;
	const tokens = text.split(' ');
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i]!;
		if (!token) continue;
		const head = token[0];
		let m: RegExpExecArray | null;
		if (head === '@') {
			if (i !== 0) bad(where, `"${token}": a date must come first`);
			period.since = token.slice(1);
		} else if (head === '>' && (m = TIER.exec(token))) {
			const tier: PriceTier = { [m[1] ? 'from' : 'above']: Number(m[2]), prices: {} };
			if (m[3]) tier.on = 'input';
			(owner.tiers ??= []).push(tier);
			target = tier.prices;
		} else if (head === '!') {
			const tier = name(token.slice(1), where);
			if (!tier) bad(where, 'a service tier needs a name');
			service = {};
			(period.service ??= {})[tier] = service;
			owner = target = service;
		} else if (head === '%' && (m = WINDOW.exec(token))) {
			const window: HourWindow = { start: m[1]!, end: m[2]! };
			if (m[3]) window.days = [...m[3]].map(Number);
			(period.hours ??= []).push(window);
			owner = target = window;
			service = undefined;
		} else if ((m = TOKEN.exec(token))) {
			if (m[1] === '*') {
				if (!service || target !== service) bad(where, `"${token}": a scale belongs to a service tier`);
				service.scale = m[2]!;
			} else {
				const bucket = CODES[m[1] as keyof typeof CODES];
				if (!bucket) bad(where, `"${token}": unknown price code`);
				target[bucket] = m[2]!;
			}
		} else {
			bad(where, `"${token}" is not a price token`);
		}
	}
	return period;
}

/** Expands a compact catalog into a `Catalog`. Throws `InvalidArgumentError` on anything malformed. */
export function decodeCatalog(json: unknown): Catalog {
	if (typeof json !== 'object' || json === null) bad('catalog', 'not an object');
	const data = json as Partial<CatalogJSON>;
	if (data.schema !== SCHEMA_VERSION) bad('catalog', `unknown schema ${JSON.stringify(data.schema)} (this version reads schema ${SCHEMA_VERSION})`);
	if (typeof data.version !== 'string' || !data.version) bad('catalog', 'needs a version');
	if (typeof data.providers !== 'object' || data.providers === null) bad('catalog', 'needs providers');
	const models: CatalogData = {};
	const providers: Record<string, ProviderInfo> = {};
	for (const [id, provider] of Object.entries(data.providers)) {
		const added = decodeProvider(name(id, 'catalog.providers'), provider);
		models[id] = added.models;
		if (added.info) providers[id] = added.info;
	}
	const urls = decodeUrls(data.providers);
	return { version: data.version, models, providers, ...(urls ? { urls } : {}), ...(data.source === undefined ? {} : { source: data.source }) };
}

/** Every provider's URL rules, checked, without decoding its models (the router needs them all, pricing one). */
export function decodeUrls(providers: Record<string, ProviderJSON>): Record<string, string[]> | undefined {
	let urls: Record<string, string[]> | undefined;
	for (const [id, provider] of Object.entries(providers)) {
		const rules = (provider as Partial<ProviderJSON> | null)?.url;
		if (rules === undefined) continue;
		if (!Array.isArray(rules)) bad(`providers.${id}.url`, 'must be an array of URL rules');
		rules.forEach((rule, i) => parseUrlRule(rule, `providers.${name(id, 'catalog.providers')}.url[${i}]`));
		(urls ??= {})[id] = rules;
	}
	return urls;
}

export function decodeProvider(id: string, provider: ProviderJSON): { models: Record<string, ModelPrice>; info?: ProviderInfo } {
	const where = `providers.${id}`;
	if (typeof provider !== 'object' || provider === null || !Array.isArray(provider.m)) bad(where, 'needs a model list `m`');
	const sources = provider.src ?? [];
	const models: Record<string, ModelPrice> = {};
	for (const entry of provider.m) {
		if (!Array.isArray(entry) || typeof entry[0] !== 'string') bad(where, `bad entry ${JSON.stringify(entry)}`);
		const [modelId, prices, match, source = 0] = entry;
		const at = `${where}.${name(modelId, where)}`;
		if (Object.hasOwn(models, modelId)) bad(at, 'listed twice');
		const periods = typeof prices === 'string' ? parsePeriod(prices, at) : Array.isArray(prices) ? prices.map((p) => parsePeriod(String(p), at)) : bad(at, 'bad prices');
		const model: ModelPrice = { prices: periods };
		if (match) model.match = match;
		if (sources[source] !== undefined) model.source = sources[source];
		models[modelId] = model;
	}
	const info: ProviderInfo = {};
	if (provider.via) info.via = provider.via;
	if (provider.src?.length) info.source = provider.src[0]!;
	if (provider.al) info.aliases = decodeAliases(provider.al, sources, `${where}.al`);
	if (provider.svc) {
		info.service = {};
		for (const [tier, text] of Object.entries(provider.svc)) {
			const parsed = parsePeriod(`!${name(tier, `${where}.svc`)} ${text}`, `${where}.svc.${tier}`);
			info.service[tier] = parsed.service![tier]!;
		}
	}
	return { models, ...(Object.keys(info).length ? { info } : {}) };
}

function decodeAliases(aliases: Record<string, AliasJSON>, sources: string[], where: string): Record<string, MovingAlias> {
	if (typeof aliases !== 'object' || aliases === null) bad(where, 'must be an object of aliases');
	const decoded: Record<string, MovingAlias> = {};
	for (const [alias, entry] of Object.entries(aliases)) {
		const at = `${where}.${name(alias, where)}`;
		const [steps, source = 0] = Array.isArray(entry) ? entry : bad(at, 'must be [steps, source?]');
		decoded[alias] = {
			steps: (Array.isArray(steps) ? steps : [steps]).map((step) => {
				const [, since, model] = (typeof step === 'string' && /^(?:@(\S+) )?(\S+)$/.exec(step)) || bad(at, `${JSON.stringify(step)} is not a step (\`model\` or \`@date model\`)`);
				return { model: model!, ...(since ? { since } : {}) };
			}),
			source: sources[source] ?? '',
		};
	}
	return decoded;
}

/** Combines provider catalogs (`tokentab/prices/openai`, `tokentab/prices/anthropic` …) into one. */
export function combineCatalogs(...parts: (CatalogJSON | Catalog)[]): Catalog {
	const catalogs = parts.map((part) => ('schema' in part ? decodeCatalog(part) : part));
	const combined: Catalog = { version: [...new Set(catalogs.map((c) => c.version))].join('+'), models: {}, providers: {} };
	for (const catalog of catalogs) {
		Object.assign(combined.models, catalog.models);
		Object.assign(combined.providers!, catalog.providers);
		if (catalog.urls) combined.urls = { ...combined.urls, ...catalog.urls };
	}
	return combined;
}
