import type { BudgetExceededError } from '../errors/BudgetExceededError';
import type { BudgetChange, BudgetOp, BudgetResult } from '../model/budget-counter';
import type { Budget } from './normalize';
import { keyOf } from './spender';
import type { Spender } from './spender';

/** A reservation held for one call (USD held, per budget): released and settled when the call ends. */
export type Holds = { budget: Budget; key: string; at: number; amount: string }[];

/** What a call would reserve, USD (`undefined`: a model without a price), by `reserve` mode; `typical` only where a budget reserves it. */
export type Amounts = Record<Budget['reserve'], string | undefined>;

/** What reserving needs of the budgets it reserves under. */
export interface ReserveContext {
	budgets: Budget[];
	/** Applies one change to a budget's counters in the window of `at`. */
	change: (budget: Budget, key: string, at: number, change: Pick<BudgetOp, 'reserve' | 'settle' | 'thresholds'>) => BudgetChange;
	release: (holds: Holds, callId: string) => Promise<void>;
	/** Announces a refusal and returns its error. */
	exceeded: (budget: Budget, key: string, at: number, result: BudgetResult | undefined, estimate: string | undefined) => BudgetExceededError;
	/** A call now holds reservations made at `at`. */
	held: (callId: string, at: number) => void;
}

/**
 * Reserves the call's amount of each enforced budget's `reserve` mode under it, or throws a
 * BudgetExceededError after releasing what it reserved. In this turn when the store changes
 * budgets in the turn (memory). Before it refuses, `settled` may let calls that have ended settle
 * (their holds may be what stands in the way): when it says something settled, it tries again.
 */
export function reserve(context: ReserveContext, spender: Spender, callId: string, amounts: Amounts, at: number, settled?: () => Promise<boolean>): Holds | Promise<Holds> {
	const { budgets } = context;
	const holds: Holds = [];
	const refuse = async (budget: Budget, key: string, result: BudgetResult | undefined, estimate: string | undefined): Promise<Holds> => {
		await context.release(holds, callId);
		if (await settled?.()) return reserve(context, spender, callId, amounts, at, settled);
		// The window's figures for the error, read by a change that changes nothing.
		throw context.exceeded(budget, key, at, result ?? (await context.change(budget, key, at, {})), estimate);
	};
	/** Reserves under the budgets from `index` on, in this turn until a change must be waited for. */
	const from = (index: number): Holds | Promise<Holds> => {
		for (let i = index; i < budgets.length; i++) {
			const budget = budgets[i]!;
			const key = keyOf(budget, spender);
			if (budget.mode !== 'enforce' || key === undefined) continue;
			const estimate = amounts[budget.reserve];
			if (estimate === undefined) {
				if (budget.unpriced === 'allow') continue;
				return refuse(budget, key, undefined, undefined);
			}
			const taken = (result: BudgetResult | undefined) => {
				// A store that fails lets the call through: a broken store never fails an LLM call.
				if (result && !result.ok) return refuse(budget, key, result, estimate);
				if (result) holds.push({ budget, key, at, amount: estimate });
				return undefined;
			};
			const change = context.change(budget, key, at, { reserve: { id: callId, amount: estimate } });
			if (change instanceof Promise) return change.then((result) => taken(result) ?? from(i + 1));
			const refusal = taken(change);
			if (refusal) return refusal;
		}
		if (holds.length) context.held(callId, at);
		return holds;
	};
	return from(0);
}
