import { isDecimalString } from '../model/decimal';
import { UNIT_BUCKETS, USAGE_BUCKETS } from '../model/usage';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { checkedCatalogs } from './checked';
import { ruleProblem } from './pattern';
import type { Catalog, CatalogSource, ModelPrice, MovingAlias, PricePeriod, PriceSet, ServiceTiers } from './types';

const PRICE_KEYS = new Set<string>([...USAGE_BUCKETS, 'request']);
const PER_UNIT = new Set<string>([...UNIT_BUCKETS, 'request']);
const PERIOD_KEYS = new Set(['tiers', 'since', 'hours', 'service']);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A date (UTC) or a date and time with its offset: read the same on every host, whatever its time zone. */
const ISO = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,3})?)?(?:Z|[+-]\d\d:\d\d))?$/;

/**
 * Prices above these are refused as absurd (a unit slip, a price per token read as per million):
 * USD 10,000 per million tokens, USD 100 per unit or per call. The dearest real prices are far below.
 */
export const ABSURD = { perMillion: 10_000, perUnit: 100, scale: 10 };

/** Decimal places a price may have: the cost arithmetic is exact at this precision and beyond. */
export const MAX_DECIMALS = 12;

function fail(where: string, what: string): never {
	throw new InvalidArgumentError(`${where} ${what}`);
}

function checkPrice(key: string, value: unknown, where: string): void {
	if (!isDecimalString(value)) fail(where, `must be a non-negative decimal string such as "2.5", got ${JSON.stringify(value)}`);
	const dot = value.indexOf('.');
	if (dot !== -1 && value.length - dot - 1 > MAX_DECIMALS) fail(where, `has more than ${MAX_DECIMALS} decimal places`);
	const limit = key === 'scale' ? ABSURD.scale : PER_UNIT.has(key) ? ABSURD.perUnit : ABSURD.perMillion;
	if (Number(value) > limit) fail(where, `is ${value}: absurd (more than ${limit})`);
}

function checkSet(set: PriceSet, where: string, extra: Set<string>): void {
	if (typeof set !== 'object' || set === null || Array.isArray(set)) fail(where, 'must be an object of prices');
	for (const [key, value] of Object.entries(set)) {
		const at = `${where}.${key}`;
		if (PRICE_KEYS.has(key)) checkPrice(key, value, at);
		else if (!extra.has(key)) fail(at, 'is not a price field');
	}
	if (set.tiers !== undefined) {
		if (!Array.isArray(set.tiers)) fail(`${where}.tiers`, 'must be an array');
		let last = -1;
		set.tiers.forEach((tier, i) => {
			const at = `${where}.tiers[${i}]`;
			if (typeof tier !== 'object' || tier === null) fail(at, 'must be an object');
			const hasAbove = tier.above !== undefined;
			if (hasAbove === (tier.from !== undefined)) fail(at, 'needs exactly one of above (>) and from (>=)');
			const threshold = (hasAbove ? tier.above : tier.from) as number;
			if (!Number.isSafeInteger(threshold) || threshold < 0) fail(at, 'needs a token count threshold');
			const effective = hasAbove ? threshold + 1 : threshold;
			if (effective <= last) fail(at, 'thresholds must ascend');
			last = effective;
			if (tier.on !== undefined && tier.on !== 'prompt' && tier.on !== 'input') fail(`${at}.on`, 'must be "prompt" or "input"');
			for (const key of Object.keys(tier)) if (!['above', 'from', 'on', 'prices'].includes(key)) fail(`${at}.${key}`, 'is not a tier field');
			checkSet(tier.prices, `${at}.prices`, new Set());
		});
	}
}

function checkService(service: ServiceTiers, where: string): void {
	if (typeof service !== 'object' || service === null) fail(where, 'must be an object of service tiers');
	for (const [name, tier] of Object.entries(service)) {
		const at = `${where}.${name}`;
		if (name !== name.toLowerCase()) fail(at, 'service tier names are lower case');
		checkSet(tier, at, new Set(['tiers', 'scale']));
		if (tier.scale !== undefined) checkPrice('scale', tier.scale, `${at}.scale`);
	}
}

/** Checks one price period (custom prices use this too). Throws `InvalidArgumentError`. */
export function validatePeriod(period: PricePeriod, where: string): void {
	checkSet(period, where, PERIOD_KEYS);
	if (period.since !== undefined && !(typeof period.since === 'string' && ISO.test(period.since) && !Number.isNaN(Date.parse(period.since)))) {
		fail(`${where}.since`, 'must be an ISO date (2025-06-10) or date and time with its offset (2025-06-10T16:00:00Z)');
	}
	if (period.hours !== undefined) {
		if (!Array.isArray(period.hours)) fail(`${where}.hours`, 'must be an array');
		period.hours.forEach((window, i) => {
			const at = `${where}.hours[${i}]`;
			if (!TIME.test(String(window?.start)) || !TIME.test(String(window?.end)) || window.start === window.end) fail(at, 'needs start and end times HH:MM (UTC), not equal');
			if (window.days !== undefined && (!Array.isArray(window.days) || !window.days.length || !window.days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6)))
				fail(`${at}.days`, 'must list UTC weekdays 0-6');
			checkSet(window, at, new Set(['tiers', 'start', 'end', 'days']));
		});
	}
	if (period.service !== undefined) checkService(period.service, `${where}.service`);
}

