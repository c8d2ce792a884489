import type { BudgetCounter } from '../model/budget-counter';
import { lazy } from '../model/lazy';
import type { Store } from './types';

/** `kind/<id>/`: a key's first two path segments, where tokentab groups a session's calls (`call/<session>/`). */
function groupOf(key: string): string | undefined {
	const second = key.indexOf('/', key.indexOf('/') + 1);
	return second === -1 ? undefined : key.slice(0, second + 1);
}

/**
 * The group a key is indexed under as it is written: its first two path segments, except for
 * time-index keys (`time/<startedAt>/…`, a group per call), which are read by range, never by group.
 */
function indexed(key: string): string | undefined {
	return key.startsWith('time/') ? undefined : groupOf(key);
}

/** Budget changes' code, loaded with the first budget change: a tracker without budgets never loads it. */
const budgetCode = lazy(() => import('../model/budget-counter'));

/** The time index's key space: `time/…` keys sort between these two (`0` follows `/`). */
const TIME_START = 'time/';
const TIME_END = 'time0';

type Entry = [key: string, value: unknown];

/**
 * The time index's entries in key order, for ranges read by binary search: reports read a range of
 * it, never the whole map, and get its entries as they are kept (no lookup per key). Keys arrive
 * nearly in order (calls are recorded as they end), so entries are appended and sorted only when a
 * range is read after one arrived out of order. An entry rewritten or deleted is replaced: the one
 * kept is the one `current` holds, and the others are dropped when a range is next read.
 */
function timeIndex() {
	let entries: Entry[] = [];
	const current = new Map<string, Entry>();
	let sorted = true;
	let stale = false;
	const lowerBound = (key: string) => {
		let low = 0;
		let high = entries.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (entries[middle]![0] < key) low = middle + 1;
			else high = middle;
		}
		return low;
	};
	return {
		set(key: string, value: unknown) {
			const entry: Entry = [key, value];
			if (current.has(key)) stale = true;
			if (entries.length && entries[entries.length - 1]![0] >= key) sorted = false;
			current.set(key, entry);
			entries.push(entry);
		},
		delete(key: string) {
			if (current.delete(key)) stale = true;
		},
		/** The entries with keys in [`start`, `end`), in order: the ones kept, shared (readers only read them). */
		range(start: string, end: string): Entry[] {
			if (stale) entries = entries.filter((entry) => current.get(entry[0]) === entry);
			if (!sorted) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // code-unit order, as `<` compares
			sorted = true;
			stale = false;
			return entries.slice(lowerBound(start), lowerBound(end));
		},
	};
}

/** A memory store's reads and writes as plain functions: done in the same turn, they cannot hang. */
export interface InMemory {
	read: (key: string) => unknown;
	write: (entries: Iterable<[string, unknown]>) => void;
}

/** Stores made by `memoryStore()`, each with its plain reads and writes. */
const inMemory = new WeakMap<Store, InMemory>();

/**
 * A memory store's reads and writes, done before they return (no promise to wait for); `undefined`
 * for any other store. The ledger writes to a memory store without timeouts, retries or batching,
 * and changes its budgets in the turn a call asks.
 */
export const memoryAccess = (store: Store): InMemory | undefined => inMemory.get(store);

/**
 * A store in this process's memory: the default. It lasts as long as the tracker does. Keys are
 * indexed by their first two path segments as they are written (one session's calls,
 * `call/<session>/`): listing a session's calls, markers or writers reads that session's keys, not
 * every key of every session.
 */
export function memoryStore(): Store {
	const map = new Map<string, unknown>();
	const groups = new Map<string, Set<string>>();
	const times = timeIndex();
	const sorted = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const scan = <T>(keep: (key: string) => boolean, keys: Iterable<string> = map.keys()) => {
		const entries: [string, T][] = [];
		for (const key of keys) if (keep(key)) entries.push([key, map.get(key) as T]);
		return sorted(entries);
	};
	const put = (key: string, value: unknown) => {
		// Time-index keys are read by range, never by group: the index keeps them in order.
		if (key.startsWith(TIME_START)) times.set(key, value);
		else if (!map.has(key)) {
			const group = groupOf(key);
			if (group !== undefined) {
				let members = groups.get(group);
				if (!members) groups.set(group, (members = new Set()));
				members.add(key);
			}
		}
		map.set(key, value);
	};
	const putAll = (entries: Iterable<[string, unknown]>) => {
		for (const [key, value] of entries) put(key, value);
	};
	const remove = (key: string) => {
		if (!map.delete(key)) return;
		if (key.startsWith(TIME_START)) times.delete(key);
		const group = indexed(key);
		const members = group === undefined ? undefined : groups.get(group);
		if (members?.delete(key) && !members.size) groups.delete(group!);
	};
	const store: Store = {
		async get<T>(key: string) {
			return map.get(key) as T | undefined;
		},
		async getMany<T>(keys: string[]) {
			return keys.map((key) => map.get(key) as T | undefined);
		},
		async set(key, value) {
			put(key, value);
		},
		async setMany(entries) {
			putAll(entries);
		},
		async list<T>(prefix: string) {
			if (indexed(prefix) !== prefix) return scan<T>((key) => key.startsWith(prefix));
			return scan<T>(() => true, groups.get(prefix) ?? []);
		},
		async listRange<T>(start: string, end: string) {
			if (start < TIME_START || end > TIME_END) return scan<T>((key) => key >= start && key < end);
			return times.range(start, end) as [string, T][];
		},
		async delete(key) {
			remove(key);
		},
		async setIfAbsent<T>(key: string, value: T) {
			if (!map.has(key)) put(key, value);
			return map.get(key) as T;
		},
		// One synchronous step: nothing else runs between the read and the write.
		async budget(op) {
			// Loaded with the first budget change; the read and the write below stay one synchronous step.
			const { applyBudgetOp } = await budgetCode();
			const { result, write } = applyBudgetOp((key) => map.get(key) as BudgetCounter | undefined, op);
			if (write) put(op.write, write);
			return result;
		},
	};
	inMemory.set(store, { read: (key) => map.get(key), write: putAll });
	return store;
}
