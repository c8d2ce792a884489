import { del, delMany, get, getMany, promisifyRequest, set, setMany, type UseStore } from 'idb-keyval';
import { StoreUnavailableError } from '../errors/StoreUnavailableError';
import { applyBudgetOp } from '../model/budget-counter';
import type { BudgetCounter, BudgetResult } from '../model/budget-counter';
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

/** `IDBObjectStore.getAllRecords` (Chromium 141+), not yet in TypeScript's DOM types. */
type RecordsStore = IDBObjectStore & { getAllRecords?: (options: { query: IDBKeyRange }) => IDBRequest<{ key: IDBValidKey; value: unknown }[]> };

const REFUSED = new Set(['SecurityError', 'InvalidStateError', 'NotAllowedError']);

/** A DOMException's name, whatever realm it came from. */
const nameOf = (error: unknown) => (typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : '');

/** Out of space is not worth retrying: the tracker falls back to memory. Anything else is. */
function mapError(error: unknown): unknown {
	if (nameOf(error) === 'QuotaExceededError') return new StoreUnavailableError('quota', 'IndexedDB is out of quota', { cause: error });
	return error;
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
	const dbName = options.dbName ?? 'tokentab';
	const storeName = options.storeName ?? 'entries';
	let connection: Promise<IDBDatabase> | undefined;
	/** This store has had the database open: if it must be created again, it was deleted under us. */
	let opened = false;

	/** Opens `dbName` (at `version`, to add the object store) and settles once: blocked rejects at once. */
	function open(factory: IDBFactory, version?: number): Promise<IDBDatabase> {
		return new Promise((resolve, reject) => {
			let request: IDBOpenDBRequest;
			try {
				request = version === undefined ? factory.open(dbName) : factory.open(dbName, version);
			} catch (error) {
				// Safari's and old Firefox's private windows, sandboxed frames, opaque origins.
				reject(new StoreUnavailableError('refused', `IndexedDB refused to open: ${String(error)}`, { cause: error }));
				return;
			}
			let blocked = false;
			let deleted = false;
			request.onupgradeneeded = (event) => {
				// Site data cleared while this page ran: an empty database now would hold calls of sessions
				// whose starts are gone. Refuse it: the tracker keeps its calls in memory and says so.
				if (event.oldVersion === 0 && opened) {
					deleted = true;
					request.transaction?.abort();
					return;
				}
				if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName);
			};
			request.onsuccess = () => {
				// An upgrade that was blocked may go through later: the store has moved on, let it go.
				if (blocked) request.result.close();
				else resolve(request.result);
			};
			request.onerror = (event) => {
				event.preventDefault();
				if (deleted) {
					reject(new StoreUnavailableError('unavailable', `IndexedDB "${dbName}" was deleted while in use (site data cleared)`));
					return;
				}
				const error = request.error;
				const name = nameOf(error);
				if (name === 'QuotaExceededError') reject(mapError(error));
				else if (REFUSED.has(name)) reject(new StoreUnavailableError('refused', `IndexedDB refused to open: ${String(error)}`, { cause: error }));
				else reject(error);
			};
			request.onblocked = () => {
				// Another tab holds an older version open and does not close it: waiting could take forever.
				blocked = true;
				reject(new StoreUnavailableError('blocked', `opening IndexedDB "${dbName}" at version ${version} is blocked by another open connection`));
			};
		});
	}

	async function connect(): Promise<IDBDatabase> {
		const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
		if (!factory) throw new StoreUnavailableError('unavailable', 'IndexedDB is not available here');
		let db = await open(factory);
		// The database exists without our object store (another library's, an older layout, a page
		// with another storeName): add it. A page adding its own at the same time takes the version
		// first: try again from the version it got to.
		for (let tries = 1; !db.objectStoreNames.contains(storeName); tries++) {
			const version = db.version + 1;
			db.close();
			try {
				db = await open(factory, version);
			} catch (error) {
				if (nameOf(error) !== 'VersionError' || tries >= 10) throw error;
				db = await open(factory);
			}
		}
		opened = true;
		return db;
	}

	function database(): Promise<IDBDatabase> {
		if (!connection) {
			const opening: Promise<IDBDatabase> = connect().then(
				(db) => {
					const forget = () => {
						if (connection === opening) connection = undefined;
					};
					// Another tab wants to upgrade: step aside rather than block it, and reopen on next use.
					db.onversionchange = () => {
						db.close();
						forget();
					};
					db.onclose = forget; // closed by the browser (storage cleared, disk error)
					return db;
				},
				(error: unknown) => {
					if (connection === opening) connection = undefined;
					throw error;
				},
			);
			connection = opening;
		}
		return connection;
	}

	/** idb-keyval's seam: runs `callback` on our object store in a transaction of `mode`. */
	const useStore: UseStore = async (mode, callback) => {
		let db = await database();
		let transaction: IDBTransaction;
		try {
			transaction = db.transaction(storeName, mode);
		} catch {
			// The connection closed under us (a version change): one fresh connection, then give up.
			connection = undefined;
			db = await database();
			transaction = db.transaction(storeName, mode);
		}
		return callback(transaction.objectStore(storeName));
	};

	const run = <T>(work: Promise<T>): Promise<T> => work.catch((error: unknown) => Promise.reject(mapError(error)));

	/**
	 * The entries of a key range, sorted by key (IndexedDB's order for string keys), in one read
	 * transaction: `getAllRecords` where the browser has it (Chromium 141+: keys and values in one
	 * request, about a third faster over 100,000 entries), else `getAllKeys` and `getAll`.
	 */
	const readRange = <T>(range: IDBKeyRange) =>
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

	return {
		bounded: true,
		get: <T>(key: string) => run(get<T>(key, useStore)),
		getMany: <T>(keys: string[]) => run(getMany<T>(keys, useStore)),
		set: (key, value) => run(set(key, value, useStore)),
		setMany: (entries) => run(setMany(entries, useStore)),
		delete: (key) => run(del(key, useStore)),
		deleteMany: (keys) => run(delMany(keys, useStore)),
		// One key range in one read transaction: only the range's entries are read.
		list: <T>(prefix: string) => readRange<T>(IDBKeyRange.bound(prefix, `${prefix}\uffff`)),
		keys: (prefix) => run(useStore('readonly', (store) => promisifyRequest(store.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`))))) as Promise<string[]>,
		listRange: <T>(start: string, end: string) => (start < end ? readRange<T>(IDBKeyRange.bound(start, end, false, true)) : Promise.resolve([])),
		setIfAbsent<T>(key: string, value: T) {
			// The read and the write in one readwrite transaction: another tab's comes before or after, not between.
			return run(
				useStore('readwrite', (store) =>
					new Promise<T>((resolve, reject) => {
						let held = value;
						const { transaction } = store;
						transaction.oncomplete = () => resolve(held);
						transaction.onabort = transaction.onerror = () => reject(transaction.error);
						const request = store.get(key);
						request.onsuccess = () => {
							if (request.result === undefined) store.put(value, key);
							else held = request.result as T;
						};
					}),
				),
			);
		},
		budget(op) {
			// Reads and the write in one readwrite transaction, the write from the last read's success
			// callback while the transaction is still active: tabs queue on it, so none sees a stale total.
			return run(
				useStore('readwrite', (store) =>
					new Promise<BudgetResult>((resolve, reject) => {
						const keys = [...new Set([...op.read, op.write])];
						const counters = new Map<string, BudgetCounter | undefined>();
						let result: BudgetResult | undefined;
						const { transaction } = store;
						transaction.oncomplete = () => (result ? resolve(result) : reject(new Error('budget transaction ended without a result')));
						transaction.onabort = transaction.onerror = () => reject(transaction.error);
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
		},
		close() {
			const open = connection;
			connection = undefined;
			void open?.then(
				(db) => db.close(),
				() => undefined,
			);
		},
	};
}
