import type { BudgetScope } from '../errors/BudgetExceededError';
import type { DecimalString } from '../model/prices';

/**
 * Which calls a budget counts: the session's whole life, a calendar period in a time zone, or a
 * rolling period of the last `rollingMs` (counted in 60 slices, so it moves on in steps of 1/60).
 */
export type BudgetWindow = 'session' | 'day' | 'week' | 'month' | { rollingMs: number };

export interface BudgetConfig {
	/** Names the budget in events and errors. Default: its scope and window, as `user/day`. */
	name?: string;
	scope: BudgetScope;
	/** The limit in USD, a decimal string. */
	limit: DecimalString;
	/** Default: `'session'` for a session budget; required for the others. */
	window?: BudgetWindow;
	/** IANA time zone of calendar windows (`'Europe/Berlin'`). Default `'UTC'`. Weeks start on Monday. */
	timeZone?: string;
	/** `warn` only alerts; `enforce` also refuses a call before it is sent. Default `'warn'`. */
	mode?: 'warn' | 'enforce';
	/** Fractions of the limit (`[0.5, 0.8, 1]`) that fire a `budget.threshold` event once each per window, in order. */
	thresholds?: number[];
	/** Under `enforce`, what a call to a model without a price does: `'block'` (default) or `'allow'`. */
	unpriced?: 'block' | 'allow';
	/**
	 * Under `enforce`, what a call reserves before it is sent. `'bound'` (default): the most the
	 * provider can bill for the request (its text in UTF-8 bytes, each image at its provider's
	 * ceiling, the output limit), so concurrent calls cannot pass the limit together. `'typical'`: a
	 * script-aware estimate of its prompt and the output limit, fewer refusals near the limit, and
	 * calls that can overshoot it (`budget.reservation.exceeded` tells). See docs/budgets.md.
	 */
	reserve?: 'bound' | 'typical';
}

/**
 * Counts a request's input tokens exactly, for the reservation (a tokenizer package, a provider's
 * count-tokens endpoint): `body` is the parsed request body. May return a promise.
 */
export type CountTokens = (request: { provider: string; model: string | undefined; body: unknown }) => number | Promise<number>;

/** The tracker's options for what an enforced budget reserves. */
export interface ReservationOptions {
	/** When present, the reservation's input is this count (its output stays the request's limit). A failure is a `tracker.error` event and the bound is used. */
	countTokens?: CountTokens;
	/**
	 * The input tokens reserved for a request whose size it does not show (audio, video, files, PDFs,
	 * `previous_response_id`, server tools that fetch): the model's context window. Default 2,097,152.
	 */
	unsizedInputTokens?: number;
}
