import Big from 'big.js';
import { BudgetExceededError } from '../errors/BudgetExceededError';
import type { BudgetScope } from '../errors/BudgetExceededError';
import type { BudgetChange, BudgetOp, BudgetResult } from '../model/budget-counter';
import { compare, fixed } from '../model/fixed';
import { counterKeys } from './counter-keys';
import type { Budget } from './normalize';
import { reserve } from './reserve';
import type { Amounts, Holds, ReserveContext } from './reserve';
import { keyOf } from './spender';
import type { Spender } from './spender';
import { windowKeys } from './window';

export type BudgetEvent =
	| { type: 'budget.threshold'; budget: string; scope: BudgetScope; key: string; window: string; fraction: number; spent: Big; limit: Big }
	| { type: 'budget.exceeded'; budget: string; scope: BudgetScope; key: string; window: string; limit: Big; spent: Big; reserved: Big; estimate: Big | undefined }
	/** A call cost more than it reserved (only possible under `reserve: 'typical'`, a `countTokens` that undercounts, or prices that changed). */
	| { type: 'budget.reservation.exceeded'; budget: string; scope: BudgetScope; key: string; window: string; callId: string; reserved: Big; cost: Big };

export interface BudgetsOptions {
	/** Applies one change to the counters, atomically where the store can; `undefined` when the store failed. */
	apply: (op: BudgetOp) => BudgetChange;
	emit: (event: BudgetEvent) => void;
	/** How long an unread response's reservation counts, in ms. */
	holdMs: number;
}

/**
 * The tracker's budgets: before a call, reserve its worst case under every enforced budget it
 * falls under (refusing it with a BudgetExceededError when one would pass its limit); after, settle
 * every budget to the call's actual cost and fire the thresholds it crossed.
 */
export function createBudgets(budgets: Budget[], options: BudgetsOptions) {
	const countersOf = counterKeys();
	/** When each call holding a reservation made here reserved, oldest first. */
	const heldSince = new Map<string, number>();
	function op(budget: Budget, key: string, at: number, change: Pick<BudgetOp, 'reserve' | 'settle' | 'thresholds'>): BudgetOp {
		const { read, write } = countersOf(budget, key, at);
		return { read, write, limit: budget.limit, now: at, holdMs: options.holdMs, ...change };
	}
	const change: ReserveContext['change'] = (budget, key, at, what) => options.apply(op(budget, key, at, what));
	async function release(holds: Holds, callId: string): Promise<void> {
		heldSince.delete(callId);
		await Promise.all(holds.map(async ({ budget, key, at }) => change(budget, key, at, { settle: { id: callId, amount: '0' } })));
	}

	function exceeded(budget: Budget, key: string, at: number, result: BudgetResult | undefined, estimate: string | undefined): BudgetExceededError {
		const details = {
			budget: budget.name,
			scope: budget.scope,
			key,
			window: windowKeys(budget, at).label,
			limit: new Big(budget.limit),
			spent: new Big(result?.spent ?? '0'),
			reserved: new Big(result?.held ?? '0'),
			estimate: estimate === undefined ? undefined : new Big(estimate),
		};
		options.emit({ type: 'budget.exceeded', ...details });
		return new BudgetExceededError(details);
	}
	const reserving: ReserveContext = { budgets, change, release, exceeded, held: (callId, at) => heldSince.set(callId, at) };

	return {
		/** Whether an enforced budget reserves the typical amount (else only the bound is estimated). */
		typical: budgets.some((budget) => budget.mode === 'enforce' && budget.reserve === 'typical'),

		/** Whether any enforced budget counts this spender's calls: only then is a request estimated before it is sent. */
		enforces(spender: Spender): boolean {
			return budgets.some((budget) => budget.mode === 'enforce' && keyOf(budget, spender) !== undefined);
		},

		/**
		 * Whether the holds of calls that have ended may stand while a call reserves at `at`, instead of
		 * settling first: every enforced budget of the spender reserves its bound (a hold is never below
		 * its call's cost), and none of this tracker's holds has gone stale (a stale hold counts for nothing).
		 */
		holdsStand(spender: Spender, at: number): boolean {
			const oldest = heldSince.values().next();
			if (!oldest.done && at - oldest.value >= options.holdMs) return false;
			return budgets.every((budget) => budget.mode !== 'enforce' || budget.reserve === 'bound' || keyOf(budget, spender) === undefined);
		},

		/** See `reserve` of ./reserve. */
		reserve: (spender: Spender, callId: string, amounts: Amounts, at: number, settled?: () => Promise<boolean>) => reserve(reserving, spender, callId, amounts, at, settled),

		/** Releases reservations of a call that was never sent or never answered. */
		release,

		/**
		 * Settles a finished call's cost (USD) into every budget of the spender, and fires crossed
		 * thresholds. A call whose cost is unknown (`undefined`: unreadable, unpriced) settles at what
		 * it reserved, its worst case, never at $0; under a budget it reserved nothing in, at $0.
		 */
		async settle(spender: Spender, callId: string, cost: string | undefined, holds: Holds, at: number): Promise<void> {
			heldSince.delete(callId);
			await Promise.all(
				budgets.map(async (budget) => {
					const key = keyOf(budget, spender);
					if (key === undefined) return;
					const hold = holds.find((held) => held.budget === budget);
					// A held call settles into the window it reserved in; a day that turned meanwhile keeps it.
					const when = hold?.at ?? at;
					const amount = cost ?? hold?.amount ?? '0';
					const result = await change(budget, key, when, { settle: { id: callId, amount }, thresholds: budget.thresholds });
					if (hold && cost !== undefined && compare(fixed(cost), fixed(hold.amount)) > 0) {
						const window = windowKeys(budget, when).label;
						options.emit({ type: 'budget.reservation.exceeded', budget: budget.name, scope: budget.scope, key, window, callId, reserved: new Big(hold.amount), cost: new Big(cost) });
					}
					for (const index of result?.fired ?? []) {
						options.emit({
							type: 'budget.threshold',
							budget: budget.name,
							scope: budget.scope,
							key,
							window: windowKeys(budget, when).label,
							fraction: budget.thresholds[index]!,
							spent: new Big(result!.spent).plus(amount),
							limit: new Big(budget.limit),
						});
					}
				}),
			);
		},
	};
}

export type Budgets = ReturnType<typeof createBudgets>;
