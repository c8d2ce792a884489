import Big from 'big.js';
import { assertDecimalString } from '../model/money';
import { BudgetExceededError } from '../errors/BudgetExceededError';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { BudgetScope } from '../errors/BudgetExceededError';
import type { BudgetOp, BudgetResult } from '../model/budget-counter';
import type { BudgetConfig, BudgetWindow } from './types';
import { windowKeys } from './window';

/** A budget as validated, with every default filled in. */
export interface Budget {
	name: string;
	scope: BudgetScope;
	limit: string;
	window: BudgetWindow;
	timeZone: string;
	mode: 'warn' | 'enforce';
	thresholds: number[];
	unpriced: 'block' | 'allow';
	reserve: 'bound' | 'typical';
}

/** Who a call is spent by, for the scopes to pick their key. */
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

const scopeName = (scope: BudgetScope) => (typeof scope === 'object' ? `tag:${scope.tag}` : scope);
const windowName = (window: BudgetWindow) => (typeof window === 'object' ? `rolling:${window.rollingMs}` : window);

/** Checks the tracker's `budgets` option: a typed error for anything it cannot use. */
export function normalizeBudgets(configs: BudgetConfig[] | undefined): Budget[] {
	if (configs === undefined) return [];
	if (!Array.isArray(configs)) throw new InvalidArgumentError('budgets must be an array');
	const names = new Set<string>();
	return configs.map((config, i) => {
		const where = `budgets[${i}]`;
		const { scope } = config;
		if (!(scope === 'session' || scope === 'user' || scope === 'global' || (typeof scope === 'object' && scope !== null && typeof scope.tag === 'string' && scope.tag))) {
			throw new InvalidArgumentError(`${where}.scope must be 'session', 'user', 'global' or { tag }`);
		}
		assertDecimalString(config.limit, `${where}.limit`);
		const window = config.window ?? (scope === 'session' ? 'session' : undefined);
		if (window === undefined) throw new InvalidArgumentError(`${where}.window is needed for a ${scopeName(scope)} budget`);
		if (!(window === 'session' || window === 'day' || window === 'week' || window === 'month' || (typeof window === 'object' && Number.isSafeInteger(window.rollingMs) && window.rollingMs >= 60))) {
			throw new InvalidArgumentError(`${where}.window must be 'session', 'day', 'week', 'month' or { rollingMs } (60 ms or more)`);
		}
		if (window === 'session' && scope !== 'session') throw new InvalidArgumentError(`${where}: only a session budget can count a session's life`);
		const timeZone = config.timeZone ?? 'UTC';
		try {
			new Intl.DateTimeFormat('en-US', { timeZone });
		} catch {
			throw new InvalidArgumentError(`${where}.timeZone ${JSON.stringify(timeZone)} is not a time zone`);
		}
		const mode = config.mode ?? 'warn';
		if (mode !== 'warn' && mode !== 'enforce') throw new InvalidArgumentError(`${where}.mode must be 'warn' or 'enforce'`);
		const thresholds = config.thresholds ?? [];
		if (!Array.isArray(thresholds) || thresholds.some((t, j) => typeof t !== 'number' || !(t > 0) || (j > 0 && t <= thresholds[j - 1]!))) {
			throw new InvalidArgumentError(`${where}.thresholds must be ascending fractions above 0, such as [0.5, 0.8, 1]`);
		}
		const unpriced = config.unpriced ?? 'block';
		if (unpriced !== 'block' && unpriced !== 'allow') throw new InvalidArgumentError(`${where}.unpriced must be 'block' or 'allow'`);
		const reserve = config.reserve ?? 'bound';
		if (reserve !== 'bound' && reserve !== 'typical') throw new InvalidArgumentError(`${where}.reserve must be 'bound' or 'typical'`);
		const name = config.name ?? `${scopeName(scope)}/${windowName(window)}`;
		if (names.has(name)) throw new InvalidArgumentError(`${where}: two budgets are named ${JSON.stringify(name)}; give one a name`);
		names.add(name);
		return { name, scope, limit: config.limit, window, timeZone, mode, thresholds, unpriced, reserve };
	});
}

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

const enc = encodeURIComponent;

/**
 * The tracker's budgets: before a call, reserve its worst case under every enforced budget it
 * falls under (refusing it with a BudgetExceededError when one would pass its limit); after, settle
 * every budget to the call's actual cost and fire the thresholds it crossed.
 */
export function createBudgets(budgets: Budget[], options: BudgetsOptions) {
	function op(budget: Budget, key: string, at: number, change: Pick<BudgetOp, 'reserve' | 'settle' | 'thresholds'>): BudgetOp {
		const { write, read } = windowKeys(budget, at);
		const prefix = `budget/${enc(budget.name)}/${enc(key)}/`;
		return { read: read.map((window) => prefix + window), write: prefix + write, limit: budget.limit, now: at, holdMs: options.holdMs, ...change };
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
					if (hold && cost !== undefined && new Big(cost).gt(hold.amount)) {
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
