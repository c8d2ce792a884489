import { crossedThresholds } from '../model/budget-counter';
import { fixed, plus, toDecimal } from '../model/fixed';
import type { BudgetOp, BudgetResult } from '../model/budget-counter';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import { BUDGET, DELETE_ENTRIES, SET_ENTRIES, SET_IF_ABSENT } from './redis-scripts';
import type { Store } from './types';

const utf8 = new TextDecoder();

/**
 * The one method tokentab needs of a Redis client: send a command, get its reply. node-redis (`redis`
 * v5, v6) has it as is: `redisStore(createClient())`. For ioredis: `{ sendCommand: ([name, ...args]) => client.call(name, ...args) }`.
 */
export interface RedisCommander {
	sendCommand(args: string[]): Promise<unknown>;
}

export interface RedisStoreOptions {
	/** Prefix of every key tokentab writes. Default `'tokentab:'`. On Redis Cluster, put a hash tag in it (`'{tokentab}:'`): the scripts touch several keys. */
	prefix?: string;
	/** Keys read per listing round trip. Default 500. */
	pageSize?: number;
}

/** Fixed-precision decimal string of an amount (no exponent), as the budget script reads it. */
const plain = (amount: string): string => toDecimal(fixed(amount));

// Replies are text (node-redis, ioredis), or bytes from a client set to return buffers.
function parse<T>(raw: unknown): T | undefined {
	if (raw === null || raw === undefined) return undefined;
	if (typeof raw === 'string') return JSON.parse(raw) as T;
	if (raw instanceof Uint8Array) return JSON.parse(utf8.decode(raw)) as T;
	throw new TypeError(`the Redis client replied with ${typeof raw}, not text`);
}

/** Runs a Lua script by EVALSHA, loading it the first time and again after a server restart (NOSCRIPT). */
function scriptRunner(send: (args: string[]) => Promise<unknown>): (script: string, keys: string[], args: string[]) => Promise<unknown> {
	const shas = new Map<string, string>();
	return async (script, keys, args) => {
		let sha = shas.get(script);
		if (sha) {
			try {
				return await send(['EVALSHA', sha, String(keys.length), ...keys, ...args]);
			} catch (error) {
				if (!String((error as Error)?.message ?? error).includes('NOSCRIPT')) throw error;
			}
		}
		sha = String(await send(['SCRIPT', 'LOAD', script]));
		shas.set(script, sha);
		return send(['EVALSHA', sha, String(keys.length), ...keys, ...args]);
	};
}

/**
 * A store on a Redis server, for Node, Deno and Bun servers: sessions outlive a restart, and several
 * instances share them and their budgets. Records are written once under keys of their own (an
 * index, a sorted set, lists them in key order); budget changes run in one Lua script each, so
 * processes sharing the server cannot overshoot a budget together. Values are JSON.
 *
 * @example
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const tracker = createTracker({ store: redisStore(client) });
 */
export function redisStore(client: RedisCommander, options: RedisStoreOptions = {}): Store {
	if (typeof client?.sendCommand !== 'function') throw new InvalidArgumentError('redisStore() needs a Redis client with sendCommand (node-redis), or an object that has one');
	const prefix = options.prefix ?? 'tokentab:';
	const pageSize = options.pageSize ?? 500;
	const index = `${prefix}index`;
	const full = (key: string) => `${prefix}key:${key}`;
	const send = (args: string[]) => client.sendCommand(args);
	const run = scriptRunner(send);

	async function getMany<T>(keys: string[]): Promise<(T | undefined)[]> {
		if (!keys.length) return [];
		const values = (await send(['MGET', ...keys.map(full)])) as unknown[];
		return values.map((value) => parse<T>(value));
	}

	/**
	 * Index entries in (`min`, `max`) (ZRANGEBYLEX bounds) while `keep` holds, page by page, each page
	 * going on after the last key read: keys written meanwhile neither repeat nor shift the pages.
	 */
	async function scan<T>(min: string, max: string, keep: (key: string) => boolean): Promise<[string, T][]> {
		const entries: [string, T][] = [];
		for (let from = min; ; ) {
			const keys = ((await send(['ZRANGEBYLEX', index, from, max, 'LIMIT', '0', String(pageSize)])) as unknown[]).map(String);
			const kept = keys.filter(keep);
			const values = await getMany<T>(kept);
			// A key listed but deleted since has no value: it is not there.
			kept.forEach((key, i) => values[i] !== undefined && entries.push([key, values[i]!]));
			if (keys.length < pageSize || kept.length < keys.length) return entries;
			from = `(${keys.at(-1)}`;
		}
	}

	return {
		async get<T>(key: string) {
			return parse<T>(await send(['GET', full(key)]));
		},
		getMany,
		async set(key, value) {
			await run(SET_ENTRIES, [index, full(key)], [key, JSON.stringify(value)]);
		},
		async setMany(entries) {
			if (entries.length)
				await run(
					SET_ENTRIES,
					[index, ...entries.map(([key]) => full(key))],
					entries.flatMap(([key, value]) => [key, JSON.stringify(value)]),
				);
		},
		list<T>(start: string) {
			return scan<T>(`[${start}`, '+', (key) => key.startsWith(start));
		},
		listRange<T>(start: string, end: string) {
			return start < end ? scan<T>(`[${start}`, `(${end}`, () => true) : Promise.resolve([]);
		},
		async delete(key) {
			await run(DELETE_ENTRIES, [index, full(key)], [key]);
		},
		async deleteMany(keys) {
			if (keys.length) await run(DELETE_ENTRIES, [index, ...keys.map(full)], keys);
		},
		async setIfAbsent<T>(key: string, value: T) {
			return parse<T>(await run(SET_IF_ABSENT, [index, full(key)], [key, JSON.stringify(value)])) as T;
		},
		budget: (op) => budget(op),
	};

	async function budget(op: BudgetOp): Promise<BudgetResult> {
		const args = [
			op.write,
			plain(op.limit),
			String(op.now),
			String(op.holdMs),
			op.reserve?.id ?? '',
			op.reserve ? plain(op.reserve.amount) : '',
			op.settle?.id ?? '',
			op.settle ? plain(op.settle.amount) : '',
		];
		const [ok, spent, held] = (await run(BUDGET, [index, full(op.write), ...op.read.map(full)], args)) as [number, string, string];
		const result: BudgetResult = { ok: Number(ok) === 1, spent: String(spent), held: String(held), fired: [] };
		// Thresholds crossed as settled spending climbs past them, by the same rule as every store's.
		if (result.ok && op.settle) {
			const spent = fixed(result.spent);
			result.fired = crossedThresholds(op, spent, plus(spent, fixed(op.settle.amount)));
		}
		return result;
	}
}
