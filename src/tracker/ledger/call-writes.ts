import { StoreUnavailableError } from '../../errors/StoreUnavailableError';
import { newId } from '../../model/id';
import type { CallRecord } from '../../model/record';
import type { SessionMeta } from '../../model/summary';
import type { EventListener } from '../events';
import { attempt } from '../guard';
import type { StoreAccess } from './access';
import { memoryAccess } from '../../stores/memory';
import { callEntries, type Indexed, indexed, keys, lostMarker } from './keys';
import { deleteAll, MAX_BATCH, quietly, setAll } from './store-ops';

/**
 * The ledger's writes of calls, each with its time-index entry and the writer's count. A call that
 * cannot be stored is kept in memory, announced (`call.unsaved`), and marked in the store when the
 * store takes the marker.
 */
export function callWrites(access: StoreAccess, emit: EventListener) {
	const { store, memory, state, timed } = access;
	/** Calls this ledger holds that the store does not, by session id. */
	const unsaved = new Map<string, Map<string, Indexed>>();
	/** This ledger as a writer of calls (`writer/<id>/<writerId>`), and how many calls of each session it has written. */
	const writerId = newId();
	const written: Written = new Map();

	/**
	 * Calls that did not reach the store: kept, announced, and marked in the store when it takes a
	 * marker. The call's time-index entry goes with its marker: a report read elsewhere still counts
	 * the call, where a summary read elsewhere knows it misses one.
	 */
	async function keepUnsaved(calls: Indexed[], error: unknown): Promise<void> {
		const markers: [string, unknown][] = [];
		const times: [string, unknown][] = [];
		for (const call of calls) {
			const { record } = call;
			let session = unsaved.get(record.sessionId);
			if (!session) unsaved.set(record.sessionId, (session = new Map<string, Indexed>()));
			session.set(record.id, call);
			emit({ type: 'call.unsaved', sessionId: record.sessionId, record, error });
			markers.push(lostMarker(record));
			times.push(call.time);
		}
		// While the store reads it may take small writes, out of quota too: the markers (the smallest
		// entries, and what tells a reader after a reload that calls are missing) first, then the index.
		// One try each, quietly: the failure was announced above, and a store that just failed may well fail again.
		if (!state.readable) return;
		for (const entries of [markers, times]) await quietly(() => setAll(store, entries), timed);
	}

	async function writeRecords(calls: Indexed[], entries = writeEntries(calls, written, writerId)): Promise<boolean> {
		const first = calls[0]!.record.sessionId;
		const sessionId = calls.every(({ record }) => record.sessionId === first) ? first : undefined;
		let error: unknown;
		if (state.writable) {
			// A store that can run out of room takes each call's marker ahead of its record, while small
			// writes still fit: a full store then refuses the record, and the marker left says it is missing.
			const ahead = store.bounded ? calls.map(({ record }) => lostMarker(record)) : undefined;
			if (ahead) await quietly(() => setAll(store, ahead), timed);
			const outcome = await access.attempt('record call', sessionId, (target) => setAll(target, entries));
			if (outcome.ok) {
				if (ahead)
					await quietly(
						() =>
							deleteAll(
								store,
								ahead.map(([key]) => key),
							),
						timed,
					);
				return true;
			}
			error = outcome.error;
		}
		await setAll(memory, entries);
		// Built only here: an Error captures a stack, which costs more than the write it reports.
		await keepUnsaved(calls, error ?? new StoreUnavailableError('unavailable', 'the store fell back to memory'));
		return false;
	}

	const enqueue = groupCommit(writeRecords);
	/** A memory store's own writes: done in this turn, so a call is stored with no promise, retry or batch of its own. */
	const direct = memoryAccess(store)?.write;
	const batched = store.setMany !== undefined && !direct;

	return {
		writerId,
		written,
		unsaved,
		/**
		 * Stores the record with its time-index entry (from the session's user and tags): `true` when
		 * the store took it in this turn (a memory store), else resolves to whether it reached the store.
		 * Never rejects.
		 */
		append(record: CallRecord, meta: Pick<SessionMeta, 'userId' | 'tags'>, alone = false): true | Promise<boolean> {
			const call = indexed(record, meta);
			if (direct && state.writable) {
				const entries = writeEntries([call], written, writerId);
				// A Map past its size limit throws: the usual path then tries again, announces it and keeps the call.
				return attempt(() => direct(entries)).ok || writeRecords([call], entries);
			}
			if (alone || !batched || !state.writable) return writeRecords([call]);
			return enqueue(call);
		},
	};
}

/** A writer's count of a session's calls, under the key it is stored at (made once: a key rewritten with every call is hashed once). */
interface Writer {
	key: string;
	calls: number;
}

/** Each session's writer, by session id. */
type Written = Map<string, Writer>;

/** The entries that store calls, with this writer's count of each of their sessions. */
function writeEntries(calls: Indexed[], written: Written, writerId: string): [string, unknown][] {
	const entries = callEntries(calls);
	// A batch holds a few sessions' calls (at most MAX_BATCH), most often one call: a list, not a Set.
	const counted: Writer[] = [];
	for (const { record } of calls) {
		let writer = written.get(record.sessionId);
		if (!writer) written.set(record.sessionId, (writer = { key: keys.writer(record.sessionId, writerId), calls: 0 }));
		writer.calls++;
		if (!counted.includes(writer)) counted.push(writer);
	}
	for (const { key, calls } of counted) entries.push([key, { calls }]);
	return entries;
}

/**
 * Group commit: while one batch is being written, new calls queue and go together in the next.
 * A call recorded alone is written at once; a burst (two tabs, a hundred requests) costs one
 * transaction or round trip per batch instead of one per call. Only for stores with `setMany`.
 */
function groupCommit(writeRecords: (calls: Indexed[]) => Promise<boolean>): (call: Indexed) => Promise<boolean> {
	const queue: { call: Indexed; done: (stored: boolean) => void }[] = [];
	let draining = false;
	async function drain(): Promise<void> {
		draining = true;
		await Promise.resolve(); // calls recorded in the same turn join the first batch
		try {
			while (queue.length) {
				const batch = queue.splice(0, MAX_BATCH);
				const stored = await writeRecords(batch.map((entry) => entry.call)).catch(() => false);
				for (const entry of batch) entry.done(stored);
			}
		} finally {
			draining = false;
		}
	}
	return (call) =>
		new Promise((done) => {
			queue.push({ call, done });
			if (!draining) void drain();
		});
}
