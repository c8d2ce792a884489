import type { DecimalString, Prices } from '../model/prices';

/**
 * A long-context tier: when the tokens it counts pass its threshold, every price listed here replaces
 * the base price for the whole call (a cliff, as providers bill it). Give exactly one of `above`
 * (`>`: Gemini's "prompts longer than 200K tokens") or `from` (`>=`: OpenAI's "prompts of 272K input
 * tokens or more").
 */
export interface PriceTier {
	above?: number;
	from?: number;
	/**
	 * Which tokens count toward the threshold. `prompt` (the default): everything the model read:
	 * input, cache reads and writes, input audio, image and video. `input`: the uncached input only.
	 */
	on?: 'prompt' | 'input';
	prices: Prices;
}

/** Prices and the long-context tiers that replace them. */
export interface PriceSet extends Prices {
	/** In ascending order of threshold. */
	tiers?: PriceTier[];
}

/**
 * The prices of a service tier (`batch`, `flex`, `priority` …): the standard prices (after any
 * long-context tier) multiplied by `scale`, then overridden by the prices listed here.
 */
export interface ServiceTier extends PriceSet {
	scale?: DecimalString;
}

/** Service tier name (lower case, as the provider reports it) → its prices. */
export type ServiceTiers = Record<string, ServiceTier>;

/**
 * Prices in force during part of each day (UTC), replacing the period's prices: off-peak discounts
 * (DeepSeek) and peak surcharges. `start` and `end` are `HH:MM`; the window is `[start, end)` and
 * wraps past midnight when `end` is earlier than `start`. The first window holding the call's time wins.
 */
export interface HourWindow extends PriceSet {
	start: string;
	end: string;
	/** The UTC weekdays it holds on (0 Sunday … 6 Saturday), by the day the window starts; default every day. */
	days?: number[];
}

/** The prices in force from `since` (an ISO date or time, UTC) until the next period's `since`. */
export interface PricePeriod extends PriceSet {
	since?: string;
	hours?: HourWindow[];
	/** Prices of service tiers other than the standard one; the provider's `service` fills the gaps. */
	service?: ServiceTiers;
}

export interface ModelPrice {
	/** One period, or several in ascending `since` order. */
	prices: PricePeriod | PricePeriod[];
	/** Where the numbers come from (a provider's pricing page). */
	source?: string;
	/**
	 * Other names of this model, beside its key: `=name` (exact), `^prefix`, `$suffix`, `~part`,
	 * `%glob` (`*` any run, `?` any character, `#` a digit), tested on the lower-cased name; an array
	 * inside is a conjunction, where `!rule` negates. No regular expressions: every rule runs in
	 * linear time. Exact names win over rules; rules are tried in catalog order.
	 */
	match?: (string | string[])[];
}

/** How a provider's prices are found and billed beyond its own models. */
export interface ProviderInfo {
	/** Providers whose models this one also serves, tried in order (Azure serves OpenAI's models). */
	via?: string[];
	/** Service tier prices for all of this provider's models (`{ batch: { scale: '0.5' } }`). */
	service?: ServiceTiers;
	/** The provider's pricing pages. */
	source?: string;
	/** Its moving aliases (`mistral-large-latest`), by name: each a model over dates, resolved at the call's time. */
	aliases?: Record<string, MovingAlias>;
}

/** Provider id (`openai`, `anthropic`, `google` …) → model id → price. */
export type CatalogData = Record<string, Record<string, ModelPrice>>;

export interface Catalog {
	/** Stored on every call priced with this catalog, so a session says which prices it was charged. */
	version: string;
	models: CatalogData;
	providers?: Record<string, ProviderInfo>;
	/**
	 * Provider id → the base URLs it serves, as plain rules (`api.cerebras.ai`, `.openai.azure.com`,
	 * `router.huggingface.co/together`; see `parseUrlRule`): calls to them are recorded as that provider.
	 */
	urls?: Record<string, string[]>;
	/** Where the catalog comes from: a description of its sources, versions and date. */
	source?: string;
}

/** A catalog that may change while the tracker runs (see `loadPrices`): read on every price computation. */
export interface CatalogSource {
	current(): Catalog;
	/**
	 * The source's events (refreshes, refusals) numbered from `after` on, and the number to ask from
	 * next. A tracker reads them as it prices calls and reports them as its own events; nothing holds on
	 * to the tracker, so a Worker may create one per request around one long-lived source.
	 */
	events?(after: number): { next: number; events: PriceEvent[] };
	/**
	 * For a catalog that arrives in parts (`bundledPrices`: a provider's prices are loaded when a call
	 * to it is first priced): settles once the parts that pricing asked for are loaded, to the ids of
	 * those that could not be; `undefined` when none is on its way. A tracker waits for it after the
	 * response, never on the call's way to the app.
	 */
	loading?(): Promise<string[]> | undefined;
}

/** What a catalog source has to say. */
export type PriceEvent =
	/** A catalog was loaded and is now in use (`not-modified`: the server answered 304, the one in use is fresh again). */
	| { type: 'prices.updated'; url: string; version: string; from: 'network' | 'store' | 'not-modified' }
	/** A catalog was refused whole (a bad schema, a negative, NaN or absurd price); the previous one stays. */
	| { type: 'prices.refused'; url: string; reason: string }
	/** The catalog could not be fetched (offline, timeout); the cached or bundled catalog stays in use. */
	| { type: 'prices.unavailable'; url: string; error: unknown; using: string };

/** One step of a moving alias: the model it names from `since` (an ISO date, UTC) until the next step's. */
export interface AliasStep {
	model: string;
	since?: string;
}

/** A name a provider points at different models over time (`mistral-large-latest`): resolved at the call's time. */
export interface MovingAlias {
	/** In ascending `since` order; the first, without `since`, holds for every earlier call. */
	steps: AliasStep[];
	/** The provider's page that says where the alias points, and since when. */
	source: string;
}
