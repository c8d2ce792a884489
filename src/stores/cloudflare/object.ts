import { DurableObject } from 'cloudflare:workers';
import { applyBudgetOp } from '../../model/budget-counter';
import type { BudgetCounter, BudgetOp, BudgetResult } from '../../model/budget-counter';

/**
 * The Durable Object that keeps tokentab's sessions in a Worker: bind it in your wrangler config,
 * export it from your Worker's entry module, and give `durableObjectStore(env.TOKENTAB)` to the
 * tracker. It is a plain key-value store over the object's SQLite storage; every method runs
 * synchronously on that storage, so each is atomic, and Cloudflare runs one instance per name
 * worldwide, so every isolate and location sees the same sessions.
 *
 * @example
 * // worker.ts
 * export { TokentabDurableObject } from 'tokentab/cloudflare';
 * // wrangler.jsonc
 * // "durable_objects": { "bindings": [{ "name": "TOKENTAB", "class_name": "TokentabDurableObject" }] },
 * // "migrations": [{ "tag": "tokentab-v1", "new_sqlite_classes": ["TokentabDurableObject"] }]
 */
export class TokentabDurableObject<Env = unknown> extends DurableObject<Env> {
	getEntry(key: string): unknown {
		return this.ctx.storage.kv.get(key);
	}

	/** Several keys' values, in their order (`undefined` for a missing one). */
	getEntries(keys: string[]): unknown[] {
		const { kv } = this.ctx.storage;
		return keys.map((key) => kv.get(key));
	}

	putEntry(key: string, value: unknown): void {
		this.ctx.storage.kv.put(key, value);
	}

	/** `value` under `key` unless the key holds one already (one synchronous step); what the key holds then. */
	putEntryIfAbsent(key: string, value: unknown): unknown {
		const { kv } = this.ctx.storage;
		const held = kv.get(key);
		if (held !== undefined) return held;
		kv.put(key, value);
		return value;
	}

	/** All or nothing, in one storage transaction. */
	putEntries(entries: [string, unknown][]): void {
		const { kv } = this.ctx.storage;
		this.ctx.storage.transactionSync(() => {
			for (const [key, value] of entries) kv.put(key, value);
		});
	}

	/** Entries whose key starts with `prefix`, sorted by key; a page when given where to start after and a `limit`. */
	listEntries(prefix: string, startAfter?: string, limit?: number): [string, unknown][] {
		return [...this.ctx.storage.kv.list({ prefix, ...(startAfter === undefined ? {} : { startAfter }), ...(limit === undefined ? {} : { limit }) })];
	}

	/** Entries whose key is in [`start`, `end`), sorted by key, `limit` at most (a page: one RPC stays well under its size limit). */
	listRange(start: string, end: string, limit?: number): [string, unknown][] {
		return [...this.ctx.storage.kv.list({ start, end, ...(limit === undefined ? {} : { limit }) })];
	}

	deleteEntry(key: string): void {
		this.ctx.storage.kv.delete(key);
	}

	/** A budget change, read and written in one synchronous step: every isolate's calls queue here. */
	applyBudget(op: BudgetOp): BudgetResult {
		const { kv } = this.ctx.storage;
		const { result, write } = applyBudgetOp((key) => kv.get<BudgetCounter>(key), op);
		if (write) kv.put(op.write, write);
		return result;
	}

	deleteEntries(keys: string[]): void {
		const { kv } = this.ctx.storage;
		this.ctx.storage.transactionSync(() => {
			for (const key of keys) kv.delete(key);
		});
	}
}
