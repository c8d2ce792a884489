import { applyBudgetOp, type BudgetChange, type BudgetCounter, type BudgetOp, type BudgetResult } from '../../model/budget-counter';
import { memoryAccess } from '../../stores/memory';
import type { Store } from '../../stores/types';
import type { EventListener } from '../events';
import type { StoreAccess } from './access';
import { unavailableReason } from './store-ops';

/**
 * Budget changes: atomic in the store where it can be (memory, IndexedDB, Durable Object, Redis),
 * one at a time here where it cannot. Not retried (a settle that landed but whose answer was lost
 * must not count twice); `undefined` when the store failed, which lets the call through.
 */
export function budgetChanges(access: StoreAccess, emit: EventListener): (op: BudgetOp) => BudgetChange {
	const { store, memory, state, timed } = access;
	/** Budget changes on a store without atomic ones run one at a time here: exact within this tracker. */
	let queue: Promise<unknown> = Promise.resolve();
	const failed = (error: unknown): undefined => {
		const reason = unavailableReason(error);
		if (reason) access.fallBack(reason, error);
		else emit({ type: 'store.error', operation: 'budget', error, attempts: 1 });
		return undefined;
	};

	/** Copies the counters a budget change reads from the store into memory, where memory has none. */
	async function seedCounters(op: BudgetOp): Promise<void> {
		for (const key of new Set([...op.read, op.write])) {
			if ((await memory.get(key)) !== undefined) continue;
			const stored = await timed(store.get<BudgetCounter>(key)).catch(() => undefined);
			if (stored !== undefined) await memory.setIfAbsent!(key, stored);
		}
	}

	/** The change in the store's own atomic step where it has one, else read, applied and written here, one at a time. */
	async function change(target: Store, op: BudgetOp): Promise<BudgetResult> {
		// Out of quota, the store still reads: counting goes on in memory from what it had spent.
		if (!state.writable && state.readable) await seedCounters(op);
		if (target.budget) return await timed(target.budget(op));
		const run = queue.then(async () => {
			const read = [...new Set([...op.read, op.write])];
			const counters = new Map(await Promise.all(read.map(async (key) => [key, await target.get<BudgetCounter>(key)] as const)));
			const { result, write } = applyBudgetOp((key) => counters.get(key), op);
			if (write) await target.set(op.write, write);
			return result;
		});
		queue = run.catch(() => undefined);
		return await timed(run);
	}

	return (op) => {
		const target = state.writable ? store : memory;
		const inMemory = state.writable || !state.readable ? memoryAccess(target) : undefined;
		try {
			// A memory store's counters change in this turn: one synchronous step, as its own `budget` is.
			if (inMemory) {
				const { result, write } = applyBudgetOp((key) => inMemory.read(key) as BudgetCounter | undefined, op);
				if (write) inMemory.write([[op.write, write]]);
				return result;
			}
			return change(target, op).catch(failed);
		} catch (error) {
			return failed(error);
		}
	};
}
