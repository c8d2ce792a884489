import type { CallRecord } from '../../model/record';
import type { StoreAccess } from './access';
import { callEntries, indexed, keys, type LostCall } from './keys';
import type { StoredSession } from './reads';
import { MAX_BATCH } from './store-ops';

/**
 * Writes an imported session: its start and end unless already there (`existing`), and every call
 * with its time-index entry (same keys, same values). Resolves to false when part of it stayed in memory.
 */
export async function importSession(access: StoreAccess, session: StoredSession, existing: StoredSession | undefined, records: CallRecord[], lost: LostCall[]): Promise<boolean> {
	const id = session.meta.id;
	/** Entries that go in one batch: a call and its index entry are never apart. */
	const units: [string, unknown][][] = [];
	if (!existing) units.push([[keys.session(id), session.meta]]);
	if (session.end && !existing?.end) units.push([[keys.end(id), session.end]]);
	// Indexed under the session's user and tags as stored, when it was there already.
	const meta = existing?.meta ?? session.meta;
	for (const record of records) units.push(callEntries([indexed(record, meta)]));
	// As a writer of its own (the same each time: importing twice changes nothing): a tracker holding the session's totals sees calls it has not counted.
	units.push([[keys.writer(id, 'import'), { calls: records.length }]]);
	// Calls the exporting side knew were missing stay known as missing here.
	for (const marker of lost) units.push([[`${keys.lostCalls(id)}${marker.id}`, marker]]);
	let stored = true;
	let batch: [string, unknown][] = [];
	for (const unit of units) {
		if (batch.length + unit.length > MAX_BATCH) {
			stored = (await access.write('import session', id, batch)) && stored;
			batch = [];
		}
		batch.push(...unit);
	}
	if (batch.length) stored = (await access.write('import session', id, batch)) && stored;
	return stored;
}
