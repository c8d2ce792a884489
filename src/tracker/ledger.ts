import { TIME_PREFIX, type TimeIndexEntry, timeIndexEntry, timeKey } from '../analytics/time-index';
import { StoreUnavailableError, type StoreUnavailableReason } from '../errors/StoreUnavailableError';
import { applyBudgetOp } from '../model/budget-counter';
import type { BudgetCounter, BudgetOp, BudgetResult } from '../model/budget-counter';
import { memoryStore } from '../stores/memory';
import type { Store } from '../stores/types';
import type { EventListener } from './events';
import { keysUnder } from './orphans';
import type { CallRecord } from '../model/record';
import type { SessionEnd, SessionMeta } from '../model/summary';
import { newId } from '../model/id';
import { within } from '../model/within';

/**
 * The session book kept in a store: a session's start, its end, and one entry per call, each under
 * a key of its own and written once. Keys encode ids, so no id can reach into another's range.
 *
 * - `session/<id>`: the session's start (`SessionMeta`)
 * - `end/<id>`: how it ended (`SessionEnd`); pruning deletes it last, so it doubles as a tombstone
 * - `call/<id>/<endedAt>/<callId>`: one `CallRecord` per call
 * - `lost/<id>/<callId>`: a marker for a call that could not be written, so that any later reader
 *   knows its summary misses a call rather than showing a silently smaller one
 * - `time/<startedAt>/<id>/<callId>`: the call's time-index entry (`TimeIndexEntry`), what reports
 *   read: written in the same batch as the call (and with its lost marker), deleted with it
 * - `writer/<id>/<writerId>`: how many calls of the session a tracker (a tab, an isolate) has
 *   written (`{ calls }`), rewritten in each batch of its calls: a tracker keeping running totals
 *   reads the store only when the others have written calls it has not counted
 */
const enc = encodeURIComponent;
export const keys = {
	sessions: 'session/',
	ends: 'end/',
	session: (id: string) => `session/${enc(id)}`,
	end: (id: string) => `end/${enc(id)}`,
	calls: (id: string) => `call/${enc(id)}/`,
	call: (record: CallRecord) => `call/${enc(record.sessionId)}/${record.endedAt}/${record.id}`,
	lostCalls: (id: string) => `lost/${enc(id)}/`,
	lost: (record: CallRecord) => `lost/${enc(record.sessionId)}/${record.id}`,
	writers: (id: string) => `writer/${enc(id)}/`,
	writer: (id: string, writer: string) => `writer/${enc(id)}/${writer}`,
	times: TIME_PREFIX,
	time: (record: Pick<CallRecord, 'sessionId' | 'startedAt' | 'id'>) => timeKey(record.sessionId, record.startedAt, record.id),
};

/** What a lost-call marker holds: enough to count the call, nothing of its content. */
export interface LostCall {
	id: string;
	endedAt: string;
	/** When the call started: where its time-index entry is, so pruning finds it. */
	startedAt?: string;
	cost?: string;
}

const lostMarker = (record: CallRecord): [string, LostCall] => [keys.lost(record), { id: record.id, endedAt: record.endedAt, startedAt: record.startedAt, ...(record.cost === undefined ? {} : { cost: record.cost }) }];

/** One quiet try: for writes whose failure was announced already, or changes nothing a reader needs. */
const quietly = (work: () => Promise<unknown>, timeoutMs: number) => Promise.resolve().then(() => within(work(), timeoutMs)).then(() => true, () => false);

/** A call with its time-index entry, as written together. */
interface Indexed {
	record: CallRecord;
	time: [key: string, entry: TimeIndexEntry];
}

const indexed = (record: CallRecord, meta: Pick<SessionMeta, 'userId' | 'tags'>): Indexed => ({ record, time: [keys.time(record), timeIndexEntry(record, meta)] });

/** The entries that store calls: each record and its index entry. */
const callEntries = (calls: Indexed[]): [string, unknown][] => calls.flatMap(({ record, time }): [string, unknown][] => [[keys.call(record), record], time]);

export interface RetryOptions {
	/** Tries per store operation, the first included. Default 3. */
	attempts?: number;
	/** Wait before the first retry, doubled before each next one, in ms. Default 50. */
	delayMs?: number;
	/** How long one try may go unanswered before it counts as failed, in ms. Default 10,000. */
	timeoutMs?: number;
}

export interface LedgerOptions {
	emit: EventListener;
	retry?: RetryOptions;
}

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

