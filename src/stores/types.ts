import type { BudgetOp, BudgetResult } from '../model/budget-counter';

/**
 * Where sessions live. Four async calls over string keys and plain, structured-clonable values:
 * as small as a key-value store can be, so IndexedDB, a Durable Object or a Map can each back it.
 * tokentab writes every call under a key of its own and never rewrites it, so concurrent writers
 * (tabs, requests, isolates) cannot overwrite each other.
 *
 * Errors: throw `StoreUnavailableError` when the store cannot work in this context at all (no
 * IndexedDB, refused, blocked, out of quota): the tracker then falls back to memory and says so.
 * Any other error is treated as transient and the operation is retried.
 */
export interface Store {
	get<T>(key: string): Promise<T | undefined>;
	/** Optional: several keys in one go (one IndexedDB transaction, one Durable Object round trip), in their order. */
	getMany?<T>(keys: string[]): Promise<(T | undefined)[]>;
	set(key: string, value: unknown): Promise<void>;
	/** Every entry whose key starts with `prefix`, sorted by key. */
	list<T>(prefix: string): Promise<[key: string, value: T][]>;
	/**
	 * Optional: every entry whose key is in [`start`, `end`), sorted by key, read as one range (an
	 * IndexedDB key range, a Durable Object `list({ start, end })`). Reports read their time range
	 * with it; without it they read `list('time/')` and keep the range.
	 */
	listRange?<T>(start: string, end: string): Promise<[key: string, value: T][]>;
	delete(key: string): Promise<void>;
	/**
	 * Optional: writes several entries in one go (one IndexedDB transaction, one Durable Object
	 * round trip). When present, calls recorded while a write is in flight are written together.
	 */
	setMany?(entries: [key: string, value: unknown][]): Promise<void>;
	/**
	 * Optional: writes `value` under `key` unless the key holds a value already, in one atomic step,
	 * and resolves to what the key holds then (`value`, or the one that was there). With it, two tabs
	 * or isolates ending one session at once agree on how it ended; without it, the last write wins.
	 */
	setIfAbsent?<T>(key: string, value: T): Promise<T>;
	/** Optional: deletes several keys in one go (used when pruning). */
	deleteMany?(keys: string[]): Promise<void>;
	/**
	 * Optional: applies a budget change atomically (`applyBudgetOp` inside one IndexedDB transaction,
	 * one Durable Object call). With it, tabs and isolates sharing the store cannot overshoot a
	 * budget together; without it, budgets are exact within one tracker only.
	 */
	budget?(op: BudgetOp): Promise<BudgetResult>;
	/**
	 * Optional: the store can run out of room (a browser's quota). Each call's lost-call marker is then
	 * written ahead of its record and deleted after it, so a record a full store refuses leaves a trace.
	 */
	readonly bounded?: boolean;
	/** Optional: the keys under `prefix`, sorted, without their values (the orphan sweep reads only keys). */
	keys?(prefix: string): Promise<string[]>;
}
