/**
 * Where sessions live. Four async calls over string keys and plain, structured-clonable values:
 * as small as a key-value store can be, so IndexedDB, a Durable Object or a Map can each back it.
 * tokentab writes every call under a key of its own and never rewrites it, so concurrent writers
 * (tabs, requests, isolates) cannot overwrite each other.
 */
export interface Store {
	get<T>(key: string): Promise<T | undefined>;
	set(key: string, value: unknown): Promise<void>;
	/** Every entry whose key starts with `prefix`, sorted by key. */
	list<T>(prefix: string): Promise<[key: string, value: T][]>;
	delete(key: string): Promise<void>;
}
