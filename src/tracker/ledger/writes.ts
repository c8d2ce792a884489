import type { SessionMeta } from '../../model/summary';
import type { EventListener } from '../events';
import type { StoreAccess } from './access';
import { callWrites } from './call-writes';
import { callEntries, keys } from './keys';
import { deleteAll, setAll } from './store-ops';

/**
 * The ledger's writes of starts and calls (./call-writes.ts). A start or a call that cannot be
 * stored is kept in memory and tried again (`flush`) when its session ends.
 */
export function ledgerWrites(access: StoreAccess, emit: EventListener) {
	const calls = callWrites(access, emit);
	const { writerId, written, unsaved } = calls;
	/** Session starts whose write failed: written again with the session's unsaved calls. */
	const unsavedStarts = new Map<string, SessionMeta>();

	return {
		writerId,

		/**
		 * Writes a session's start; `exclusive`, unless one is stored already (atomically, where the
		 * store can). Resolves to the start the session has: `meta`, or another tracker's that came first.
		 */
		async start(meta: SessionMeta, exclusive: boolean): Promise<SessionMeta> {
			const stored = await access.writeOnce('start session', meta.id, keys.session(meta.id), meta, exclusive);
			if (!stored) unsavedStarts.set(meta.id, meta);
			return stored ?? meta;
		},

		append: calls.append,

		/** Ids of this ledger's calls of the session that are only in memory. */
		unsaved: (id: string): ReadonlySet<string> => new Set(unsaved.get(id)?.keys()),

		/** Tries once more (with retries) to store the session's unsaved calls, while the store takes writes. */
		async flush(id: string): Promise<void> {
			if (!access.state.writable) return;
			const meta = unsavedStarts.get(id);
			if (meta && (await access.attempt('start session', id, (target) => target.set(keys.session(id), meta))).ok) unsavedStarts.delete(id);
			const pending = unsaved.get(id);
			if (!pending?.size) return;
			const kept = [...pending.values()];
			const outcome = await access.attempt('record call', id, (target) => setAll(target, [...callEntries(kept), [keys.writer(id, writerId), { calls: written.get(id)?.calls ?? kept.length }]]));
			if (!outcome.ok) return;
			for (const { record } of kept) pending.delete(record.id);
			await access.attempt('clear unsaved markers', id, (target) =>
				deleteAll(
					target,
					kept.map(({ record }) => keys.lost(record)),
				),
			);
		},

		/** Forgets a session's unsaved calls (it is being removed). */
		forget: (id: string) => void unsaved.delete(id),
	};
}
