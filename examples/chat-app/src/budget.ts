// Budgets: tokentab's own (issue 6), written against its API contract:
//
//   createTracker({ budgets: [{ scope: 'session', limit: '0.50', mode: 'enforce', thresholds: [0.5, 0.8, 1] }] })
//   session.fetch throws BudgetExceededError (limit, spent, reserved, estimate, scope) before sending
//   onEvent gets { type: 'budget.threshold', budget, fraction, spent, limit } and { type: 'budget.exceeded', … }
//
// Everything budget-specific lives here, typed locally, so the app builds against a tokentab
// without budgets too: there the bar only shows the chat's spend against the budget and nothing is
// enforced (`budgetsEnforced` is false). Once tokentab exports `BudgetExceededError`, the same code
// enforces; the local types below can then give way to tokentab's own.
import type { TrackerOptions } from 'tokentab';
import * as tokentab from 'tokentab';

/** Whether this tokentab enforces budgets (it exports `BudgetExceededError`). */
export const budgetsEnforced = 'BudgetExceededError' in tokentab;

/** The alert levels, as fractions of the budget. */
export const THRESHOLDS = [0.5, 0.8, 1];

/** The tracker options for one budget per chat (session), enforced before each call is sent. */
export function budgetOptions(limit: string): TrackerOptions {
	const options: TrackerOptions = {};
	// Through Object.assign: `budgets` is not in the TrackerOptions of a tokentab without budgets.
	Object.assign(options, { budgets: [{ scope: 'session', limit, mode: 'enforce', thresholds: THRESHOLDS }] });
	return options;
}

/** A budget alert, from a `budget.threshold` or `budget.exceeded` event. */
export interface BudgetAlert {
	kind: 'threshold' | 'exceeded';
	sessionId?: string;
	/** The fraction of the budget reached (0.5 for 50 %). */
	fraction?: number;
	spent?: string;
	limit?: string;
}

/** The alert an event carries, or `undefined` for any other event. */
export function budgetAlert(event: { type: string }): BudgetAlert | undefined {
	if (event.type !== 'budget.threshold' && event.type !== 'budget.exceeded') return undefined;
	const fields = event as { sessionId?: unknown; fraction?: unknown; spent?: unknown; limit?: unknown };
	return {
		kind: event.type === 'budget.threshold' ? 'threshold' : 'exceeded',
		...(typeof fields.sessionId === 'string' ? { sessionId: fields.sessionId } : {}),
		...(typeof fields.fraction === 'number' ? { fraction: fields.fraction } : {}),
		...(fields.spent === undefined ? {} : { spent: decimal(fields.spent) }),
		...(fields.limit === undefined ? {} : { limit: decimal(fields.limit) }),
	};
}

/** Why a call was not sent: a `BudgetExceededError`'s figures, as decimal strings. */
export interface BudgetStop {
	message: string;
	limit?: string;
	spent?: string;
	reserved?: string;
	estimate?: string;
}

/** The stop, when `error` is tokentab's `BudgetExceededError` (matched by name: it may come from another bundle). */
export function budgetStop(error: unknown): BudgetStop | undefined {
	if (!(error instanceof Error) || error.name !== 'BudgetExceededError') return undefined;
	const fields = error as Error & { limit?: unknown; spent?: unknown; reserved?: unknown; estimate?: unknown };
	const stop: BudgetStop = { message: error.message };
	for (const key of ['limit', 'spent', 'reserved', 'estimate'] as const) if (fields[key] !== undefined && fields[key] !== null) stop[key] = decimal(fields[key]);
	return stop;
}

/** A Big (or a string or number) as a plain decimal string: Big's `toString()` may use an exponent. */
export function decimal(value: unknown): string {
	if (typeof value === 'object' && value !== null && typeof (value as { toFixed?: unknown }).toFixed === 'function') return (value as { toFixed(): string }).toFixed();
	return String(value);
}
