import type { CallRecord } from '../../model/record';
import type { SessionEnd, SessionMeta } from '../../model/summary';
import type { StoreAccess } from './access';
import { keys, type LostCall } from './keys';

/** A session's calls as read back: the stored records, markers of calls others could not store, and whether the read failed. */
export interface StoredCalls {
	records: CallRecord[];
	lost: LostCall[];
	/** The store could not be read: the records are only what this tracker holds. */
	failed: boolean;
}

export interface StoredSession {
	meta: SessionMeta;
	end?: SessionEnd;
}

/** The ledger's reads of one key each, which opening a session needs (its scans load on first use: ./scans.ts). */
export function ledgerReads(access: StoreAccess) {
	const { get } = access;
	return {
		/** The session's start and end, or `undefined` when no store has it. Throws the store's error when it cannot be read. */
		async load(id: string): Promise<StoredSession | undefined> {
			const [meta, end] = await Promise.all([get<SessionMeta>('read session', id, keys.session(id)), get<SessionEnd>('read session end', id, keys.end(id))]);
			if (!meta.value && 'error' in meta) throw meta.error;
			return meta.value && { meta: meta.value, ...(end.value ? { end: end.value } : {}) };
		},

		async readEnd(id: string): Promise<SessionEnd | undefined> {
			return (await get<SessionEnd>('read session end', id, keys.end(id))).value;
		},
	};
}
