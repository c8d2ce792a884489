import type Big from 'big.js';
import { TokentabError } from './TokentabError';

/** Whose spending a budget counts: one session, one user, one value of a tag, or everything. */
export type BudgetScope = 'session' | 'user' | 'global' | { tag: string };

export interface BudgetExceededDetails {
	/** The budget's name (`user/day` unless named). */
	budget: string;
	scope: BudgetScope;
	/** Whose spending: the session id, user id, tag value, or `*` for a global budget. */
	key: string;
	/** The window counted (`2026-11-28`, `2026-W48`, `session`, `last 86400000 ms`). */
	window: string;
	limit: Big;
	/** Settled spending in the window. */
	spent: Big;
	/** Held by other calls in flight. */
	reserved: Big;
	/** This call's worst case; `undefined` when its model has no price (and the budget blocks those). */
	estimate: Big | undefined;
}

/** An enforced budget refused a call before it was sent: nothing reached the provider. */
export class BudgetExceededError extends TokentabError implements BudgetExceededDetails {
	override name = 'BudgetExceededError';
	readonly budget: string;
	readonly scope: BudgetScope;
	readonly key: string;
	readonly window: string;
	readonly limit: Big;
	readonly spent: Big;
	readonly reserved: Big;
	readonly estimate: Big | undefined;

	constructor(details: BudgetExceededDetails) {
		super(
			details.estimate === undefined
				? `budget ${details.budget} (${details.key}, ${details.window}) blocks calls to models without a price`
				: `budget ${details.budget} (${details.key}, ${details.window}): ${details.spent.toFixed()} spent + ${details.reserved.toFixed()} reserved + ${details.estimate.toFixed()} for this call would pass the limit of ${details.limit.toFixed()} USD`,
		);
		this.budget = details.budget;
		this.scope = details.scope;
		this.key = details.key;
		this.window = details.window;
		this.limit = details.limit;
		this.spent = details.spent;
		this.reserved = details.reserved;
		this.estimate = details.estimate;
	}
}

/**
 * The budget refusal behind `error`, if there is one. SDKs wrap what their fetch throws: the OpenAI
 * SDK, for one, retries it as a connection error and throws an `APIConnectionError` whose `cause`
 * is the BudgetExceededError (nothing is sent on any try).
 *
 * @example
 * try { await openai.chat.completions.create(…) } catch (error) {
 *   const refused = budgetExceeded(error);
 *   if (refused) showLimitReached(refused.limit, refused.spent);
 * }
 */
export function budgetExceeded(error: unknown): BudgetExceededError | undefined {
	for (let current = error, depth = 0; current && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
		if (current instanceof BudgetExceededError) return current;
	}
	return undefined;
}
