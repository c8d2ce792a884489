// tokentab/idb: the IndexedDB store. Its parts are in idb/: opening and upgrading the database
// (open.ts), the shared connection (connection.ts), key ranges (ranges.ts), the write-once records
// (records.ts) and the budget counters (budget.ts).
import { del, delMany, get, getMany, set, setMany } from 'idb-keyval';
import { changeBudget } from './idb/budget';
import { createConnection } from './idb/connection';
import { run } from './idb/errors';
import { prefixRange, readKeys, readRange } from './idb/ranges';
import { setIfAbsent } from './idb/records';
import type { Store } from './types';

export interface IndexedDBStoreOptions {
	/** The database's name. Default `'tokentab'`: never idb-keyval's own `'keyval-store'`, so the app's keyval data stays apart. */
	dbName?: string;
	/** The object store inside it. Default `'entries'`. */
	storeName?: string;
	/**
	 * The IndexedDB to open. Default: `globalThis.indexedDB`. A Storage Bucket's `bucket.indexedDB`
	 * gives tokentab its own quota and eviction policy (`navigator.storageBuckets.open('tokentab')`).
	 */
	indexedDB?: IDBFactory;
}

export interface IndexedDBStore extends Store {
	/** Closes the connection; the next operation opens a new one. */
	close(): void;
}

/**
 * A store in the browser's IndexedDB, through idb-keyval, in a database of its own. Sessions
 * survive reloads and are shared by every tab of the origin: each call is written once under its
 * own key, so tabs recording into one session at once never overwrite each other.
 *
 * When IndexedDB is missing, refused (a private window, an opaque origin), blocked by another tab
 * during an upgrade, or out of quota, its operations throw `StoreUnavailableError` and the tracker
 * carries on in memory, with a `store.fallback` event.
 *
 * @example
 * import { createTracker } from 'tokentab';
 * import { indexedDBStore } from 'tokentab/idb';
 * const tracker = createTracker({ store: indexedDBStore() });
 */
export function indexedDBStore(options: IndexedDBStoreOptions = {}): IndexedDBStore {
	const { useStore, close } = createConnection({ dbName: options.dbName ?? 'tokentab', storeName: options.storeName ?? 'entries', indexedDB: options.indexedDB });
	return {
		bounded: true,
		get: <T>(key: string) => run(get<T>(key, useStore)),
		getMany: <T>(keys: string[]) => run(getMany<T>(keys, useStore)),
		set: (key, value) => run(set(key, value, useStore)),
		setMany: (entries) => run(setMany(entries, useStore)),
		delete: (key) => run(del(key, useStore)),
		deleteMany: (keys) => run(delMany(keys, useStore)),
		// One key range in one read transaction: only the range's entries are read.
		list: <T>(prefix: string) => readRange<T>(useStore, prefixRange(prefix)),
		keys: (prefix) => readKeys(useStore, prefixRange(prefix)),
		listRange: <T>(start: string, end: string) => (start < end ? readRange<T>(useStore, IDBKeyRange.bound(start, end, false, true)) : Promise.resolve([])),
		setIfAbsent: (key, value) => setIfAbsent(useStore, key, value),
		budget: (op) => changeBudget(useStore, op),
		close,
	};
}