function checkMatch(match: unknown, where: string): void {
	if (!Array.isArray(match)) fail(where, 'must be an array of names and rules');
	for (const rule of match) {
		if (Array.isArray(rule)) {
			if (!rule.some((part) => typeof part === 'string' && part[0] !== '!')) fail(where, `has a conjunction without a positive rule ${JSON.stringify(rule)}`);
			for (const part of rule) {
				const problem = ruleProblem(part, true);
				if (problem) fail(where, problem);
			}
		} else {
			const problem = ruleProblem(rule, false);
			if (problem) fail(where, problem);
		}
	}
}

export function validateModel(model: ModelPrice, where: string): void {
	if (typeof model !== 'object' || model === null) fail(where, 'must be an object');
	const periods = Array.isArray(model.prices) ? model.prices : [model.prices];
	if (!periods.length) fail(`${where}.prices`, 'is empty');
	let last = -Infinity;
	periods.forEach((period, i) => {
		const at = Array.isArray(model.prices) ? `${where}.prices[${i}]` : `${where}.prices`;
		validatePeriod(period, at);
		const since = period.since === undefined ? -Infinity : Date.parse(period.since);
		if (i > 0 && (period.since === undefined || !(since > last))) fail(at, 'periods must be in ascending `since` order, each after the first with a `since`');
		last = since;
	});
	if (model.match !== undefined) checkMatch(model.match, `${where}.match`);
	if (model.source !== undefined && typeof model.source !== 'string') fail(`${where}.source`, 'must be a string');
}

/**
 * `validateCatalog` for a catalog given as data, once per object: one made once and given to many
 * trackers is checked once. A source (`loadPrices`) checks what it loads itself.
 */
export function validateCatalogOnce(catalog: Catalog | CatalogSource): void {
	if ('current' in catalog || checkedCatalogs.has(catalog)) return;
	validateCatalog(catalog);
	checkedCatalogs.add(catalog);
}

/**
 * Checks a whole catalog: every price a non-negative decimal string that is not absurd, every
 * tier, period, window and rule well formed. Throws `InvalidArgumentError` naming the first fault;
 * a caller that gets one refuses the catalog whole.
 */
export function validateCatalog(catalog: Catalog): void {
	if (typeof catalog !== 'object' || catalog === null) fail('catalog', 'must be an object');
	if (typeof catalog.version !== 'string' || !catalog.version) fail('catalog.version', 'must be a non-empty string');
	if (typeof catalog.models !== 'object' || catalog.models === null) fail('catalog.models', 'must be an object');
	let priced = 0;
	for (const [provider, models] of Object.entries(catalog.models)) {
		if (typeof models !== 'object' || models === null) fail(`catalog.models.${provider}`, 'must be an object');
		for (const [name, model] of Object.entries(models)) {
			validateModel(model, `catalog.models.${provider}["${name}"]`);
			priced++;
		}
	}
	// An empty catalog would leave every call unpriced (or refused under an enforced budget).
	if (!priced) fail('catalog.models', 'holds no priced model');
	for (const [provider, info] of Object.entries(catalog.providers ?? {})) {
		if (info === undefined) continue;
		const at = `catalog.providers.${provider}`;
		if (info.via !== undefined && (!Array.isArray(info.via) || !info.via.every((v) => typeof v === 'string'))) fail(`${at}.via`, 'must be an array of provider ids');
		if (info.service !== undefined) checkService(info.service, `${at}.service`);
		if (info.aliases !== undefined) checkAliases(info.aliases, `${at}.aliases`);
	}
}

/** Moving aliases: each a non-empty list of models, the first from the start, each later one from a date after the one before. */
function checkAliases(aliases: Record<string, MovingAlias>, where: string): void {
	if (typeof aliases !== 'object' || aliases === null) fail(where, 'must be an object of aliases');
	for (const [alias, entry] of Object.entries(aliases)) {
		const at = `${where}["${alias}"]`;
		if (typeof entry !== 'object' || entry === null) fail(at, 'must be an object of steps and source');
		const { steps, source } = entry;
		if (!Array.isArray(steps) || !steps.length) fail(`${at}.steps`, 'must list the models the alias named');
		let last = -Infinity;
		steps.forEach((step, i) => {
			if (typeof step?.model !== 'string' || !step.model) fail(`${at}.steps[${i}].model`, 'must be a model id');
			if (i === 0) {
				if (step.since !== undefined) fail(`${at}.steps[0]`, 'holds from the start: no `since`');
				return;
			}
			const since = typeof step.since === 'string' && ISO.test(step.since) ? Date.parse(step.since) : Number.NaN;
			if (!(since > last)) fail(`${at}.steps[${i}].since`, 'must be an ISO date after the step before');
			last = since;
		});
		if (typeof source !== 'string') fail(`${at}.source`, 'must be a string');
	}
}
