// The per-user daily budget: tokentab's own budgets (issue 6), written against its API contract:
//
//   createTracker({ budgets: [{ scope: 'user', limit: '5', window: 'day', timeZone: 'Europe/Berlin', mode: 'enforce' }] })
//   session.fetch throws BudgetExceededError (limit, spent, reserved, estimate, scope) before sending
//
// With each user's sessions in that user's Durable Object, every isolate enforces the same budget.
// Everything budget-specific lives here, typed locally, so the gateway builds against a tokentab
// without budgets too: there nothing is enforced (`budgetsEnforced` is false). Once tokentab
// exports `BudgetExceededError`, the same code enforces.
import type { TrackerOptions } from 'tokentab';
import * as tokentab from 'tokentab';
import type { Api, Env } from './env';
import { errorBody } from './http';

/** Whether this tokentab enforces budgets (it exports `BudgetExceededError`). */
export const budgetsEnforced = 'BudgetExceededError' in tokentab;

const DECIMAL = /^\d+(\.\d+)?$/;

/** The daily budget per user from the Worker's vars, or none when `DAILY_BUDGET_USD` is unset or empty. */
export function dailyBudget(env: Env): { limit: string; timeZone: string } | undefined {
	const limit = env.DAILY_BUDGET_USD?.trim();
	if (!limit) return undefined;
	if (!DECIMAL.test(limit)) throw new Error(`DAILY_BUDGET_USD must be a decimal amount such as "5" or "0.50", got ${JSON.stringify(limit)}`);
	return { limit, timeZone: env.BUDGET_TIME_ZONE?.trim() || 'UTC' };
}

/** The tracker options for the user's daily budget, enforced before each call is sent. */
export function budgetOptions(env: Env): TrackerOptions {
	const budget = dailyBudget(env);
	const options: TrackerOptions = {};
	// Through Object.assign: `budgets` is not in the TrackerOptions of a tokentab without budgets.
	if (budget) Object.assign(options, { budgets: [{ scope: 'user', limit: budget.limit, window: 'day', timeZone: budget.timeZone, mode: 'enforce' }] });
	return options;
}

/** A `BudgetExceededError`'s figures (matched by name, as tokentab names its errors). */
interface BudgetExceeded extends Error {
	limit?: unknown;
	spent?: unknown;
	reserved?: unknown;
	estimate?: unknown;
	scope?: unknown;
}

export const isBudgetExceeded = (error: unknown): error is BudgetExceeded => error instanceof Error && error.name === 'BudgetExceededError';

/** A Big (or a string or number) as a plain decimal string: Big's `toString()` may use an exponent. */
function decimal(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'object' && typeof (value as { toFixed?: unknown }).toFixed === 'function') return (value as { toFixed(): string }).toFixed();
	return String(value);
}

/** The start of the next calendar day in `timeZone`, in ms (exact for UTC; elsewhere off by the day's DST shift, if any). */
export function nextDayStart(now: number, timeZone: string): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(now).map((part) => [part.type, part.value]),
	);
	const sinceMidnight = ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + (now % 1000);
	return now - sinceMidnight + 86_400_000;
}

/**
 * The 429 for a request the user's daily budget stopped: nothing was sent upstream. The body says
 * why in the shape of the API called (`error.message` is what SDKs show), with the figures;
 * `retry-after` says when the budget resets.
 */
export function budgetResponse(error: BudgetExceeded, env: Env, api: Api, userId: string, now = Date.now()): Response {
	const budget = dailyBudget(env) ?? { limit: decimal(error.limit) ?? '?', timeZone: 'UTC' };
	const limit = decimal(error.limit) ?? budget.limit;
	const spent = decimal(error.spent);
	const reserved = decimal(error.reserved);
	const estimate = decimal(error.estimate);
	const resetsAt = nextDayStart(now, budget.timeZone);
	const message =
		`Daily budget exceeded for user "${userId}": $${limit} a day (${budget.timeZone})` +
		(spent === undefined ? '' : `; $${spent} spent today`) +
		(reserved && reserved !== '0' ? `, $${reserved} held by calls in flight` : '') +
		(estimate === undefined ? '' : `, and this request could cost up to $${estimate}`) +
		`. Nothing was sent upstream. The budget resets at ${new Date(resetsAt).toISOString()}.`;
	const details = { scope: 'user', window: 'day', timeZone: budget.timeZone, userId, limit, spent, reserved, estimate, resetsAt: new Date(resetsAt).toISOString() };
	return Response.json(errorBody(api, 'budget_exceeded', message, { budget: details }), {
		status: 429,
		headers: { 'retry-after': String(Math.max(1, Math.ceil((resetsAt - now) / 1000))) },
	});
}
