import { TokentabError } from './TokentabError';

/**
 * Why a store cannot be used in this context:
 * - `unavailable`: the storage API is missing (no `indexedDB` in this runtime or page);
 * - `refused`: the browser denies it (a private window, blocked site data, an opaque origin);
 * - `blocked`: a version upgrade is blocked by another tab holding the database open;
 * - `quota`: the origin (or storage bucket) is out of space: reads still work, writes do not.
 */
export type StoreUnavailableReason = 'unavailable' | 'refused' | 'blocked' | 'quota';

/**
 * Thrown by a store that cannot work here, so retrying is pointless: the tracker then falls back to
 * memory for the rest of its life and says so in a `store.fallback` event. A store throws any other
 * error for faults worth retrying.
 */
export class StoreUnavailableError extends TokentabError {
	override name = 'StoreUnavailableError';

	constructor(
		readonly reason: StoreUnavailableReason,
		message: string,
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}
