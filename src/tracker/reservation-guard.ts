import { BudgetExceededError } from '../errors/BudgetExceededError';
import { TokentabError } from '../errors/TokentabError';

const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * What tokentab runs on the app's request path before the call is sent, guarded: only a budget's
 * refusal (`BudgetExceededError`) may reach the app. When `reserve` fails for any other reason (a
 * body it cannot read, a bug of ours), the failure becomes an error for `onError` and `bound`
 * reserves instead; when that fails too, the call goes on with nothing reserved (fail open, as
 * with a store that fails), and its cost still settles into the budget once its response is read.
 * A `reserve` that answers in the same turn is answered in it: no promise on the way out.
 */
export function guardReservation<A extends unknown[], T>(
	reserve: (...args: A) => T | Promise<T>,
	bound: (...args: A) => Promise<T>,
	nothing: T,
	onError: (error: unknown, ...args: A) => void,
): (...args: A) => T | Promise<T> {
	async function boundInstead(error: unknown, args: A): Promise<T> {
		if (error instanceof BudgetExceededError) throw error;
		onError(new TokentabError(`the budget could not estimate this call (${message(error)}): it reserved the bound of the body's size instead`, { cause: error }), ...args);
		try {
			return await bound(...args);
		} catch (error) {
			if (error instanceof BudgetExceededError) throw error;
			onError(new TokentabError(`the budget could not reserve this call (${message(error)}): it was sent with nothing reserved`, { cause: error }), ...args);
			return nothing;
		}
	}
	return (...args) => {
		try {
			const held = reserve(...args);
			return held instanceof Promise ? held.catch((error: unknown) => boundInstead(error, args)) : held;
		} catch (error) {
			return boundInstead(error, args);
		}
	};
}
