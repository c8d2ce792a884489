import type { Budget } from './normalize';
import { windowKeys } from './window';

const enc = encodeURIComponent;

/** The store keys of a budget's counters for one spender at one time: the one to write, and all to read. */
export type CounterKeys = (budget: Budget, key: string, at: number) => { read: string[]; write: string };

/**
 * Counter keys, remembered per budget and spender for the window last used: a call's four changes
 * (and the next calls') name the same strings, which a memory store then finds by the hash kept in
 * the string, instead of joining and hashing new ones each time.
 */
export function counterKeys(): CounterKeys {
	const known = new Map<Budget, Map<string, { window: string; read: string[]; write: string }>>();
	return (budget, key, at) => {
		const { write, read } = windowKeys(budget, at);
		let bySpender = known.get(budget);
		if (!bySpender) known.set(budget, (bySpender = new Map<string, { window: string; read: string[]; write: string }>()));
		const last = bySpender.get(key);
		if (last?.window === write) return last;
		const prefix = `budget/${enc(budget.name)}/${enc(key)}/`;
		const keys = { window: write, read: read.map((window) => prefix + window), write: prefix + write };
		if (bySpender.size >= 1024) bySpender.clear();
		bySpender.set(key, keys);
		return keys;
	};
}
