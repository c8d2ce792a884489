// npm run prices:update: builds tokentab's price catalog (src/pricing/data/*.ts, prices/catalog.json)
// from the dataset embedded in the @pydantic/genai-prices devDependency, converted into tokentab's
// compact format, with the hand overlay (src/pricing/overlay/*.ts) laid over it. Writes a report of
// what was converted, dropped and overridden to src/pricing/data/SOURCES.md.
//
//   npm run prices:update              write the files
//   npm run prices:update -- --check   exit 1 if the files are not what this run would write
//
// It runs bundled by esbuild (see package.json), so it uses the library's own decoder, validator and
// lookup to check what it writes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Big from 'big.js';
import { waitForUpdate } from '@pydantic/genai-prices';
import { type CatalogJSON, decodeCatalog, type EntryJSON, type ProviderJSON } from '../src/pricing/format';
import { createPriceLookup } from '../src/pricing/lookup';
import { anthropic } from '../src/pricing/overlay/anthropic';
import { extra, notes } from '../src/pricing/overlay/extra';
import { google } from '../src/pricing/overlay/google';
import { MOVING_ALIASES } from '../src/pricing/overlay/aliases';
import { hosts } from '../src/pricing/overlay/hosts';
import { openai } from '../src/pricing/overlay/openai';
import { providers as providerOverlay } from '../src/pricing/overlay/providers';
import { reviewed } from '../src/pricing/overlay/reviewed';
import { crossCheck } from './prices-crosscheck';
import { regexRules } from './regex-rules';
import type { Prices } from '../src/model/prices';
import type { ModelPrice, PricePeriod, PriceSet, ServiceTier } from '../src/pricing/types';
import { validateCatalog } from '../src/pricing/validate';

