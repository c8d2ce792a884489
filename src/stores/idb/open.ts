// Opening the database, adding tokentab's object store when it is missing (a version upgrade), and
// refusing what the tracker should not wait for or write into: a blocked upgrade, a deleted database.
import { StoreUnavailableError } from '../../errors/StoreUnavailableError';
import { mapError, nameOf, REFUSED } from './errors';

export interface OpenTarget {
	factory: IDBFactory;
	dbName: string;
	storeName: string;
	/** This store has had the database open: if it must be created again, it was deleted under us. */
	opened: () => boolean;
}

/** Opens `dbName` (at `version`, to add the object store) and settles once: blocked rejects at once. */
export function openDatabase({ factory, dbName, storeName, opened }: OpenTarget, version?: number): Promise<IDBDatabase> {
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
			if (event.oldVersion === 0 && opened()) {
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
			else reject(error ?? new DOMException(`IndexedDB "${dbName}" did not open`, 'UnknownError'));
		};
		request.onblocked = () => {
			// Another tab holds an older version open and does not close it: waiting could take forever.
			blocked = true;
			reject(new StoreUnavailableError('blocked', `opening IndexedDB "${dbName}" at version ${version} is blocked by another open connection`));
		};
	});
}

/** The database with tokentab's object store in it, upgrading it to add the store when needed. */
export async function openWithStore(target: OpenTarget): Promise<IDBDatabase> {
	let db = await openDatabase(target);
	// The database exists without our object store (another library's, an older layout, a page
	// with another storeName): add it. A page adding its own at the same time takes the version
	// first: try again from the version it got to.
	for (let tries = 1; !db.objectStoreNames.contains(target.storeName); tries++) {
		const version = db.version + 1;
		db.close();
		try {
			db = await openDatabase(target, version);
		} catch (error) {
			if (nameOf(error) !== 'VersionError' || tries >= 10) throw error;
			db = await openDatabase(target);
		}
	}
	return db;
}
