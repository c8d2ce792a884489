// Each user's daily budget, enforced by tokentab before a call is sent:
//
//   createTracker({ store: redisStore(client),
//     budgets: [{ scope: 'user', limit: '0.05', window: 'day', timeZone: 'UTC', mode: 'enforce' }] })
//
// session.fetch reserves the request's worst case in Redis (one Lua script, so several server
// processes cannot pass the budget together) and throws BudgetExceededError, sending nothing, when
// it would pass the limit. The OpenAI SDK wraps that error; budgetExceeded() finds it.
import { type BudgetExceededError, budgetExceeded, type TrackerOptions } from 'tokentab';
import type { Config } from './config.js';
import { HttpError } from './http.js';

/** The tracker options for the daily budget per user, or none when DAILY_BUDGET_USD is empty. */
export function budgetOptions(config: Config): Pick<TrackerOptions, 'budgets' | 'maxOutputTokens'> {
	if (!config.dailyBudgetUsd) return {};
	return {
		budgets: [{ scope: 'user', limit: config.dailyBudgetUsd, window: 'day', timeZone: config.budgetTimeZone, mode: 'enforce' }],
		maxOutputTokens: config.maxOutputTokens,
	};
}

/** The 402 for a refused call, with the figures as decimal strings (Big's toFixed: never an exponent, never a float). */
function refusal(error: BudgetExceededError, userId: string): HttpError {
	const limit = error.limit.toFixed();
	const spent = error.spent.toFixed();
	const estimate = error.estimate?.toFixed();
	const message =
		`Daily budget exceeded for user "${userId}": $${limit} a day, $${spent} spent in ${error.window}` +
		(estimate === undefined ? ', and this model has no price' : `, and this request could cost up to $${estimate}`) +
		'. Nothing was sent upstream.';
	return new HttpError(402, 'budget_exceeded', message, {
		budget: { userId, window: error.window, limit, spent, reserved: error.reserved.toFixed(), ...(estimate === undefined ? {} : { estimate }) },
	});
}

/** The 402 when `error` (or anything in its cause chain) is a budget refusal, else undefined. */
export function budgetRefusal(error: unknown, userId: string): HttpError | undefined {
	const refused = budgetExceeded(error);
	return refused && refusal(refused, userId);
}
