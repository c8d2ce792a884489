import type { UseStore } from 'idb-keyval';
import { applyBudgetOp } from '../../model/budget-counter';
import type { BudgetCounter, BudgetOp, BudgetResult } from '../../model/budget-counter';
import { run } from './errors';

/**
 * A budget change: reads and the write in one readwrite transaction, the write from the last read's
 * success callback while the transaction is still active: tabs queue on it, so none sees a stale total.
 */
export function changeBudget(useStore: UseStore, op: BudgetOp): Promise<BudgetResult> {
	return run(
		useStore(
			'readwrite',
			(store) =>
				new Promise<BudgetResult>((resolve, reject) => {
					const keys = [...new Set([...op.read, op.write])];
					const counters = new Map<string, BudgetCounter | undefined>();
					let result: BudgetResult | undefined;
					const { transaction } = store;
					transaction.oncomplete = () => (result ? resolve(result) : reject(new Error('budget transaction ended without a result')));
					transaction.onabort = transaction.onerror = () => reject(transaction.error ?? new DOMException('the budget transaction was aborted', 'AbortError'));
					for (const key of keys) {
						const request = store.get(key);
						request.onsuccess = () => {
							counters.set(key, request.result as BudgetCounter | undefined);
							if (counters.size < keys.length) return;
							const applied = applyBudgetOp((name) => counters.get(name), op);
							result = applied.result;
							if (applied.write) store.put(applied.write, op.write);
						};
					}
				}),
		),
	);
}
