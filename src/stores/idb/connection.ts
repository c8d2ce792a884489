// One connection per store, opened on first use and shared by its operations: given up when another
// tab wants to upgrade or the browser closes it, and opened again on the next use.
import type { UseStore } from 'idb-keyval';
import { StoreUnavailableError } from '../../errors/StoreUnavailableError';
import { openWithStore } from './open';

export interface ConnectionOptions {
	dbName: string;
	storeName: string;
	indexedDB?: IDBFactory;
}

export interface Connection {
	/** idb-keyval's seam: runs `callback` on the object store in a transaction of `mode`. */
	useStore: UseStore;
	/** Closes the connection; the next operation opens a new one. */
	close(): void;
}

export function createConnection({ dbName, storeName, indexedDB }: ConnectionOptions): Connection {
	let connection: Promise<IDBDatabase> | undefined;
	let opened = false;

	async function connect(): Promise<IDBDatabase> {
		const factory = indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
		if (!factory) throw new StoreUnavailableError('unavailable', 'IndexedDB is not available here');
		const db = await openWithStore({ factory, dbName, storeName, opened: () => opened });
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

	return {
		useStore,
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
