import { BudgetExceededError } from '../errors/BudgetExceededError';
import { TokentabError } from '../errors/TokentabError';

const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * What tokentab runs on the app's request path before the call is sent, guarded: only a budget's
 * refusal (`BudgetExceededError`) may reach the app. When `reserve` fails for any other reason (a
 * body it cannot read, a bug of ours), the failure becomes an error for `onError` and `bound`
 * reserves instead; when that fails too, the call goes on with nothing reserved (fail open, as
 * with a store that fails), and its cost still settles into the budget once its response is read.
 */
export function guardReservation<C, T>(reserve: (call: C) => Promise<T>, bound: (call: C) => Promise<T>, nothing: T, onError: (error: unknown) => void): (call: C) => Promise<T> {
	return async (call) => {
		try {
			return await reserve(call);
		} catch (error) {
			if (error instanceof BudgetExceededError) throw error;
			onError(new TokentabError(`the budget could not estimate this call (${message(error)}): it reserved the bound of the body's size instead`, { cause: error }));
		}
		try {
			return await bound(call);
		} catch (error) {
			if (error instanceof BudgetExceededError) throw error;
			onError(new TokentabError(`the budget could not reserve this call (${message(error)}): it was sent with nothing reserved`, { cause: error }));
			return nothing;
		}
	};
}

/** `work()`'s value, or the error it threw: for steps whose failure the caller turns into a record's problem. */
export function attempt<T>(work: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: work() };
	} catch (error) {
		return { ok: false, error };
	}
}
