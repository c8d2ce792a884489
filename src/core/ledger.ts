import type { Store } from '../stores/types';
import type { CallRecord } from './record';
import type { SessionEnd, SessionMeta } from './summary';

/**
 * The session book kept in a store: a session's start, its end, and one entry per call, each under
 * a key of its own and written once. Keys encode ids, so no id can reach into another's range.
 */
const enc = encodeURIComponent;
export const keys = {
	session: (id: string) => `session/${enc(id)}`,
	end: (id: string) => `end/${enc(id)}`,
	calls: (id: string) => `call/${enc(id)}/`,
	call: (record: CallRecord) => `call/${enc(record.sessionId)}/${record.endedAt}/${record.id}`,
};

/** Reports a store failure; the ledger then carries on as if nothing was stored. */
export type StoreErrorHandler = (operation: string, error: unknown, sessionId: string) => void;

export function createLedger(store: Store, onError: StoreErrorHandler) {
	async function attempt<T>(operation: string, sessionId: string, work: () => Promise<T>): Promise<T | undefined> {
		try {
			return await work();
		} catch (error) {
			onError(operation, error, sessionId);
			return undefined;
		}
	}

	return {
		/** The session's start and end, or `undefined` when the store has no such session. Throws when the store fails. */
		async load(id: string): Promise<{ meta: SessionMeta; end?: SessionEnd } | undefined> {
			const [meta, end] = await Promise.all([store.get<SessionMeta>(keys.session(id)), store.get<SessionEnd>(keys.end(id))]);
			return meta && { meta, ...(end ? { end } : {}) };
		},
		start: (meta: SessionMeta) => attempt('start session', meta.id, () => store.set(keys.session(meta.id), meta)),
		/** Resolves to true when the record reached the store. */
		append: async (record: CallRecord) => (await attempt('record call', record.sessionId, () => store.set(keys.call(record), record).then(() => true))) ?? false,
		calls: async (id: string) => (await attempt('list calls', id, () => store.list<CallRecord>(keys.calls(id))))?.map(([, record]) => record) ?? [],
		readEnd: (id: string) => attempt('read session end', id, () => store.get<SessionEnd>(keys.end(id))),
		writeEnd: (id: string, end: SessionEnd) => attempt('end session', id, () => store.set(keys.end(id), end)),
	};
}

export type Ledger = ReturnType<typeof createLedger>;
