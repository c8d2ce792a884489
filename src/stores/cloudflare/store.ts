import type { BudgetOp, BudgetResult } from '../../model/budget-counter';
import type { Store } from '../types';

/** Entries per RPC when reading a key range or many keys: at a few hundred bytes an entry, about a megabyte. */
const RANGE_PAGE = 4096;

/** What `durableObjectStore` needs of a Durable Object namespace binding (`env.TOKENTAB`). */
export interface DurableObjectNamespaceLike {
	idFromName(name: string): unknown;
	get(id: unknown): unknown;
}

/** The RPC methods of `TokentabDurableObject`, as a stub exposes them. */
interface TokentabRpc {
	getEntry(key: string): Promise<unknown>;
	getEntries(keys: string[]): Promise<unknown[]>;
	putEntry(key: string, value: unknown): Promise<void>;
	putEntryIfAbsent(key: string, value: unknown): Promise<unknown>;
	putEntries(entries: [string, unknown][]): Promise<void>;
	listEntries(prefix: string, startAfter?: string, limit?: number): Promise<[string, unknown][]>;
	listRange(start: string, end: string, limit?: number): Promise<[string, unknown][]>;
	deleteEntry(key: string): Promise<void>;
	deleteEntries(keys: string[]): Promise<void>;
	applyBudget(op: BudgetOp): Promise<BudgetResult>;
}

/** Reads page after page, RANGE_PAGE entries at most each, every page starting after the last key of the one before. */
async function pages<T>(read: (after: string | undefined) => Promise<[string, unknown][]>): Promise<[string, T][]> {
	const entries: [string, T][] = [];
	for (let after: string | undefined; ; ) {
		const page = (await read(after)) as [string, T][];
		for (const entry of page) entries.push(entry);
		if (page.length < RANGE_PAGE) return entries;
		after = page[page.length - 1]![0];
	}
}

/**
 * A store in a `TokentabDurableObject`, reached by RPC from any Worker, isolate or location. All
 * sessions of one `name` live in one object: name it per user or per tenant (`durableObjectStore(
 * env.TOKENTAB, userId)`) to spread the load; one object takes on the order of a thousand writes a
 * second, and calls recorded together go in one round trip.
 *
 * Each operation gets a fresh stub (cheap: no round trip): a stub belongs to the request that made
 * it, so one kept for a tracker that lives across requests would fail in the next; and a stub that
 * failed (the object was reset or evicted) is never used again, as Cloudflare advises.
 *
 * @example
 * import { createTracker } from 'tokentab';
 * import { durableObjectStore } from 'tokentab/cloudflare';
 * const tracker = createTracker({ store: durableObjectStore(env.TOKENTAB), waitUntil: (p) => ctx.waitUntil(p) });
 */
export function durableObjectStore(namespace: DurableObjectNamespaceLike, name = 'tokentab'): Store {
	const call = <T>(work: (target: TokentabRpc) => Promise<T>): Promise<T> => work(namespace.get(namespace.idFromName(name)) as TokentabRpc);

	return {
		get: <T>(key: string) => call((target) => target.getEntry(key) as Promise<T | undefined>),
		async getMany<T>(keys: string[]) {
			const values: (T | undefined)[] = [];
			for (let at = 0; at < keys.length; at += RANGE_PAGE) values.push(...((await call((target) => target.getEntries(keys.slice(at, at + RANGE_PAGE)))) as (T | undefined)[]));
			return values;
		},
		set: (key, value) => call((target) => target.putEntry(key, value)),
		setIfAbsent: <T>(key: string, value: T) => call((target) => target.putEntryIfAbsent(key, value) as Promise<T>),
		setMany: (entries) => call((target) => target.putEntries(entries)),
		// Page by page: a long session or a report over a long range would not fit in one RPC's message.
		list: <T>(prefix: string) => pages<T>((after) => call((target) => target.listEntries(prefix, after, RANGE_PAGE))),
		listRange: <T>(start: string, end: string) =>
			start < end ? pages<T>((after) => call((target) => target.listRange(after === undefined ? start : `${after}\u0000`, end, RANGE_PAGE))) : Promise.resolve([]),
		delete: (key) => call((target) => target.deleteEntry(key)),
		deleteMany: (keys) => call((target) => target.deleteEntries(keys)),
		budget: (op) => call((target) => target.applyBudget(op)),
	};
}
