import type { TimeIndexEntry } from '../../analytics/time-index';
import type { CallRecord } from '../../model/record';
import type { SessionEnd, SessionMeta } from '../../model/summary';
import { keysUnder } from '../orphans';
import type { StoreAccess } from './access';
import { after, keys, type LostCall } from './keys';
import type { StoredCalls, StoredSession } from './reads';

/**
 * The ledger's scans: reads of many keys (a session's calls, the time index, every session), each
 * from the store (while it reads) and from memory, `failed` when the store could not answer. They
 * serve summaries, reports and maintenance, never a call on its way, so they load on first use.
 */
export function ledgerScans(access: StoreAccess, writerId: string) {
	const { read, list } = access;
	return {
		/** The session's calls as stored (store and memory), with markers of calls others could not store. */
		async calls(id: string): Promise<StoredCalls> {
			const [records, lost] = await Promise.all([list<CallRecord>('list calls', id, keys.calls(id)), list<LostCall>('list unsaved calls', id, keys.lostCalls(id))]);
			return { records: records.entries.map(([, record]) => record), lost: lost.entries.map(([, marker]) => marker), failed: records.failed || lost.failed };
		},

		/** How many calls of the session the other trackers have written. `failed` when the store could not be read. */
		async othersWrote(id: string): Promise<{ calls: number; failed: boolean }> {
			const found = await list<{ calls?: unknown }>('list writers', id, keys.writers(id));
			let calls = 0;
			for (const [key, value] of found.entries) if (key !== keys.writer(id, writerId) && typeof value?.calls === 'number') calls += value.calls;
			return { calls, failed: found.failed };
		},

		/** The session's calls that ended at or after `since` (an ISO time), from the store (one key range where it reads ranges) and memory. */
		async callsSince(id: string, since: string): Promise<{ records: CallRecord[]; failed: boolean }> {
			const prefix = keys.calls(id);
			const found = await read('list calls', id, async (target): Promise<[string, CallRecord][]> => {
				if (target.listRange) return target.listRange<CallRecord>(prefix + since, after(prefix));
				return (await target.list<CallRecord>(prefix)).filter(([key]) => key >= prefix + since);
			});
			return { records: [...(found.stored ?? []), ...found.kept].map(([, record]) => record), failed: 'error' in found };
		},

		/** Markers of the session's calls that a tracker could not store. */
		async lostCalls(id: string): Promise<{ lost: LostCall[]; failed: boolean }> {
			const found = await list<LostCall>('list unsaved calls', id, keys.lostCalls(id));
			return { lost: found.entries.map(([, marker]) => marker), failed: found.failed };
		},

		/** Every session in the store and in memory, with how it ended. `failed` when the store could not be read. */
		async sessions(): Promise<{ sessions: StoredSession[]; orphanEnds: [id: string, end: SessionEnd][]; failed: boolean }> {
			const [metas, ends] = await Promise.all([list<SessionMeta>('list sessions', undefined, keys.sessions), list<SessionEnd>('list sessions', undefined, keys.ends)]);
			const endByKey = new Map(ends.entries.map(([key, end]) => [key.slice(keys.ends.length), end]));
			const sessions = metas.entries.map(([key, meta]): StoredSession => {
				const end = endByKey.get(key.slice(keys.sessions.length));
				endByKey.delete(key.slice(keys.sessions.length));
				return { meta, ...(end ? { end } : {}) };
			});
			// An end without its start is what an interrupted prune leaves behind: the next prune finishes it.
			return { sessions, orphanEnds: [...endByKey].map(([key, end]) => [decodeURIComponent(key), end]), failed: metas.failed || ends.failed };
		},

		/**
		 * The time-index entries in [`start`, `end`) (keys), from the store (as one key range when it
		 * reads ranges) and from memory. `failed` when the store could not be read.
		 */
		async timeRange(start: string, end: string): Promise<{ entries: [string, TimeIndexEntry][]; failed: boolean }> {
			const found = await read('read report', undefined, async (target): Promise<[string, TimeIndexEntry][]> => {
				if (target.listRange) return target.listRange<TimeIndexEntry>(start, end);
				// A store without ranges: every index entry, and keep the range.
				return (await target.list<TimeIndexEntry>(keys.times)).filter(([key]) => key >= start && key < end);
			});
			const failed = 'error' in found;
			if (!found.kept.length) return { entries: found.stored ?? [], failed };
			const merged = new Map(found.stored);
			for (const [key, value] of found.kept) if (!merged.has(key)) merged.set(key, value);
			return { entries: [...merged], failed };
		},

		/**
		 * How each of these sessions ended (open ones are absent): one read of their `end/` keys when
		 * the store reads many at once, else one each. `failed` when the store could not be read.
		 */
		async ends(ids: Iterable<string>): Promise<{ ends: Map<string, SessionEnd>; failed: boolean }> {
			const list = [...ids];
			const endKeys = list.map(keys.end);
			const found = await read('read session ends', undefined, (target) => (target.getMany ? target.getMany<SessionEnd>(endKeys) : Promise.all(endKeys.map((key) => target.get<SessionEnd>(key)))));
			const ends = new Map<string, SessionEnd>();
			list.forEach((id, index) => {
				const end = found.stored?.[index] ?? found.kept[index];
				if (end) ends.set(id, end);
			});
			return { ends, failed: 'error' in found };
		},

		/** The keys of every call (store and memory), for the orphan sweep. `failed` when the store could not be read. */
		async callKeys(): Promise<{ keys: string[]; failed: boolean }> {
			const found = await read('list call keys', undefined, (target) => keysUnder(target, 'call/'));
			return { keys: [...new Set([...(found.stored ?? []), ...found.kept])], failed: 'error' in found };
		},
	};
}
