import type { UseStore } from 'idb-keyval';
import { run } from './errors';

/**
 * Writes `value` under `key` unless the key holds one already, and resolves to what the key holds
 * then. The read and the write in one readwrite transaction: another tab's comes before or after,
 * not between.
 */
export function setIfAbsent<T>(useStore: UseStore, key: string, value: T): Promise<T> {
	return run(
		useStore(
			'readwrite',
			(store) =>
				new Promise<T>((resolve, reject) => {
					let held = value;
					const { transaction } = store;
					transaction.oncomplete = () => resolve(held);
					transaction.onabort = transaction.onerror = () => reject(transaction.error ?? new DOMException('the transaction was aborted', 'AbortError'));
					const request = store.get(key);
					request.onsuccess = () => {
						if (request.result === undefined) store.put(value, key);
						else held = request.result as T;
					};
				}),
		),
	);
}
