import { StoreUnavailableError, type StoreUnavailableReason } from '../../errors/StoreUnavailableError';
import type { CallRecord } from '../../model/record';
import type { Store } from '../../stores/types';
import { keys, type LostCall } from './keys';

/** Writes in one batch at most: well under a Durable Object RPC's size limit at ~1 KB a record. */
export const MAX_BATCH = 256;

/** One quiet try: for writes whose failure was announced already, or changes nothing a reader needs. */
export const quietly = (work: () => Promise<unknown>, timed: <T>(work: Promise<T>) => Promise<T>) =>
	Promise.resolve()
		.then(() => timed(work()))
		.then(
			() => true,
			() => false,
		);

export function unavailableReason(error: unknown): StoreUnavailableReason | undefined {
	if (error instanceof StoreUnavailableError) return error.reason;
	// A store bundled with another copy of tokentab (another realm, another chunk) throws its own class.
	const candidate = error as { name?: unknown; reason?: unknown } | null;
	if (candidate?.name === 'StoreUnavailableError' && typeof candidate.reason === 'string') return candidate.reason as StoreUnavailableReason;
	return undefined;
}

export function setAll(target: Store, entries: [string, unknown][]): Promise<unknown> {
	if (entries.length === 1) return target.set(entries[0]![0], entries[0]![1]);
	if (target.setMany) return target.setMany(entries);
	return Promise.all(entries.map(([key, value]) => target.set(key, value)));
}

export function deleteAll(target: Store, keysToDelete: string[]): Promise<unknown> {
	if (!keysToDelete.length) return Promise.resolve();
	if (target.deleteMany) return target.deleteMany(keysToDelete);
	return Promise.all(keysToDelete.map((key) => target.delete(key)));
}

/**
 * Deletes a session from one store: start first (readers stop seeing it), then each batch's
 * time-index entries before its calls and markers (an interrupted prune leaves calls, which the
 * next prune finds with their index entries, never index entries it could not find), end last (the
 * tombstone).
 */
export async function removeSession(target: Store, id: string): Promise<void> {
	await target.delete(keys.session(id));
	const [calls, lost] = await Promise.all([target.list<CallRecord>(keys.calls(id)), target.list<LostCall>(keys.lostCalls(id))]);
	const all: [key: string, time: string | undefined][] = [
		...calls.map(([key, record]): [string, string] => [key, keys.time(record)]),
		...lost.map(([key, marker]): [string, string | undefined] => [key, marker.startedAt && keys.time({ sessionId: id, startedAt: marker.startedAt, id: marker.id })]),
	];
	for (let at = 0; at < all.length; at += MAX_BATCH) {
		const batch = all.slice(at, at + MAX_BATCH);
		await deleteAll(target, [...new Set(batch.flatMap(([, time]) => (time ? [time] : [])))]);
		await deleteAll(
			target,
			batch.map(([key]) => key),
		);
	}
	await deleteAll(
		target,
		(await target.list(keys.writers(id))).map(([key]) => key),
	);
	await target.delete(keys.end(id));
}
