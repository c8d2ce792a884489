import { compare, FIXED_ZERO, type Fixed, fixed, fixedOfNumber, plus, times, toDecimal } from './fixed';
import type { DecimalString } from './prices';

/**
 * Each budget's limit and thresholds as the marks they set (limit × fraction), made once: every
 * settle asks. Found by the thresholds' own array when the op comes from this process (a budget
 * passes the same one each time), by their text when it was sent here (a Durable Object's).
 */
const markTables = new Map<string, Fixed[]>();
const marksByArray = new WeakMap<number[], { limit: string; marks: Fixed[] }>();

function marksOf(op: Pick<BudgetOp, 'limit' | 'thresholds'>): Fixed[] {
	const thresholds = op.thresholds ?? [];
	if (!thresholds.length) return [];
	const known = marksByArray.get(thresholds);
	if (known?.limit === op.limit) return known.marks;
	const key = `${op.limit} ${thresholds.join(' ')}`;
	let marks = markTables.get(key);
	if (!marks) {
		if (markTables.size >= 256) markTables.clear();
		const limit = fixed(op.limit);
		markTables.set(key, (marks = thresholds.map((fraction) => times(limit, fixedOfNumber(fraction)))));
	}
	marksByArray.set(thresholds, { limit: op.limit, marks });
	return marks;
}

/** The indexes of `op`'s thresholds that settled spending passes on its way from `before` to `after`. */
export function crossedThresholds(op: Pick<BudgetOp, 'limit' | 'thresholds'>, before: Fixed, after: Fixed): number[] {
	const fired: number[] = [];
	marksOf(op).forEach((mark, index) => {
		if (compare(before, mark) < 0 && compare(after, mark) >= 0) fired.push(index);
	});
	return fired;
}

export const emptyCounter = (): BudgetCounter => ({ spent: '0', held: {} });

/**
 * Applies one budget change to counters read in the same atomic step, and returns the changed
 * counter to write back (none when a reservation is refused). Pure: every store that offers atomic
 * budget changes runs this same function inside its own atomic step. Exact: amounts are added and
 * compared as integers of their own decimal digits, never as floats.
 */
export function applyBudgetOp(read: (key: string) => BudgetCounter | undefined, op: BudgetOp): { result: BudgetResult; write?: BudgetCounter } {
	const own = op.reserve?.id ?? op.settle?.id;
	// Another call's hold counts until it is settled or goes stale (a response nobody read).
	const live = (id: string, reservedAt: number) => id !== own && op.now - reservedAt < op.holdMs;
	let spent = FIXED_ZERO;
	let held = FIXED_ZERO;
	for (const key of op.read) {
		const counter = read(key);
		if (!counter) continue;
		spent = plus(spent, fixed(counter.spent));
		for (const id of Object.keys(counter.held)) {
			const [amount, reservedAt] = counter.held[id]!;
			if (live(id, reservedAt)) held = plus(held, fixed(amount));
		}
	}
	const result: BudgetResult = { ok: true, spent: toDecimal(spent), held: toDecimal(held), fired: [] };
	if (op.reserve && compare(plus(plus(spent, held), fixed(op.reserve.amount)), fixed(op.limit)) > 0) return { result: { ...result, ok: false } };

	const current = read(op.write) ?? emptyCounter();
	// Others' live holds stay; stale ones and this call's own go. The holds by call id are a
	// null-prototype object: a dictionary from the start, where a plain object would take a new
	// hidden class for each call id it is given (V8), on every change.
	const next: BudgetCounter = { spent: current.spent, held: Object.create(null) as BudgetCounter['held'] };
	for (const id of Object.keys(current.held)) if (live(id, current.held[id]![1])) next.held[id] = current.held[id]!;
	if (op.reserve) next.held[op.reserve.id] = [op.reserve.amount, op.now];
	if (op.settle) {
		const amount = fixed(op.settle.amount);
		next.spent = toDecimal(plus(fixed(current.spent), amount));
		// Thresholds fire as settled spending climbs past them, in order: once in a calendar window
		// (its spending only grows), and in a rolling one again each time it climbs back past one.
		result.fired = crossedThresholds(op, spent, plus(spent, amount));
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

/**
 * A budget change's result: in the same turn where the store changes budgets there (memory), else
 * later; `undefined` when the change could not be made (a broken store lets the call through).
 */
export type BudgetChange = BudgetResult | undefined | Promise<BudgetResult | undefined>;
