// The per-user daily budget, enforced by tokentab before each call is sent:
//
//   createTracker({ store: durableObjectStore(env.TOKENTAB, 'user:<id>'),
//     budgets: [{ scope: 'user', limit: '5', window: 'day', timeZone: 'UTC', mode: 'enforce' }] })
//
// session.fetch reserves each request's worst case in the user's Durable Object (so every isolate
// enforces the same budget, and concurrent requests cannot pass it together) and throws
// BudgetExceededError without sending anything when it would be passed.
import { BudgetExceededError, type TrackerOptions } from 'tokentab';
import type { Api, Env } from './env';
import { errorBody } from './http';

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
	return budget ? { budgets: [{ scope: 'user', limit: budget.limit, window: 'day', timeZone: budget.timeZone, mode: 'enforce' }] } : {};
}

export const isBudgetExceeded = (error: unknown): error is BudgetExceededError => error instanceof BudgetExceededError;

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
export function budgetResponse(error: BudgetExceededError, env: Env, api: Api, userId: string, now = Date.now()): Response {
	const timeZone = dailyBudget(env)?.timeZone ?? 'UTC';
	// toFixed(): Big's toString() switches to an exponent below 1e-7.
	const limit = error.limit.toFixed();
	const spent = error.spent.toFixed();
	const reserved = error.reserved.toFixed();
	const estimate = error.estimate?.toFixed();
	const resetsAt = new Date(nextDayStart(now, timeZone)).toISOString();
	const message =
		`Daily budget exceeded for user "${userId}": $${limit} a day (${timeZone}); $${spent} spent today` +
		(reserved === '0' ? '' : `, $${reserved} held by calls in flight`) +
		(estimate === undefined ? ', and this model has no price (the budget lets no unpriced call through)' : `, and this request could cost up to $${estimate}`) +
		`. Nothing was sent upstream. The budget resets at ${resetsAt}.`;
	const details = { scope: 'user', window: 'day', timeZone, period: error.window, userId, limit, spent, reserved, ...(estimate === undefined ? {} : { estimate }), resetsAt };
	return Response.json(errorBody(api, 'budget_exceeded', message, { budget: details }), {
		status: 429,
		headers: { 'retry-after': String(Math.max(1, Math.ceil((Date.parse(resetsAt) - now) / 1000))) },
	});
}
