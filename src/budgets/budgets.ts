import Big from 'big.js';
import { BudgetExceededError } from '../errors/BudgetExceededError';
import type { BudgetScope } from '../errors/BudgetExceededError';
import type { BudgetOp, BudgetResult } from '../model/budget-counter';
import { compare, fixed } from '../model/fixed';
import { counterKeys } from './counter-keys';
import type { Budget } from './normalize';
import { windowKeys } from './window';

export interface Spender {
	sessionId: string;
	userId?: string;
	tags: Record<string, string>;
}

export type BudgetEvent =
	| { type: 'budget.threshold'; budget: string; scope: BudgetScope; key: string; window: string; fraction: number; spent: Big; limit: Big }
	| { type: 'budget.exceeded'; budget: string; scope: BudgetScope; key: string; window: string; limit: Big; spent: Big; reserved: Big; estimate: Big | undefined }
	/** A call cost more than it reserved (only possible under `reserve: 'typical'`, a `countTokens` that undercounts, or prices that changed). */
	| { type: 'budget.reservation.exceeded'; budget: string; scope: BudgetScope; key: string; window: string; callId: string; reserved: Big; cost: Big };

function keyOf(budget: Budget, spender: Spender): string | undefined {
	const { scope } = budget;
	if (scope === 'session') return spender.sessionId;
	if (scope === 'user') return spender.userId;
	if (scope === 'global') return '*';
	return spender.tags[scope.tag];
}

/** A reservation held for one call (USD held, per budget): released and settled when the call ends. */
export type Holds = { budget: Budget; key: string; at: number; amount: string }[];

/** What a call would reserve, USD (`undefined`: a model without a price), by `reserve` mode. */
export type Amounts = Record<Budget['reserve'], string | undefined>;

export interface BudgetsOptions {
	/** Applies one change to the counters, atomically where the store can; `undefined` when the store failed. */
	apply: (op: BudgetOp) => Promise<BudgetResult | undefined>;
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
	function op(budget: Budget, key: string, at: number, change: Pick<BudgetOp, 'reserve' | 'settle' | 'thresholds'>): BudgetOp {
		const { read, write } = countersOf(budget, key, at);
		return { read, write, limit: budget.limit, now: at, holdMs: options.holdMs, ...change };
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

	return {
		/** Whether any enforced budget counts this spender's calls: only then is a request estimated before it is sent. */
		enforces(spender: Spender): boolean {
			return budgets.some((budget) => budget.mode === 'enforce' && keyOf(budget, spender) !== undefined);
		},

		/**
		 * Reserves the call's amount of each enforced budget's `reserve` mode under it, or throws a
		 * BudgetExceededError after releasing what it reserved.
		 */
		async reserve(spender: Spender, callId: string, amounts: Amounts, at: number): Promise<Holds> {
			const holds: Holds = [];
			for (const budget of budgets) {
				const key = keyOf(budget, spender);
				if (budget.mode !== 'enforce' || key === undefined) continue;
				const estimate = amounts[budget.reserve];
				if (estimate === undefined) {
					if (budget.unpriced === 'allow') continue;
					await this.release(holds, callId);
					// The window's figures for the error, read by a change that changes nothing.
					throw exceeded(budget, key, at, await options.apply(op(budget, key, at, {})), undefined);
				}
				const result = await options.apply(op(budget, key, at, { reserve: { id: callId, amount: estimate } }));
				// A store that fails lets the call through: a broken store never fails an LLM call.
				if (result && !result.ok) {
					await this.release(holds, callId);
					throw exceeded(budget, key, at, result, estimate);
				}
				if (result) holds.push({ budget, key, at, amount: estimate });
			}
			return holds;
		},

		/** Releases reservations of a call that was never sent or never answered. */
		async release(holds: Holds, callId: string): Promise<void> {
			await Promise.all(holds.map(({ budget, key, at }) => options.apply(op(budget, key, at, { settle: { id: callId, amount: '0' } }))));
		},

		/**
		 * Settles a finished call's cost (USD) into every budget of the spender, and fires crossed
		 * thresholds. A call whose cost is unknown (`undefined`: unreadable, unpriced) settles at what
		 * it reserved, its worst case, never at $0; under a budget it reserved nothing in, at $0.
		 */
		async settle(spender: Spender, callId: string, cost: string | undefined, holds: Holds, at: number): Promise<void> {
			await Promise.all(
				budgets.map(async (budget) => {
					const key = keyOf(budget, spender);
					if (key === undefined) return;
					const hold = holds.find((held) => held.budget === budget);
					// A held call settles into the window it reserved in; a day that turned meanwhile keeps it.
					const when = hold?.at ?? at;
					const amount = cost ?? hold?.amount ?? '0';
					const result = await options.apply(op(budget, key, when, { settle: { id: callId, amount }, thresholds: budget.thresholds }));
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