/** Writes in one batch at most: well under a Durable Object RPC's size limit at ~1 KB a record. */
const MAX_BATCH = 256;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));


function unavailableReason(error: unknown): StoreUnavailableReason | undefined {
	if (error instanceof StoreUnavailableError) return error.reason;
	// A store bundled with another copy of tokentab (another realm, another chunk) throws its own class.
	const candidate = error as { name?: unknown; reason?: unknown } | null;
	if (candidate?.name === 'StoreUnavailableError' && typeof candidate.reason === 'string') return candidate.reason as StoreUnavailableReason;
	return undefined;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function setAll(target: Store, entries: [string, unknown][]): Promise<unknown> {
	if (entries.length === 1) return target.set(entries[0]![0], entries[0]![1]);
	if (target.setMany) return target.setMany(entries);
	return Promise.all(entries.map(([key, value]) => target.set(key, value)));
}

function deleteAll(target: Store, keysToDelete: string[]): Promise<unknown> {
	if (!keysToDelete.length) return Promise.resolve();
	if (target.deleteMany) return target.deleteMany(keysToDelete);
	return Promise.all(keysToDelete.map((key) => target.delete(key)));
}

/**
 * Deletes a session from one store: start first (readers stop seeing it), then each batch's
 * time-index entries before its calls and markers (an interrupted prune leaves calls, which the
 * next prune finds with their index entries, never index entries it could not find), end last (the
 * tombstone).
 */
async function removeSession(target: Store, id: string): Promise<void> {
	await target.delete(keys.session(id));
	const [calls, lost] = await Promise.all([target.list<CallRecord>(keys.calls(id)), target.list<LostCall>(keys.lostCalls(id))]);
	const all: [key: string, time: string | undefined][] = [
		...calls.map(([key, record]): [string, string] => [key, keys.time(record)]),
		...lost.map(([key, marker]): [string, string | undefined] => [key, marker.startedAt && keys.time({ sessionId: id, startedAt: marker.startedAt, id: marker.id })]),
	];
	for (let at = 0; at < all.length; at += MAX_BATCH) {
		const batch = all.slice(at, at + MAX_BATCH);
		await deleteAll(target, [...new Set(batch.flatMap(([, time]) => (time ? [time] : [])))]);
		await deleteAll(target, batch.map(([key]) => key));
	}
	await deleteAll(target, (await target.list(keys.writers(id))).map(([key]) => key));
	await target.delete(keys.end(id));
}

/** The first key after every key that starts with `prefix` (which ends in `/`). */
const after = (prefix: string) => `${prefix.slice(0, -1)}0`;

/**
 * Owns every store read and write. Each operation is retried with backoff; a store that cannot
 * work here (`StoreUnavailableError`) is replaced by memory for the rest of the ledger's life; a
 * call that still cannot be stored is kept in memory, announced (`call.unsaved`), marked in the
 * store when the store takes the marker, and tried again when its session ends.
 */
export function createLedger(store: Store, options: LedgerOptions) {
	const { emit } = options;
	const attempts = Math.max(1, options.retry?.attempts ?? 3);
	const delayMs = Math.max(0, options.retry?.delayMs ?? 50);
	const timeoutMs = Math.max(1, options.retry?.timeoutMs ?? 10_000);
	/** Takes what the store cannot: everything after a fallback, and calls whose writes failed. */
	const memory = memoryStore();
	let readable = true;
	let writable = true;
	let fellBack = false;
	/** Calls this ledger holds that the store does not, by session id. */
	const unsaved = new Map<string, Map<string, Indexed>>();
	/** Session starts whose write failed: written again with the session's unsaved calls. */
	const unsavedStarts = new Map<string, SessionMeta>();
	/** This ledger as a writer of calls (`writer/<id>/<writerId>`), and how many calls of each session it has written. */
	const writerId = newId();
	const written = new Map<string, number>();
	/** The entries that store calls, with this writer's count of each of their sessions. */
	const writeEntries = (calls: Indexed[]): [string, unknown][] => {
		const sessions = new Map<string, number>();
		for (const { record } of calls) sessions.set(record.sessionId, (sessions.get(record.sessionId) ?? 0) + 1);
		const counts = [...sessions].map(([id, added]): [string, unknown] => {
			const calls = (written.get(id) ?? 0) + added;
			written.set(id, calls);
			return [keys.writer(id, writerId), { calls }];
		});
		return [...callEntries(calls), ...counts];
	};

	function fallBack(reason: StoreUnavailableReason, error: unknown): void {
		if (!writable) return;
		writable = false;
		fellBack = true;
		// Out of quota, the store still reads; unavailable, refused or blocked, it does nothing.
		if (reason !== 'quota') readable = false;
		emit({ type: 'store.fallback', reason, error });
	}

	/** Runs `work` on the store with retries and backoff, announcing each failure. Never throws. */
	async function attempt<T>(operation: string, sessionId: string | undefined, work: (store: Store) => Promise<T>): Promise<Outcome<T>> {
		const about = sessionId === undefined ? {} : { sessionId };
		for (let tries = 1; ; tries++) {
			let error: unknown;
			try {
				return { ok: true, value: await within(work(store), timeoutMs) };
			} catch (caught) {
				error = caught;
			}
			const reason = unavailableReason(error);
			if (reason) {
				fallBack(reason, error);
				return { ok: false, error };
			}
			if (tries >= attempts) {
				emit({ type: 'store.error', operation, error, attempts: tries, ...about });
				return { ok: false, error };
			}
			emit({ type: 'store.retry', operation, error, attempt: tries, ...about });
			await sleep(delayMs * 2 ** (tries - 1));
		}
	}

	/** Resolves to true when the entries reached the store; otherwise they are kept in memory. */
	async function write(operation: string, sessionId: string | undefined, entries: [string, unknown][]): Promise<boolean> {
		if (writable && (await attempt(operation, sessionId, (target) => setAll(target, entries))).ok) return true;
		await setAll(memory, entries);
		return false;
	}

	/** Copies the counters a budget change reads from the store into memory, where memory has none. */
	async function seedCounters(op: BudgetOp): Promise<void> {
		for (const key of new Set([...op.read, op.write])) {
			if ((await memory.get(key)) !== undefined) continue;
			const stored = await within(store.get<BudgetCounter>(key), timeoutMs).catch(() => undefined);
			if (stored !== undefined) await memory.setIfAbsent!(key, stored);
		}
	}

	/**
	 * Writes `value` under `key`; `exclusive`, unless the key holds a value already (atomically, where
	 * the store can). Resolves to what the store holds then, or `undefined` when the store did not
	 * take it (it is kept in memory).
	 */
	async function writeOnce<T>(operation: string, sessionId: string, key: string, value: T, exclusive: boolean): Promise<T | undefined> {
		if (!(exclusive && writable && store.setIfAbsent)) return (await write(operation, sessionId, [[key, value]])) ? value : undefined;
		const outcome = await attempt(operation, sessionId, (target) => target.setIfAbsent!(key, value));
		if (outcome.ok) return outcome.value;
		await setAll(memory, [[key, value]]);
		return undefined;
	}

	/** Reads from the store (while it reads) and from memory; `error` when the store could not answer. */
	async function read<T>(operation: string, sessionId: string | undefined, work: (store: Store) => Promise<T>): Promise<{ stored?: T; kept: T; error?: unknown }> {
		const kept = await work(memory);
		if (!readable) return { kept };
		const outcome = await attempt(operation, sessionId, work);
		if (outcome.ok) return { stored: outcome.value, kept };
		if (unavailableReason(outcome.error)) {
			// It cannot even open (out of quota before it had a database, say): there is nothing in it to
			// miss, and memory is the whole truth from now on.
			readable = false;
			return { kept };
		}
		return { kept, error: outcome.error };
	}

	async function list<T>(operation: string, sessionId: string | undefined, prefix: string): Promise<{ entries: [string, T][]; failed: boolean }> {
		const found = await read(operation, sessionId, (target) => target.list<T>(prefix));
		const merged = new Map(found.stored);
		for (const [key, value] of found.kept) if (!merged.has(key)) merged.set(key, value);
		return { entries: [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), failed: 'error' in found };
	}

	async function get<T>(operation: string, sessionId: string, key: string): Promise<{ value?: T; error?: unknown }> {
		const found = await read(operation, sessionId, (target) => target.get<T>(key));
		const value = found.stored ?? found.kept;
		return { ...(value === undefined ? {} : { value }), ...('error' in found ? { error: found.error } : {}) };
	}

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
			if (!session) unsaved.set(record.sessionId, (session = new Map()));
			session.set(record.id, call);
			emit({ type: 'call.unsaved', sessionId: record.sessionId, record, error });
			markers.push(lostMarker(record));
			times.push(call.time);
		}
		// While the store reads it may take small writes, out of quota too: the markers (the smallest
		// entries, and what tells a reader after a reload that calls are missing) first, then the index.
		// One try each, quietly: the failure was announced above, and a store that just failed may well fail again.
		if (!readable) return;
		for (const entries of [markers, times]) await quietly(() => setAll(store, entries), timeoutMs);
	}

	async function writeRecords(calls: Indexed[]): Promise<boolean> {
		const first = calls[0]!.record.sessionId;
		const sessionId = calls.every(({ record }) => record.sessionId === first) ? first : undefined;
		const entries = writeEntries(calls);
		let error: unknown;
		if (writable) {
			// A store that can run out of room takes each call's marker ahead of its record, while small
			// writes still fit: a full store then refuses the record, and the marker left says it is missing.
			const ahead = store.bounded ? calls.map(({ record }) => lostMarker(record)) : undefined;
			if (ahead) await quietly(() => setAll(store, ahead), timeoutMs);
			const outcome = await attempt('record call', sessionId, (target) => setAll(target, entries));
			if (outcome.ok) {
				if (ahead) await quietly(() => deleteAll(store, ahead.map(([key]) => key)), timeoutMs);
				return true;
			}
			error = outcome.error;
		}
		await setAll(memory, entries);
		// Built only here: an Error captures a stack, which costs more than the write it reports.
		await keepUnsaved(calls, error ?? new StoreUnavailableError('unavailable', 'the store fell back to memory'));
		return false;
	}

	// Group commit: while one batch is being written, new calls queue and go together in the next.
	// A call recorded alone is written at once; a burst (two tabs, a hundred requests) costs one
	// transaction or round trip per batch instead of one per call. Only for stores with `setMany`.
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

	async function load(id: string): Promise<StoredSession | undefined> {
		const [meta, end] = await Promise.all([get<SessionMeta>('read session', id, keys.session(id)), get<SessionEnd>('read session end', id, keys.end(id))]);
		if (!meta.value && 'error' in meta) throw meta.error;
		return meta.value && { meta: meta.value, ...(end.value ? { end: end.value } : {}) };
	}

	/** Budget changes on a store without atomic ones run one at a time here: exact within this tracker. */
	let budgetQueue: Promise<unknown> = Promise.resolve();

	return {
		/** The session's start and end, or `undefined` when no store has it. Throws the store's error when it cannot be read. */
		load,

		/**
		 * A budget change: atomic in the store where it can be (memory, IndexedDB, Durable Object), one
		 * at a time in this ledger where it cannot. Not retried (a settle that landed but whose answer
		 * was lost must not count twice); `undefined` when the store failed, which lets the call through.
		 */
		async budget(op: BudgetOp): Promise<BudgetResult | undefined> {
			const target = writable ? store : memory;
			try {
				// Out of quota, the store still reads: counting goes on in memory from what it had spent.
				if (!writable && readable) await seedCounters(op);
				if (target.budget) return await within(target.budget(op), timeoutMs);
				const run = budgetQueue.then(async () => {
					const keys = [...new Set([...op.read, op.write])];
					const counters = new Map(await Promise.all(keys.map(async (key) => [key, await target.get<BudgetCounter>(key)] as const)));
					const { result, write } = applyBudgetOp((key) => counters.get(key), op);
					if (write) await target.set(op.write, write);
					return result;
				});
				budgetQueue = run.catch(() => undefined);
				return await within(run, timeoutMs);
			} catch (error) {
				const reason = unavailableReason(error);
				if (reason) fallBack(reason, error);
				else emit({ type: 'store.error', operation: 'budget', error, attempts: 1 });
				return undefined;
			}
		},

		/** Resolves to true when the session's start reached the store. */
		/**
		 * Writes a session's start; `exclusive`, unless one is stored already (atomically, where the
		 * store can). Resolves to the start the session has: `meta`, or another tracker's that came first.
		 */
		async start(meta: SessionMeta, exclusive: boolean): Promise<SessionMeta> {
			const stored = await writeOnce('start session', meta.id, keys.session(meta.id), meta, exclusive);
			if (!stored) unsavedStarts.set(meta.id, meta);
			return stored ?? meta;
		},

		/** Resolves to true when the record (and its time-index entry, from the session's user and tags) reached the store. Never rejects. */
		append(record: CallRecord, meta: Pick<SessionMeta, 'userId' | 'tags'>, alone = false): Promise<boolean> {
			const call = indexed(record, meta);
			if (alone || !store.setMany || !writable) return writeRecords([call]);
			return new Promise((done) => {
				queue.push({ call, done });
				if (!draining) void drain();
			});
		},

		/** The session's calls as stored (store and memory), with markers of calls others could not store. */
		async calls(id: string): Promise<StoredCalls> {
			const [records, lost] = await Promise.all([list<CallRecord>('list calls', id, keys.calls(id)), list<LostCall>('list unsaved calls', id, keys.lostCalls(id))]);
			return { records: records.entries.map(([, record]) => record), lost: lost.entries.map(([, marker]) => marker), failed: records.failed || lost.failed };
		},

		/** This ledger's id as a writer of calls. */
		writerId,

		/** Whether the store was given up for memory: what it held may be gone (site data cleared), so totals are read again. */
		get fellBack() {
			return fellBack;
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

		/** Ids of this ledger's calls of the session that are only in memory. */
		unsaved: (id: string): ReadonlySet<string> => new Set(unsaved.get(id)?.keys()),

		/** Tries once more (with retries) to store the session's unsaved calls, while the store takes writes. */
		async flush(id: string): Promise<void> {
			if (!writable) return;
			const meta = unsavedStarts.get(id);
			if (meta && (await attempt('start session', id, (target) => target.set(keys.session(id), meta))).ok) unsavedStarts.delete(id);
			const pending = unsaved.get(id);
			if (!pending?.size) return;
			const calls = [...pending.values()];
			const outcome = await attempt('record call', id, (target) => setAll(target, [...callEntries(calls), [keys.writer(id, writerId), { calls: written.get(id) ?? calls.length }]]));
			if (!outcome.ok) return;
			for (const { record } of calls) pending.delete(record.id);
			await attempt('clear unsaved markers', id, (target) => deleteAll(target, calls.map(({ record }) => keys.lost(record))));
		},

		async readEnd(id: string): Promise<SessionEnd | undefined> {
			return (await get<SessionEnd>('read session end', id, keys.end(id))).value;
		},

		/**
		 * Writes a session's end unless one is stored already (atomically, where the store can), and
		 * resolves to the end the session has: `end`, or the one another tracker wrote first.
		 */
		async writeEnd(id: string, end: SessionEnd): Promise<SessionEnd> {
			return (await writeOnce('end session', id, keys.end(id), end, true)) ?? end;
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
			const found = await read('read session ends', undefined, (target) =>
				target.getMany ? target.getMany<SessionEnd>(endKeys) : Promise.all(endKeys.map((key) => target.get<SessionEnd>(key))),
			);
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

		/** Deletes a session everywhere. Resolves to false when the store failed part way (pruning again finishes). */
		async remove(id: string): Promise<boolean> {
			unsaved.delete(id);
			await removeSession(memory, id);
			if (!readable) return true; // nothing of it was ever stored elsewhere
			return (await attempt('prune session', id, (target) => removeSession(target, id))).ok;
		},

		/** Writes an imported session: its start and end unless already there, and every call with its time-index entry (same keys, same values). */
		async import(session: StoredSession, records: CallRecord[], lost: LostCall[] = []): Promise<boolean> {
			const id = session.meta.id;
			const existing = await load(id);
			/** Entries that go in one batch: a call and its index entry are never apart. */
			const units: [string, unknown][][] = [];
			if (!existing) units.push([[keys.session(id), session.meta]]);
			if (session.end && !existing?.end) units.push([[keys.end(id), session.end]]);
			// Indexed under the session's user and tags as stored, when it was there already.
			const meta = existing?.meta ?? session.meta;
			for (const record of records) units.push(callEntries([indexed(record, meta)]));
			// As a writer of its own (the same each time: importing twice changes nothing): a tracker holding the session's totals sees calls it has not counted.
			units.push([[keys.writer(id, 'import'), { calls: records.length }]]);
			// Calls the exporting side knew were missing stay known as missing here.
			for (const marker of lost) units.push([[`${keys.lostCalls(id)}${marker.id}`, marker]]);
			let stored = true;
			let batch: [string, unknown][] = [];
			for (const unit of units) {
				if (batch.length + unit.length > MAX_BATCH) {
					stored = (await write('import session', id, batch)) && stored;
					batch = [];
				}
				batch.push(...unit);
			}
			if (batch.length) stored = (await write('import session', id, batch)) && stored;
			return stored;
		},
	};
}

export type Ledger = ReturnType<typeof createLedger>;