const root = process.cwd();
const genaiVersion: string = JSON.parse(readFileSync(join(root, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8')).version;

/** genai-prices provider ids → tokentab's. */
const PROVIDER_ID: Record<string, string> = { aws: 'bedrock', 'x-ai': 'xai' };

/** genai-prices price keys → tokentab bucket codes, with the divisor to USD per unit (`_kcount` is per 1,000). */
const KEYS: Record<string, [string, number]> = {
	input_mtok: ['i', 1],
	cache_read_mtok: ['cr', 1],
	cache_write_mtok: ['cw', 1],
	cache_write_1h_mtok: ['ch', 1],
	output_mtok: ['o', 1],
	output_reasoning_mtok: ['r', 1],
	input_audio_mtok: ['ai', 1],
	output_audio_mtok: ['ao', 1],
	input_image_mtok: ['ii', 1],
	output_image_mtok: ['io', 1],
	input_video_mtok: ['vi', 1],
	output_video_mtok: ['vo', 1],
	cache_audio_read_mtok: ['ca', 1],
	cache_image_read_mtok: ['ci', 1],
	web_searches_kcount: ['ws', 1000],
	storage_searches_kcount: ['fs', 1000],
	requests_kcount: ['q', 1000],
};
const BUCKET_CODE: Record<string, string> = {
	input: 'i',
	cacheRead: 'cr',
	cacheWrite5m: 'cw',
	cacheWrite1h: 'ch',
	output: 'o',
	reasoning: 'r',
	inputAudio: 'ai',
	outputAudio: 'ao',
	inputImage: 'ii',
	outputImage: 'io',
	inputVideo: 'vi',
	outputVideo: 'vo',
	cacheReadAudio: 'ca',
	cacheReadImage: 'ci',
	cacheReadVideo: 'cv',
	webSearch: 'ws',
	fileSearch: 'fs',
	request: 'q',
};
const CODE_ORDER = Object.values(BUCKET_CODE);

/** genai-prices entries left out, and why. */
const DROP: [provider: string, test: (id: string) => boolean, why: string][] = [
	[
		'google',
		(id) => id.includes('claude'),
		"Vertex bills Claude at Anthropic's list prices; Anthropic's entries (reached through `via`) also carry 1-hour cache writes and long-context tiers that these lack",
	],
];

// ---------------------------------------------------------------------------------------------
// The compact format, written

/** Source prices that were float noise (`0.18000000000000002`) or not a terminating decimal (1/12), and what they became. */
const cleaned: string[] = [];

/**
 * A genai-prices number as a decimal string. The data are decimal literals read as floats: 15
 * significant digits give the literal back (`0.18000000000000002` → `0.18`); what still has more than
 * 12 decimal places (a price of 1/12) is rounded to 12, and the report lists it.
 */
function decimal(value: number, divisor = 1, where = ''): string {
	const literal = new Big(Number(value.toPrecision(15)).toString()).div(divisor);
	const text = literal.toFixed();
	const rounded = literal.round(12, Big.roundHalfUp).toFixed();
	if (text !== String(value / divisor) || rounded !== text) cleaned.push(`${where}: ${value}${divisor === 1 ? '' : ` / ${divisor}`} → ${rounded}`);
	return rounded;
}

function encodePrices(prices: Prices): string[] {
	const tokens: string[] = [];
	const codes = Object.entries(prices).map(([bucket, value]) => [BUCKET_CODE[bucket]!, value] as const);
	codes.sort((a, b) => CODE_ORDER.indexOf(a[0]) - CODE_ORDER.indexOf(b[0]));
	for (const [code, value] of codes) tokens.push(`${code}${value}`);
	return tokens;
}

const NOT_PRICES = new Set(['tiers', 'since', 'hours', 'service', 'scale', 'start', 'end', 'days']);
function pricesOf(set: object): Prices {
	return Object.fromEntries(Object.entries(set).filter(([key]) => !NOT_PRICES.has(key))) as Prices;
}

function encodeSet(set: PriceSet): string[] {
	const tokens = encodePrices(pricesOf(set));
	for (const tier of set.tiers ?? []) {
		tokens.push(`${tier.above !== undefined ? `>${tier.above}` : `>=${tier.from}`}${tier.on === 'input' ? '/i' : ''}`, ...encodePrices(tier.prices));
	}
	return tokens;
}

function encodePeriod(period: PricePeriod): string {
	const tokens = period.since ? [`@${period.since}`] : [];
	tokens.push(...encodeSet(period));
	for (const [name, tier] of Object.entries(period.service ?? {})) tokens.push(`!${name}`, ...encodeService(tier));
	for (const window of period.hours ?? []) tokens.push(`%${window.start}-${window.end}${window.days ? `/${window.days.join('')}` : ''}`, ...encodeSet(window));
	return tokens.join(' ');
}

function encodeService(tier: ServiceTier): string[] {
	return [...(tier.scale !== undefined ? [`*${tier.scale}`] : []), ...encodeSet(tier)];
}

// ---------------------------------------------------------------------------------------------
// genai-prices, read

type Match = { [key: string]: any };
interface GenaiModel {
	id: string;
	match: Match;
	prices: any;
	name?: string;
}
interface GenaiProvider {
	id: string;
	name: string;
	api_pattern?: string;
	pricing_urls?: string[];
	fallback_model_providers?: string[];
	models: GenaiModel[];
}

const dropped = { keys: new Map<string, Set<string>>(), models: [] as string[] };

function convertPrices(where: string, raw: Record<string, unknown>): PriceSet | undefined {
	const base: Prices = {};
	const tiers = new Map<number, Prices>();
	let any = false;
	for (const [key, value] of Object.entries(raw)) {
		if (value === undefined) continue;
		const known = KEYS[key];
		if (!known) {
			if (!dropped.keys.has(key)) dropped.keys.set(key, new Set());
			dropped.keys.get(key)!.add(where);
			continue;
		}
		const [code, divisor] = known;
		const bucket = Object.keys(BUCKET_CODE).find((b) => BUCKET_CODE[b] === code)! as keyof Prices;
		any = true;
		if (typeof value === 'number') base[bucket] = decimal(value, divisor, `${where} ${key}`);
		else {
			const tiered = value as { base: number; tiers: { start: number; price: number }[] };
			base[bucket] = decimal(tiered.base, divisor, `${where} ${key}`);
			for (const tier of tiered.tiers) {
				if (!tiers.has(tier.start)) tiers.set(tier.start, {});
				tiers.get(tier.start)![bucket] = decimal(tier.price, divisor, `${where} ${key}`);
			}
		}
	}
	// An entry listed with no prices at all is free (OpenRouter's `:free` variants).
	if (!Object.keys(raw).length) return { input: '0', output: '0' };
	if (!any) return undefined;
	const set: PriceSet = { ...base };
	// genai-prices' tiers are cliffs on the whole prompt (input tokens, cached included), passed when it is greater than `start`.
	if (tiers.size) set.tiers = [...tiers].sort(([a], [b]) => a - b).map(([above, prices]) => ({ above, prices }));
	return set;
}

function utcMinutes(time: string): string {
	const m = /^(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|([+-])(\d\d):(\d\d))$/.exec(time);
	if (!m) throw new Error(`bad time ${time}`);
	if (m[3] !== '00') throw new Error(`time ${time} is not on a minute`);
	let minutes = Number(m[1]) * 60 + Number(m[2]);
	if (m[4] !== 'Z') minutes -= (m[5] === '+' ? 1 : -1) * (Number(m[6]) * 60 + Number(m[7]));
	minutes = ((minutes % 1440) + 1440) % 1440;
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * genai-prices' conditional prices (a list where the last active entry wins: entries with a start
 * date, time-of-day windows, or none) as tokentab's periods by date, each with its windows.
 */
function convertModelPrices(where: string, prices: any): PricePeriod[] | undefined {
	if (!Array.isArray(prices)) {
		const set = convertPrices(where, prices);
		return set && [set];
	}
	const dates = [...new Set(prices.filter((e) => e.constraint?.type === 'start_date').map((e) => e.constraint.start_date as string))].sort();
	const starts: (string | undefined)[] = [undefined, ...dates];
	const periods: PricePeriod[] = [];
	for (const start of starts) {
		const active = (date: string) => start !== undefined && date <= start;
		let base: any;
		const windows: any[] = [];
		for (let i = prices.length - 1; i >= 0; i--) {
			const entry = prices[i];
			const c = entry.constraint;
			if (!c) {
				base = entry;
				break;
			}
			if (c.type === 'start_date') {
				if (active(c.start_date)) {
					base = entry;
					break;
				}
				continue;
			}
			if (c.type === 'time_of_date') windows.push(entry);
			else throw new Error(`${where}: unknown constraint ${JSON.stringify(c)}`);
		}
		base ??= prices[0];
		const set = convertPrices(where, base.prices);
		if (!set) return undefined;
		const period: PricePeriod = { ...(start ? { since: start } : {}), ...set };
		if (windows.length) {
			period.hours = windows.map((w) => {
				const windowSet = convertPrices(where, w.prices);
				if (!windowSet) throw new Error(`${where}: a time window without prices`);
				return { start: utcMinutes(w.constraint.start_time), end: utcMinutes(w.constraint.end_time), ...windowSet };
			});
		}
		const previous = periods[periods.length - 1];
		if (previous && encodePeriod({ ...previous, since: undefined }) === encodePeriod({ ...period, since: undefined })) continue;
		periods.push(period);
	}
	return periods;
}

function convertMatch(where: string, match: Match): (string | string[])[] {
	/** A match as alternatives, each a conjunction of tokentab rules. */
	const alternatives = (rule: Match): string[][] => {
		if ('or' in rule) return rule.or.flatMap(alternatives);
		if ('and' in rule) return rule.and.reduce((all: string[][], part: Match) => all.flatMap((left) => alternatives(part).map((right) => [...left, ...right])), [[]]);
		if ('equals' in rule) return [[`=${rule.equals.toLowerCase()}`]];
		if ('starts_with' in rule) return [[`^${rule.starts_with.toLowerCase()}`]];
		if ('ends_with' in rule) return [[`$${rule.ends_with.toLowerCase()}`]];
		if ('contains' in rule) return [[`~${rule.contains.toLowerCase()}`]];
		if ('regex' in rule) return regexRules(where, rule.regex);
		throw new Error(`${where}: unknown match ${JSON.stringify(rule)}`);
	};
	return alternatives(match).map((parts) => (parts.length === 1 ? parts[0]! : parts));
}

/** genai-prices' first-match resolution, to compare with ours. */
function genaiMatches(match: Match, name: string): boolean {
	if ('or' in match) return match.or.some((m: Match) => genaiMatches(m, name));
	if ('and' in match) return match.and.every((m: Match) => genaiMatches(m, name));
	if ('equals' in match) return name === match.equals.toLowerCase();
	if ('starts_with' in match) return name.startsWith(match.starts_with.toLowerCase());
	if ('ends_with' in match) return name.endsWith(match.ends_with.toLowerCase());
	if ('contains' in match) return name.includes(match.contains.toLowerCase());
	if ('regex' in match) return new RegExp(match.regex).test(name);
	return false;
}

// ---------------------------------------------------------------------------------------------
// Base URLs: genai-prices' api_pattern (a regular expression) as plain URL rules, never a regex at call time

/** `(?:a|b)`, `(a)?` and `(?:/|$)` expanded: every plain spelling of a pattern, or undefined when it has another construct. */
function spellings(pattern: string): string[] | undefined {
	const group = /\((\?:)?([^()]*)\)(\?)?/.exec(pattern);
	if (!group) return [pattern];
	const options = group[2]!.split('|');
	if (group[3]) options.push('');
	const out: string[] = [];
	for (const option of options) {
		const rest = spellings(pattern.slice(0, group.index) + option + pattern.slice(group.index + group[0].length));
		if (!rest) return undefined;
		out.push(...rest);
	}
	return out;
}

/** One spelling (`https://api\.x\.ai`, `https://(.*\.)?googleapis\.com`) as a rule: a host, `.suffix`, or host/path. */
function urlRule(spelling: string): string | undefined {
	let text = spelling.replace(/^(?:https\?|https?):\/\//, '').replace(/(?:\/|\$)$/, '');
	// A leading wildcard label (`.*\.`, `[^.]*\.`, `[^/]+\.`): any host under the rest.
	const wildcard = /^(?:\.\*|\[\^[./]\][*+])\\\./.exec(text);
	if (wildcard) text = `.${text.slice(wildcard[0].length)}`;
	text = text.replace(/\\\./g, '.');
	return /^\.?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[\w.-]+)*$/.test(text) ? text : undefined;
}

const urlNotes: string[] = [];

/** A provider's URL rules: its api_pattern's plain spellings, with the hand overlay's additions or replacement. */
function urlRules(id: string, pattern: string | undefined): string[] | undefined {
	const overlay = hosts[id];
	let rules: string[] = [];
	if (overlay?.replace) {
		rules = [...overlay.replace];
		urlNotes.push(`- ${id}: \`${pattern}\` → ${rules.map((r) => `\`${r}\``).join(', ')} (src/pricing/overlay/hosts.ts)`);
	} else if (pattern) {
		const found = spellings(pattern)?.map(urlRule);
		if (!found || found.some((rule) => rule === undefined)) throw new Error(`${id}: api_pattern ${pattern} is not plain host rules; say its hosts in src/pricing/overlay/hosts.ts`);
		rules = [...new Set(found as string[])];
	}
	for (const rule of overlay?.add ?? []) if (!rules.includes(rule)) rules.push(rule);
	return rules.length ? rules : undefined;
}

// ---------------------------------------------------------------------------------------------
// Google prices image and video input as text ("text / image / video" on
// https://ai.google.dev/gemini-api/docs/pricing), and their cache as cached text, unless it lists them apart

let imageVideoAsText = 0;

function asText(prices: Prices): void {
	if (prices.input === undefined) return;
	if (prices.inputImage === undefined) prices.inputImage = prices.input;
	if (prices.inputVideo === undefined) prices.inputVideo = prices.input;
}

function imageAndVideoAsText(entries: Entry[]): void {
	for (const entry of entries) {
		for (const period of entry.periods) {
			const before = encodePeriod(period);
			for (const set of [period, ...(period.hours ?? [])]) {
				asText(set);
				for (const tier of set.tiers ?? []) asText(tier.prices);
			}
			if (encodePeriod(period) !== before) imageVideoAsText++;
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Entries, merged

interface Entry {
	id: string;
	names: string[];
	rules: (string | string[])[];
	periods: PricePeriod[];
	source: string;
	origin: 'genai' | 'overlay' | 'genai+overlay';
	genaiPeriods?: PricePeriod[];
}

const overlays: Record<string, Record<string, ModelPrice>> = { openai, anthropic, google, ...extra };

function groupOverlay(models: Record<string, ModelPrice>): { names: string[]; price: ModelPrice }[] {
	const groups = new Map<ModelPrice, string[]>();
	for (const [name, price] of Object.entries(models)) {
		if (!groups.has(price)) groups.set(price, []);
		groups.get(price)!.push(name.toLowerCase());
	}
	return [...groups].map(([price, names]) => ({ names, price }));
}

const periodsOf = (price: ModelPrice): PricePeriod[] => (Array.isArray(price.prices) ? price.prices : [price.prices]);

interface Difference {
	key: string;
	genai: string;
	ours: string;
	added: string[];
	conflict: boolean;
	note?: string;
}

/**
 * The overlay's prices with the dimensions only genai-prices has added (file search fees, cached audio,
 * video): where both give a price, the overlay's wins. Periods are merged only when both have the
 * same dates; tiers, windows and service tiers come from the overlay when it has them.
 */
function unionPeriods(genai: PricePeriod[], overlay: PricePeriod[]): { periods: PricePeriod[]; added: string[]; conflict: boolean } {
	const added = new Set<string>();
	let conflict = false;
	if (genai.length !== overlay.length || genai.some((p, i) => p.since !== overlay[i]!.since)) return { periods: overlay, added: [], conflict: true };
	const periods = overlay.map((ours, i) => {
		const theirs = genai[i]!;
		const result: PricePeriod = { ...ours };
		for (const [key, value] of Object.entries(pricesOf(theirs))) {
			const mine = (ours as Record<string, unknown>)[key];
			if (mine === undefined) {
				(result as Record<string, unknown>)[key] = value;
				added.add(key);
			} else if (mine !== value) conflict = true;
		}
		// Tiers: the same thresholds (`> N` is `>= N + 1` in whole tokens), and no price both give that differs.
		const threshold = (t: { above?: number; from?: number }) => (t.above !== undefined ? t.above + 1 : t.from!);
		const mineTiers = ours.tiers ?? [];
		const theirTiers = theirs.tiers ?? [];
		if (theirTiers.length && mineTiers.length !== theirTiers.length) conflict = true;
		theirTiers.forEach((tier, t) => {
			const mine = mineTiers[t];
			if (!mine) return;
			if (threshold(mine) !== threshold(tier)) conflict = true;
			for (const [key, value] of Object.entries(tier.prices)) {
				const price = (mine.prices as Record<string, string>)[key];
				if (price !== undefined && price !== value) conflict = true;
			}
		});
		if (!ours.hours && theirs.hours) result.hours = theirs.hours;
		return result;
	});
	return { periods, added: [...added], conflict };
}

function merge(provider: string, entries: Entry[], differences: Difference[], conflicts: string[]): Entry[] {
	const models = overlays[provider] ?? {};
	for (const group of groupOverlay(models)) {
		const names = new Set(group.names);
		const touched = entries.filter((entry) => entry.origin !== 'overlay' && [entry.id.toLowerCase(), ...entry.names].some((name) => names.has(name)));
		const source = group.price.source ?? '';
		if (touched.length) {
			for (const entry of touched) {
				const overlay = periodsOf(group.price);
				const merged = unionPeriods(entry.periods, overlay);
				const genai = entry.periods.map(encodePeriod).join(' | ');
				const ours = merged.periods.map(encodePeriod).join(' | ');
				if (genai !== ours) {
					const key = `${provider}/${entry.id}`;
					differences.push({ key, genai, ours, added: merged.added, conflict: genai !== overlay.map(encodePeriod).join(' | ') && merged.conflict, ...(notes[key] ? { note: notes[key] } : {}) });
				}
				entry.genaiPeriods = entry.periods;
				entry.periods = merged.periods;
				entry.source = source;
				entry.origin = 'genai+overlay';
				for (const name of group.names) if (name !== entry.id.toLowerCase() && !entry.names.includes(name)) entry.names.push(name);
				// The overlay's rules add to genai-prices' (a model's own dated names it missed).
				for (const rule of group.price.match ?? []) if (!entry.rules.some((known) => JSON.stringify(known) === JSON.stringify(rule))) entry.rules.push(rule);
			}
			// The entry holding the overlay's first name takes it as its id (the name the overlay's author chose for the model).
			const primary = group.names[0]!;
			const holder = touched.find((entry) => entry.id.toLowerCase() === primary) ?? touched.find((entry) => entry.names.includes(primary));
			if (holder && holder.id.toLowerCase() !== primary && !entries.some((e) => e.id.toLowerCase() === primary)) {
				holder.names = [holder.id.toLowerCase(), ...holder.names.filter((name) => name !== primary)];
				holder.id = primary;
			}
			const covered = new Set(touched.flatMap((entry) => [entry.id.toLowerCase(), ...entry.names]));
			const missing = group.names.filter((name) => !covered.has(name));
			if (missing.length) touched[0]!.names.push(...missing);
		} else {
			entries.push({ id: group.names[0]!, names: group.names.slice(1), rules: group.price.match ?? [], periods: periodsOf(group.price), source, origin: 'overlay' });
		}
	}
	// Each exact name belongs to one entry: the overlay's claim wins, then the first genai entry (as genai-prices' first match would).
	const owner = new Map<string, Entry>();
	for (const pass of ['overlay', 'genai'] as const) {
		for (const entry of entries) {
			if ((pass === 'overlay') !== (entry.origin !== 'genai')) continue;
			entry.names = entry.names.filter((name) => {
				if (name === entry.id.toLowerCase()) return false;
				const other = owner.get(name);
				if (other && other !== entry) {
					if (other.periods.map(encodePeriod).join('|') !== entry.periods.map(encodePeriod).join('|'))
						conflicts.push(`${provider}: "${name}" named by ${other.id} and ${entry.id}: ${other.id} keeps it`);
					return false;
				}
				owner.set(name, entry);
				return true;
			});
			const id = entry.id.toLowerCase();
			if (!owner.has(id)) owner.set(id, entry);
		}
	}
	return entries;
}

// ---------------------------------------------------------------------------------------------

async function build() {
	const genai = (await waitForUpdate()) as unknown as GenaiProvider[];
	const result: Record<string, ProviderJSON> = {};
	const stats: string[] = [];
	const differences: Difference[] = [];
	const conflicts: string[] = [];
	const orderNotes: string[] = [];
	let total = 0;
	const seen = new Set<string>();
	for (const provider of genai) {
		const id = PROVIDER_ID[provider.id] ?? provider.id;
		seen.add(id);
		let entries: Entry[] = [];
		let droppedHere = 0;
		for (const model of provider.models) {
			const where = `${id}/${model.id}`;
			const drop = DROP.find(([p, test]) => p === id && test(model.id));
			if (drop) {
				dropped.models.push(`${where}: ${drop[2]}`);
				droppedHere++;
				continue;
			}
			const periods = convertModelPrices(where, model.prices);
			if (!periods) {
				dropped.models.push(`${where}: priced only in units tokentab does not read (${Object.keys(Array.isArray(model.prices) ? model.prices[0].prices : model.prices).join(', ')})`);
				droppedHere++;
				continue;
			}
			const rules = convertMatch(where, model.match);
			entries.push({
				id: model.id,
				names: rules.filter((r): r is string => typeof r === 'string' && r[0] === '=').map((r) => r.slice(1)),
				rules: rules.filter((r) => typeof r !== 'string' || r[0] !== '='),
				periods,
				source: provider.pricing_urls?.[0] ?? '',
				origin: 'genai',
			});
		}
		// Where genai-prices' first match differs from ours (exact names before rules), say so.
		for (const entry of entries) {
			for (const name of [entry.id.toLowerCase(), ...entry.names]) {
				const first = provider.models.find((m) => genaiMatches(m.match, name) || m.id.toLowerCase() === name);
				if (first && first.id !== entry.id && !DROP.some(([p, t]) => p === id && t(first.id)))
					orderNotes.push(`${id}: "${name}" → ${entry.id} here, ${first.id} in genai-prices (an earlier rule matches it first)`);
			}
		}
		const genaiCount = entries.length;
		entries = merge(id, entries, differences, conflicts);
		if (id === 'google') imageAndVideoAsText(entries);
		const overlaid = entries.filter((e) => e.origin === 'genai+overlay').length;
		const added = entries.filter((e) => e.origin === 'overlay').length;
		total += entries.length;
		stats.push(`| ${id} | ${provider.models.length} | ${droppedHere} | ${overlaid} | ${added} | ${entries.length} |`);
		result[id] = toJSON(id, entries, provider);
	}
	for (const id of Object.keys(overlays)) if (!seen.has(id)) throw new Error(`overlay for unknown provider ${id}`);
	for (const id of Object.keys(hosts)) if (!seen.has(id)) throw new Error(`hosts overlay for unknown provider ${id}`);
	for (const key of Object.keys(MOVING_ALIASES)) if (!seen.has(key.slice(0, key.indexOf('/')))) throw new Error(`moving alias of an unknown provider: ${key}`);
	const providerIds = Object.keys(result).sort();
	const sorted: Record<string, ProviderJSON> = {};
	for (const id of providerIds) sorted[id] = result[id]!;
	const routed = dedupeRoutes(sorted);
	total -= routed.length;
	const implied = dropImpliedNames(sorted);
	// What is written must be what the library accepts: decode and validate it with the library's own code.
	validateCatalog(decodeCatalog({ schema: 1, version: 'check', providers: sorted }));
	return { providers: sorted, stats, differences, conflicts, orderNotes, total, routed, implied };
}

/**
 * Exact names that resolve to their own entry without being listed (`gpt-4o-2024-08-06` reaches
 * `gpt-4o` by dropping its date, `claude-x-latest` by dropping `-latest`) are left out, longest first,
 * each removal checked with the library's lookup; at the end every name listed by the source must
 * still resolve to the entry that listed it.
 */
function dropImpliedNames(providers: Record<string, ProviderJSON>): number {
	const catalogOf = () => decodeCatalog({ schema: 1, version: 'check', providers });
	const expected: [string, string, string][] = [];
	const before = createPriceLookup(catalogOf());
	for (const [provider, json] of Object.entries(providers)) {
		for (const row of json.m) {
			for (const rule of Array.isArray(row[2]) ? row[2] : []) {
				if (typeof rule === 'string' && rule[0] === '=') expected.push([provider, rule.slice(1), before(provider, rule.slice(1))!.key]);
			}
		}
	}
	let dropped = 0;
	for (const [provider, json] of Object.entries(providers)) {
		const names = json.m.flatMap((row, index) => (Array.isArray(row[2]) ? row[2].filter((r): r is string => typeof r === 'string' && r[0] === '=').map((r) => [index, r] as const) : []));
		names.sort((a, b) => b[1].length - a[1].length);
		for (const [index, rule] of names) {
			const row = json.m[index]!;
			const match = row[2] as (string | string[])[];
			const key = `${provider}/${row[0]}`;
			row[2] = match.filter((r) => r !== rule);
			const lookup = createPriceLookup(catalogOf());
			if (lookup(provider, rule.slice(1))?.key === key) dropped++;
			else row[2] = match;
		}
		for (const row of json.m) {
			if (Array.isArray(row[2]) && !row[2].length) {
				if (row[3]) row[2] = 0;
				else row.length = 2;
			}
		}
	}
	const after = createPriceLookup(catalogOf());
	for (const [provider, name, key] of expected) {
		const found = after(provider, name)?.key;
		if (found !== key) throw new Error(`${provider}: "${name}" resolved to ${key} and now to ${found}`);
	}
	return dropped;
}

/**
 * OpenRouter lists most models again under `vendor/model`, mostly at the vendor's own prices. An
 * entry whose every name resolves, through the OpenRouter → vendor route, to the very same prices is
 * left out: the route prices it. (OpenRouter also reports each call's cost, which wins anyway.)
 */
function dedupeRoutes(providers: Record<string, ProviderJSON>): string[] {
	const openrouter = providers.openrouter;
	if (!openrouter) return [];
	const without = decodeCatalog({ schema: 1, version: 'check', providers: { ...providers, openrouter: { m: [] } } });
	const lookup = createPriceLookup(without);
	const routed: string[] = [];
	openrouter.m = openrouter.m.filter((row) => {
		const [id, prices, match] = row;
		if (Array.isArray(match) && match.some((rule) => typeof rule !== 'string' || rule[0] !== '=')) return true;
		const ours = typeof prices === 'string' ? [prices] : prices;
		const names = [id, ...(Array.isArray(match) ? match.map((rule) => (rule as string).slice(1)) : [])];
		const same = names.every((name) => {
			const found = lookup('openrouter', name);
			if (!found) return false;
			const theirs = (Array.isArray(found.price.prices) ? found.price.prices : [found.price.prices]).map(encodePeriod);
			return theirs.join('|') === ours.join('|');
		});
		if (same) routed.push(`${id} → ${lookup('openrouter', id)!.key}`);
		return !same;
	});
	return routed;
}

function toJSON(id: string, entries: Entry[], provider: GenaiProvider): ProviderJSON {
	const sources: string[] = [...(provider.pricing_urls ?? [])];
	const sourceIndex = (source: string) => {
		if (!source) return 0;
		let index = sources.indexOf(source);
		if (index === -1) index = sources.push(source) - 1;
		return index;
	};
	const json: ProviderJSON = { m: [] };
	const url = urlRules(id, provider.api_pattern);
	for (const entry of entries) {
		const prices = entry.periods.map(encodePeriod);
		const match = [...entry.names.map((n) => `=${n}`), ...entry.rules];
		const source = sourceIndex(entry.source);
		const row: EntryJSON = [entry.id, prices.length === 1 ? prices[0]! : prices];
		if (match.length || source) row.push(match.length ? match : 0);
		if (source) row.push(source);
		json.m.push(row);
	}
	const via = (provider.fallback_model_providers ?? []).map((p) => PROVIDER_ID[p] ?? p);
	const info = providerOverlay[id];
	if (info?.via) via.push(...info.via.filter((p) => !via.includes(p)));
	if (via.length) json.via = via;
	if (info?.service) {
		json.svc = {};
		for (const [name, tier] of Object.entries(info.service)) json.svc[name] = encodeService(tier).join(' ');
	}
	// The provider's moving aliases, as data a fetched catalog can move without a release.
	for (const [key, { steps, source }] of Object.entries(MOVING_ALIASES).sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (!key.startsWith(`${id}/`)) continue;
		const encoded = steps.map((step) => (step.since ? `@${step.since} ${step.model}` : step.model));
		const index = sourceIndex(source);
		(json.al ??= {})[key.slice(id.length + 1)] = index ? [encoded.length === 1 ? encoded[0]! : encoded, index] : [encoded.length === 1 ? encoded[0]! : encoded];
	}
	if (sources.length) json.src = sources;
	return {
		...(json.src ? { src: json.src } : {}),
		...(url ? { url } : {}),
		...(json.via ? { via: json.via } : {}),
		...(json.svc ? { svc: json.svc } : {}),
		...(json.al ? { al: json.al } : {}),
		m: json.m,
	};
}

/** One entry per line, so a price change is a one-line diff. */
function serialize(value: CatalogJSON | ProviderJSON, indent = ''): string {
	const lines = ['{'];
	const entries = Object.entries(value);
	entries.forEach(([key, item], i) => {
		const comma = i < entries.length - 1 ? ',' : '';
		if (key === 'm' && Array.isArray(item)) lines.push(`${indent}\t"m": [\n${(item as EntryJSON[]).map((row) => `${indent}\t\t${JSON.stringify(row)}`).join(',\n')}\n${indent}\t]${comma}`);
		else if (key === 'providers') {
			const ps = Object.entries(item as Record<string, ProviderJSON>);
			lines.push(`${indent}\t"providers": {`);
			ps.forEach(([id, p], j) => lines.push(`${indent}\t\t${JSON.stringify(id)}: ${serialize(p, `${indent}\t\t`)}${j < ps.length - 1 ? ',' : ''}`));
			lines.push(`${indent}\t}${comma}`);
		} else lines.push(`${indent}\t${JSON.stringify(key)}: ${JSON.stringify(item)}${comma}`);
	});
	lines.push(`${indent}}`);
	return lines.join('\n');
}

const HEADER = '// Generated by `npm run prices:update` (scripts/prices-update.ts): do not edit. Change src/pricing/overlay/ and run it again.\n';

async function main() {
	const check = process.argv.includes('--check');
	const built = await build();
	const hash = createHash('sha256').update(JSON.stringify(built.providers)).digest('hex').slice(0, 8);
	// A pure function of the inputs: the overlay's review date and a hash of the prices, never the clock.
	const version = `${reviewed}.${hash}`;
	const source = `@pydantic/genai-prices ${genaiVersion} (MIT, https://github.com/pydantic/genai-prices), with tokentab's hand overlay (src/pricing/overlay) reviewed ${reviewed}`;
	const files = new Map<string, string>();
	const ids = Object.keys(built.providers);
	const moduleName = (id: string) => id.replace(/[^a-z0-9]+(.)?/gi, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
	for (const id of ids) {
		const one: CatalogJSON = { schema: 1, version, source, providers: { [id]: built.providers[id]! } };
		files.set(
			`src/pricing/data/${id}.ts`,
			`${HEADER}import type { CatalogJSON } from '../format';\n\n/** ${id}'s prices: a catalog of one provider: \`createTracker({ catalog: prices })\`, alone or in a list. */\nconst prices: CatalogJSON = ${serialize(one)};\n\nexport default prices;\n`,
		);
	}
	files.set(
		'src/pricing/data/index.ts',
		`${HEADER}import type { CatalogJSON } from '../format';\n${ids.map((id) => `import ${moduleName(id)} from './${id}';`).join('\n')}\n\nexport const version = '${version}';\nexport const source = ${JSON.stringify(source)};\n\n/** Every provider's prices (${built.total} entries). */\nexport const catalogJSON: CatalogJSON = {\n\tschema: 1,\n\tversion,\n\tsource,\n\tproviders: {\n${ids.map((id) => `\t\t${JSON.stringify(id)}: ${moduleName(id)}.providers[${JSON.stringify(id)}]!,`).join('\n')}\n\t},\n};\n`,
	);
	// Each provider's prices behind a dynamic import(): `tokentab` loads a provider's chunk when a call to it is first priced.
	files.set(
		'src/pricing/data/lazy.ts',
		`${HEADER}import type { CatalogJSON } from '../format';\n\nexport const version = '${version}';\n\n/** Each provider's prices, loaded on first use: a chunk of its own in a bundle that splits. */\nexport const loaders: Record<string, () => Promise<{ default: CatalogJSON }>> = {\n${ids.map((id) => `\t${JSON.stringify(id)}: () => import('./${id}'),`).join('\n')}\n};\n\n/** Every provider's base URLs (see \`ProviderJSON.url\`), up front: the router needs them before any provider's prices arrive. */\nexport const urls: Record<string, string[]> = {\n${ids
			.filter((id) => built.providers[id]!.url)
			.map((id) => `\t${JSON.stringify(id)}: ${JSON.stringify(built.providers[id]!.url)},`)
			.join('\n')}\n};\n`,
	);
	files.set('prices/catalog.json', `${serialize({ schema: 1, version, source, providers: built.providers })}\n`);
	const catalog: CatalogJSON = { schema: 1, version, source, providers: built.providers };
	files.set('src/pricing/data/SOURCES.md', [report(built, version, source), ...(await crossCheck(catalog, reviewed))].join('\n'));
	let stale = 0;
	for (const [path, text] of files) {
		const full = join(root, path);
		const old = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
		if (old === text) continue;
		stale++;
		if (check) console.error(`out of date: ${path}`);
		else {
			mkdirSync(dirname(full), { recursive: true });
			writeFileSync(full, text);
		}
	}
	console.log(`${check ? 'checked' : 'wrote'} ${files.size} files (${stale} ${check ? 'out of date' : 'changed'}): ${ids.length} providers, ${built.total} entries, version ${version}`);
	if (check && stale) process.exit(1);
}

function report(built: Awaited<ReturnType<typeof build>>, version: string, source: string): string {
	const lines = [
		'# Where the prices come from',
		'',
		'Generated by `npm run prices:update` (scripts/prices-update.ts); do not edit.',
		'',
		`- Catalog version: \`${version}\``,
		`- Source: ${source}. genai-prices' \`price_comments\` cite each provider's pricing page; each provider's \`src\` list keeps those pages.`,
		'- The hand overlay (src/pricing/overlay/) wins where both have a model: its entries were checked against the provider pages they cite.',
		'',
		'## Entries per provider',
		'',
		'| provider | genai-prices | dropped | overlaid by hand | added by hand | in the catalog |',
		'|---|---|---|---|---|---|',
		...built.stats,
		'',
		'## Where the overlay differs from genai-prices',
		'',
		'Each row: the entry, genai-prices\' prices and ours, in the compact format (`i` input, `cr` cache read, `cw` 5-minute cache write, `ch` 1-hour cache write, `o` output, `ws` per web search …; `>N` a long-context tier, `@date` a period, `!tier` a service tier). Ours are kept; the note says why when the reason is more than "checked against the cited page, and more dimensions".',
		'',
		...built.differences.filter((d) => d.conflict).map((d) => `- \`${d.key}\`${d.note ? `: ${d.note}` : ''}\n  - genai-prices: \`${d.genai}\`\n  - tokentab: \`${d.ours}\``),
		'',
		"Where the overlay only lacked a dimension genai-prices has, it was added (the overlay's prices kept): " +
			built.differences
				.filter((d) => !d.conflict && d.added.length)
				.map((d) => `\`${d.key}\` (${d.added.join(', ')})`)
				.join(', ') +
			'.',
		'',
		'Where genai-prices lacked a dimension the overlay has (audio, cache, long-context tiers), the overlay added it: ' +
			built.differences
				.filter((d) => !d.conflict)
				.map((d) => `\`${d.key}\``)
				.join(', ') +
			'.',
		'',
		'## Numbers cleaned',
		'',
		'genai-prices stores prices as floats. Each is read back as the decimal literal it was written as (15 significant digits); these were not plain literals:',
		'',
		...(cleaned.length ? [...new Set(cleaned)].map((line) => `- ${line}`) : ['None.']),
		'',
		'## Left out',
		'',
		...[...dropped.keys].map(
			([key, where]) =>
				`- price key \`${key}\` (${where.size} entries): a unit tokentab does not read yet (its usage buckets are tokens, web and file searches, requests); the entries keep their other prices.`,
		),
		...dropped.models.map((line) => `- ${line}`),
		'',
		'## Base URLs',
		'',
		"Each provider's `url` rules (a host, `.suffix` for any host under it, or host/path) are genai-prices' `api_pattern` spelled out as plain rules, plus the hosts its docs name that the pattern misses (src/pricing/overlay/hosts.ts). Patterns replaced because they are not plain rules:",
		'',
		...(urlNotes.length ? urlNotes : ['None.']),
		'',
		`Google's image and video input is priced as its text input where an entry lists no price of its own for them (${imageVideoAsText} periods; "text / image / video" on https://ai.google.dev/gemini-api/docs/pricing); their cache follows the cached text price.`,
		'',
		'## Priced through a route',
		'',
		`${built.routed.length} OpenRouter entries are left out because the OpenRouter → vendor route resolves each of their names to an entry with the very same prices: ${built.routed.map((r) => `\`${r}\``).join(', ') || 'none'}.`,
		'',
		`${built.implied} exact names are not written because the lookup reaches their entry without them (a date, \`-latest\` or a version suffix dropped); every listed name was checked to resolve as before.`,
		'',
		'## Names claimed twice',
		'',
		...(built.conflicts.length ? built.conflicts.map((c) => `- ${c}`) : ['None.']),
		'',
		'## Resolution differences from genai-prices',
		'',
		"tokentab tries exact names (ids and `equals` names) before rules, so a name an earlier entry's rule also matches resolves to its own entry:",
		'',
		...(built.orderNotes.length ? built.orderNotes.map((c) => `- ${c}`) : ['None.']),
		'',
	];
	return lines.join('\n');
}

await main();
