import type { Prices } from './prices';
import type { Usage } from './usage';

/** The parts of a cost a gateway reported apart: OpenRouter BYOK's fee, and what the provider charged the app's own key. */
export interface CostDetails {
	fee: string;
	upstream: string;
}

/**
 * One LLM call as stored: usage and metadata only, never prompts, completions or headers. Written
 * once under its own key and never changed, so its cost is the cost it was charged.
 */
export interface CallRecord {
	id: string;
	sessionId: string;
	/** When the request was sent and when its response ended (ISO 8601, UTC). */
	startedAt: string;
	endedAt: string;
	/** Who served the call (`openai`, `azure`, `bedrock`, `openrouter` …), or the name given to `session.record()`. */
	provider: string;
	/** Wire format read (`openai-chat`, `anthropic-messages` …); absent for usage recorded as already normalized. */
	format?: string;
	/** The model the request asked for, and the one that served it (priced). */
	requestedModel?: string;
	model?: string;
	stream: boolean;
	/** The server's host and port as the URL named it (`api.openai.com`, `127.0.0.1:8787`), for calls made through `session.fetch`; never a path or query. */
	host?: string;
	/** HTTP status, for calls made through `session.fetch`. */
	status?: number;
	/** True for a 4xx/5xx response: at no cost unless its body reported usage. */
	failed?: boolean;
	usage: Usage;
	/** `reported` by the provider (or the app), `estimated` by tokentab, or `none` when unreadable (see `problem`). */
	usageSource: 'reported' | 'estimated' | 'none';
	/** For an estimated call: what was estimated and by which rule. */
	estimate?: string;
	/** For an estimated call: the most the provider can have billed (prompt in UTF-8 bytes, the requested output limit), and its cost. */
	usageUpper?: Usage;
	costUpper?: string;
	serviceTier?: string;
	/** USD as a decimal string; absent when the call could not be priced. */
	cost?: string;
	/** The parts of a provider-reported cost (OpenRouter BYOK), which `cost` sums. */
	costDetails?: CostDetails;
	/** What priced the call: the bundled or loaded catalog, the tracker's custom prices, or the provider's own reported cost. */
	costSource?: 'catalog' | 'custom' | 'provider';
	/**
	 * Set when the cost is an estimate: the host that served the call is in no catalog and was not
	 * registered, so the prices of the provider whose API it speaks (this one) were used. Such a cost
	 * is never known; registering the host (`providers: [{ match, provider }]`) makes it exact.
	 */
	estimatedFrom?: string;
	/** The price entry used (`openai/gpt-4o`) and the price each bucket was billed at. */
	priceKey?: string;
	prices?: Prices;
	catalogVersion?: string;
	/** Why the call has no cost or no usage: an unknown model, a bucket without a price, an unreadable body. */
	problem?: string;
	/** For a call with no cost: why, as a kind (a model, a service tier or a bucket without a price), and the nearest known entry (`provider/model`) to copy a custom price from. */
	unpriced?: Unpriced;
	/** Recorded after its session had ended. */
	afterEnd?: boolean;
}

/**
 * Why a call has no cost: its model is unknown, its service tier has no price, a bucket it used has
 * none, it named no model, the pricing code could not be loaded, or the tracker's price data (its
 * catalog or custom prices) failed its checks.
 */
export interface Unpriced {
	reason: 'unknown-model' | 'unknown-tier' | 'no-bucket-price' | 'no-model' | 'not-loaded' | 'invalid-prices';
	/** The known entry closest to the model (`mistral/mistral-large-2512`), or the entry missing the price. */
	nearest?: string;
}
