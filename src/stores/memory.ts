import { applyBudgetOp } from '../budgets/apply';
import type { BudgetCounter } from '../budgets/types';
import type { Store } from './types';

/** A store in this process's memory: the default. It lasts as long as the tracker does. */
export function memoryStore(): Store {
	const map = new Map<string, unknown>();
	const sorted = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return {
		async get<T>(key: string) {
			return map.get(key) as T | undefined;
		},
		async getMany<T>(keys: string[]) {
			return keys.map((key) => map.get(key) as T | undefined);
		},
		async set(key, value) {
			map.set(key, value);
		},
		async list<T>(prefix: string) {
			const entries: [string, T][] = [];
			for (const [key, value] of map) if (key.startsWith(prefix)) entries.push([key, value as T]);
			return sorted(entries);
		},
		async listRange<T>(start: string, end: string) {
			const entries: [string, T][] = [];
			for (const [key, value] of map) if (key >= start && key < end) entries.push([key, value as T]);
			return sorted(entries);
		},
		async delete(key) {
			map.delete(key);
		},
		// One synchronous step: nothing else runs between the read and the write.
		async budget(op) {
			const { result, write } = applyBudgetOp((key) => map.get(key) as BudgetCounter | undefined, op);
			if (write) map.set(op.write, write);
			return result;
		},
	};
}
