import { promisifyRequest, type UseStore } from 'idb-keyval';
import { run } from './errors';

/** `IDBObjectStore.getAllRecords` (Chromium 141+), not yet in TypeScript's DOM types. */
type RecordsStore = IDBObjectStore & { getAllRecords?: (options: { query: IDBKeyRange }) => IDBRequest<{ key: IDBValidKey; value: unknown }[]> };

/** Every key that starts with `prefix`. */
export const prefixRange = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`);

/**
 * The entries of a key range, sorted by key (IndexedDB's order for string keys), in one read
 * transaction: `getAllRecords` where the browser has it (Chromium 141+: keys and values in one
 * request, about a third faster over 100,000 entries), else `getAllKeys` and `getAll`.
 */
export const readRange = <T>(useStore: UseStore, range: IDBKeyRange) =>
	run(
		useStore('readonly', async (store) => {
			const records = (store as RecordsStore).getAllRecords;
			if (typeof records === 'function') {
				const found = await promisifyRequest(records.call(store, { query: range }));
				return found.map((record): [string, T] => [record.key as string, record.value as T]);
			}
			const [keys, values] = await Promise.all([promisifyRequest(store.getAllKeys(range)), promisifyRequest(store.getAll(range))]);
			return keys.map((key, index): [string, T] => [key as string, values[index] as T]);
		}),
	);

/** The keys of a key range, sorted, in one read transaction. */
export const readKeys = (useStore: UseStore, range: IDBKeyRange) => run(useStore('readonly', (store) => promisifyRequest(store.getAllKeys(range)))) as Promise<string[]>;
