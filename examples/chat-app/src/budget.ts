// The chat's budget, enforced by tokentab before each call is sent:
//
//   createTracker({ budgets: [{ scope: 'session', limit: '0.05', mode: 'enforce', thresholds: [0.5, 0.8, 1] }] })
//
// session.fetch reserves each request's worst case (its prompt, and `max_tokens` for the reply) and
// throws BudgetExceededError without sending anything when the chat's budget would be passed.
// Thresholds arrive as `budget.threshold` events, refusals as `budget.exceeded`, amounts as Big.
import { budgetExceeded, type TrackerEvent, type TrackerOptions } from 'tokentab';

/** The alert levels, as fractions of the budget. */
export const THRESHOLDS = [0.5, 0.8, 1];

/** The tracker options for one budget per chat (session), enforced before each call is sent. */
export function budgetOptions(limit: string): TrackerOptions {
	return { budgets: [{ scope: 'session', limit, mode: 'enforce', thresholds: THRESHOLDS }] };
}

/** A budget alert, from a `budget.threshold` or `budget.exceeded` event; amounts as decimal strings. */
export interface BudgetAlert {
	kind: 'threshold' | 'exceeded';
	/** The session whose budget it is (a session budget's `key`). */
	sessionId?: string;
	/** The fraction of the budget reached (0.5 for 50 %). */
	fraction?: number;
	spent: string;
	limit: string;
	/** For a refusal: the worst case of the call refused (none for a model without a price). */
	estimate?: string;
}

/** The alert an event carries, or `undefined` for any other event. */
export function budgetAlert(event: TrackerEvent): BudgetAlert | undefined {
	if (event.type !== 'budget.threshold' && event.type !== 'budget.exceeded') return undefined;
	return {
		kind: event.type === 'budget.threshold' ? 'threshold' : 'exceeded',
		...(event.scope === 'session' ? { sessionId: event.key } : {}),
		...(event.type === 'budget.threshold' ? { fraction: event.fraction } : {}),
		// toFixed(): Big's toString() switches to an exponent below 1e-7.
		spent: event.spent.toFixed(),
		limit: event.limit.toFixed(),
		...(event.type === 'budget.exceeded' && event.estimate ? { estimate: event.estimate.toFixed() } : {}),
	};
}

/** Why a call was not sent: a `BudgetExceededError`'s figures, as decimal strings. */
export interface BudgetStop {
	message: string;
	limit: string;
	spent: string;
	reserved: string;
	/** The call's worst case; absent when its model has no price (an enforced budget blocks those). */
	estimate?: string;
}

/**
 * The stop, when `error` is a `BudgetExceededError` or carries one in its `cause` chain (an SDK
 * wraps what its fetch threw in a connection error of its own).
 */
export function budgetStop(thrown: unknown): BudgetStop | undefined {
	const error = budgetExceeded(thrown);
	if (!error) return undefined;
	return {
		message: error.message,
		limit: error.limit.toFixed(),
		spent: error.spent.toFixed(),
		reserved: error.reserved.toFixed(),
		...(error.estimate ? { estimate: error.estimate.toFixed() } : {}),
	};
}
