import type { BudgetOp, BudgetResult } from '../../budgets/types';
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
	putEntries(entries: [string, unknown][]): Promise<void>;
	listEntries(prefix: string): Promise<[string, unknown][]>;
	listRange(start: string, end: string, limit?: number): Promise<[string, unknown][]>;
	deleteEntry(key: string): Promise<void>;
	deleteEntries(keys: string[]): Promise<void>;
	applyBudget(op: BudgetOp): Promise<BudgetResult>;
}

/**
 * A store in a `TokentabDurableObject`, reached by RPC from any Worker, isolate or location. All
 * sessions of one `name` live in one object: name it per user or per tenant (`durableObjectStore(
 * env.TOKENTAB, userId)`) to spread the load; one object takes on the order of a thousand writes a
 * second, and calls recorded together go in one round trip.
 *
 * A stub that failed (the object was reset, evicted mid-call, or its isolate restarted) is replaced
 * by a fresh one before the tracker retries, as Cloudflare advises.
 *
 * @example
 * import { createTracker } from 'tokentab';
 * import { durableObjectStore } from 'tokentab/cloudflare';
 * const tracker = createTracker({ store: durableObjectStore(env.TOKENTAB), waitUntil: (p) => ctx.waitUntil(p) });
 */
export function durableObjectStore(namespace: DurableObjectNamespaceLike, name = 'tokentab'): Store {
	let stub: TokentabRpc | undefined;

	async function call<T>(work: (target: TokentabRpc) => Promise<T>): Promise<T> {
		const target = (stub ??= namespace.get(namespace.idFromName(name)) as TokentabRpc);
		try {
			return await work(target);
		} catch (error) {
			if (stub === target) stub = undefined;
			throw error;
		}
	}

	return {
		get: <T>(key: string) => call((target) => target.getEntry(key) as Promise<T | undefined>),
		async getMany<T>(keys: string[]) {
			const values: (T | undefined)[] = [];
			for (let at = 0; at < keys.length; at += RANGE_PAGE) values.push(...((await call((target) => target.getEntries(keys.slice(at, at + RANGE_PAGE)))) as (T | undefined)[]));
			return values;
		},
		set: (key, value) => call((target) => target.putEntry(key, value)),
		setMany: (entries) => call((target) => target.putEntries(entries)),
		list: <T>(prefix: string) => call((target) => target.listEntries(prefix) as Promise<[string, T][]>),
		async listRange<T>(start: string, end: string) {
			// Page by page: a report over a long range would not fit in one RPC's message.
			const entries: [string, T][] = [];
			for (let from = start; from < end; ) {
				const page = (await call((target) => target.listRange(from, end, RANGE_PAGE))) as [string, T][];
				for (const entry of page) entries.push(entry);
				if (page.length < RANGE_PAGE) break;
				from = `${page[page.length - 1]![0]}\u0000`; // just after the last key read
			}
			return entries;
		},
		delete: (key) => call((target) => target.deleteEntry(key)),
		deleteMany: (keys) => call((target) => target.deleteEntries(keys)),
		budget: (op) => call((target) => target.applyBudget(op)),
	};
}
