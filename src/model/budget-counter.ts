import Big from 'big.js';
import { toDecimalString, ZERO } from './money';
import type { DecimalString } from './prices';

/** The indexes of `op`'s thresholds that settled spending passes on its way from `before` to `after`. */
export function crossedThresholds(op: Pick<BudgetOp, 'limit' | 'thresholds'>, before: Big, after: Big): number[] {
	const limit = new Big(op.limit);
	return (op.thresholds ?? []).flatMap((fraction, index) => {
		const mark = limit.times(fraction);
		return before.lt(mark) && after.gte(mark) ? [index] : [];
	});
}

export const emptyCounter = (): BudgetCounter => ({ spent: '0', held: {} });

/**
 * Applies one budget change to counters read in the same atomic step, and returns the changed
 * counter to write back (none when a reservation is refused). Pure: every store that offers atomic
 * budget changes runs this same function inside its own atomic step.
 */
export function applyBudgetOp(read: (key: string) => BudgetCounter | undefined, op: BudgetOp): { result: BudgetResult; write?: BudgetCounter } {
	const own = op.reserve?.id ?? op.settle?.id;
	const live = ([id, [, at]]: [string, [string, number]]) => id !== own && op.now - at < op.holdMs;
	let spent = ZERO;
	let held = ZERO;
	for (const key of op.read) {
		const counter = read(key);
		if (!counter) continue;
		spent = spent.plus(counter.spent);
		for (const hold of Object.entries(counter.held)) if (live(hold)) held = held.plus(hold[1][0]);
	}
	const result: BudgetResult = { ok: true, spent: toDecimalString(spent), held: toDecimalString(held), fired: [] };
	const limit = new Big(op.limit);
	if (op.reserve && spent.plus(held).plus(op.reserve.amount).gt(limit)) return { result: { ...result, ok: false } };

	const current = read(op.write) ?? emptyCounter();
	// Others' live holds stay; stale ones (a response nobody read) and this call's own go.
	const next: BudgetCounter = { spent: current.spent, held: Object.fromEntries(Object.entries(current.held).filter(live)) };
	if (op.reserve) next.held[op.reserve.id] = [op.reserve.amount, op.now];
	if (op.settle) {
		next.spent = toDecimalString(new Big(current.spent).plus(op.settle.amount));
		// Thresholds fire as settled spending climbs past them, in order: once in a calendar window
		// (its spending only grows), and in a rolling one again each time it climbs back past one.
		const settled = spent.plus(op.settle.amount);
		result.fired = crossedThresholds(op, spent, settled);
	}
	return { result, write: next };
}

/** A counter of one budget in one window (or one slice of a rolling window), as stored. */
export interface BudgetCounter {
	/** Settled cost of the calls counted, USD. */
	spent: DecimalString;
	/** Reservations of calls in flight: call id → [USD, when reserved in ms]. */
	held: Record<string, [DecimalString, number]>;
}

/**
 * One atomic change to a budget's counters, applied by a store that can (memory, IndexedDB in one
 * transaction, a Durable Object) so that tabs and isolates sharing the store cannot overshoot together.
 */
export interface BudgetOp {
	/** The counters whose spent and held amounts make the window's total (one, or a rolling window's slices). */
	read: string[];
	/** The counter this change writes (the current one). */
	write: string;
	limit: DecimalString;
	/** Hold `amount` under `id`, unless the total would then pass the limit (nothing changes then). */
	reserve?: { id: string; amount: DecimalString };
	/** Release `id`'s hold (if any) and add `amount` to the spent total. */
	settle?: { id: string; amount: DecimalString };
	/** Ascending fractions of the limit; the result lists the indexes crossed by this change. */
	thresholds?: number[];
	/** The time now, ms: holds older than `holdMs` are dropped (a response nobody read). */
	now: number;
	holdMs: number;
}

export interface BudgetResult {
	/** False when a reservation was refused. */
	ok: boolean;
	/** Settled spending in the window, before this change's reservation. */
	spent: DecimalString;
	/** Other calls' reservations in the window. */
	held: DecimalString;
	/** Indexes of the thresholds this change crossed, in order. */
	fired: number[];
}
