import type { StoreUnavailableReason } from '../../errors/StoreUnavailableError';
import { within } from '../../model/within';
import { memoryAccess, memoryStore } from '../../stores/memory';
import type { Store } from '../../stores/types';
import type { EventListener } from '../events';
import { setAll, unavailableReason } from './store-ops';

export interface RetryOptions {
	/** Tries per store operation, the first included. Default 3. */
	attempts?: number;
	/** Wait before the first retry, doubled before each next one, in ms. Default 50. */
	delayMs?: number;
	/** How long one try may go unanswered before it counts as failed, in ms. Default 10,000. */
	timeoutMs?: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** What a read gives: the store's answer while it reads, what memory keeps, and `error` when the store could not answer. */
export interface Read<T> {
	stored?: T;
	kept: T;
	error?: unknown;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The store as the ledger uses it: every operation retried with backoff and a timeout, each failure
 * announced; a store that cannot work here (`StoreUnavailableError`) is given up for memory for the
 * rest of the ledger's life (out of quota, it still reads).
 */
export function storeAccess(store: Store, emit: EventListener, retry: RetryOptions = {}) {
	const attempts = Math.max(1, retry.attempts ?? 3);
	const delayMs = Math.max(0, retry.delayMs ?? 50);
	const timeoutMs = Math.max(1, retry.timeoutMs ?? 10_000);
	/** A store's answer, or a failure once `timeoutMs` pass without one; a memory store answers at once, so it gets no timer. */
	const timed: <T>(work: Promise<T>) => Promise<T> = memoryAccess(store) ? (work) => work : (work) => within(work, timeoutMs);
	/** Takes what the store cannot: everything after a fallback, and calls whose writes failed. */
	const memory = memoryStore();
	const state = { readable: true, writable: true, fellBack: false };

	function fallBack(reason: StoreUnavailableReason, error: unknown): void {
		if (!state.writable) return;
		state.writable = false;
		state.fellBack = true;
		// Out of quota, the store still reads; unavailable, refused or blocked, it does nothing.
		if (reason !== 'quota') state.readable = false;
		emit({ type: 'store.fallback', reason, error });
	}

	/** Runs `work` on the store with retries and backoff, announcing each failure. Never throws. */
	async function attempt<T>(operation: string, sessionId: string | undefined, work: (store: Store) => Promise<T>): Promise<Outcome<T>> {
		const about = sessionId === undefined ? {} : { sessionId };
		for (let tries = 1; ; tries++) {
			let error: unknown;
			try {
				return { ok: true, value: await timed(work(store)) };
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
		if (state.writable && (await attempt(operation, sessionId, (target) => setAll(target, entries))).ok) return true;
		await setAll(memory, entries);
		return false;
	}

	/**
	 * Writes `value` under `key`; `exclusive`, unless the key holds a value already (atomically, where
	 * the store can). Resolves to what the store holds then, or `undefined` when the store did not
	 * take it (it is kept in memory).
	 */
	async function writeOnce<T>(operation: string, sessionId: string, key: string, value: T, exclusive: boolean): Promise<T | undefined> {
		if (!(exclusive && state.writable && store.setIfAbsent)) return (await write(operation, sessionId, [[key, value]])) ? value : undefined;
		const outcome = await attempt(operation, sessionId, (target) => target.setIfAbsent!(key, value));
		if (outcome.ok) return outcome.value;
		await setAll(memory, [[key, value]]);
		return undefined;
	}

	/** Reads from the store (while it reads) and from memory. */
	async function read<T>(operation: string, sessionId: string | undefined, work: (store: Store) => Promise<T>): Promise<Read<T>> {
		const kept = await work(memory);
		if (!state.readable) return { kept };
		const outcome = await attempt(operation, sessionId, work);
		if (outcome.ok) return { stored: outcome.value, kept };
		if (unavailableReason(outcome.error)) {
			// It cannot even open (out of quota before it had a database, say): there is nothing in it to
			// miss, and memory is the whole truth from now on.
			state.readable = false;
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

	return { store, memory, state, timed, fallBack, attempt, write, writeOnce, read, list, get };
}

export type StoreAccess = ReturnType<typeof storeAccess>;
