import { TIME_PREFIX, type TimeIndexEntry, timeIndexEntry, timeKey } from '../../analytics/time-index';
import type { CallRecord } from '../../model/record';
import type { SessionMeta } from '../../model/summary';

/**
 * The session book kept in a store: a session's start, its end, and one entry per call, each under
 * a key of its own and written once. Keys encode ids, so no id can reach into another's range.
 *
 * - `session/<id>`: the session's start (`SessionMeta`)
 * - `end/<id>`: how it ended (`SessionEnd`); pruning deletes it last, so it doubles as a tombstone
 * - `call/<id>/<endedAt>/<callId>`: one `CallRecord` per call
 * - `lost/<id>/<callId>`: a marker for a call that could not be written, so that any later reader
 *   knows its summary misses a call rather than showing a silently smaller one
 * - `time/<startedAt>/<id>/<callId>`: the call's time-index entry (`TimeIndexEntry`), what reports
 *   read: written in the same batch as the call (and with its lost marker), deleted with it
 * - `writer/<id>/<writerId>`: how many calls of the session a tracker (a tab, an isolate) has
 *   written (`{ calls }`), rewritten in each batch of its calls: a tracker keeping running totals
 *   reads the store only when the others have written calls it has not counted
 */
const enc = encodeURIComponent;
export const keys = {
	sessions: 'session/',
	ends: 'end/',
	session: (id: string) => `session/${enc(id)}`,
	end: (id: string) => `end/${enc(id)}`,
	calls: (id: string) => `call/${enc(id)}/`,
	call: (record: CallRecord) => `call/${enc(record.sessionId)}/${record.endedAt}/${record.id}`,
	lostCalls: (id: string) => `lost/${enc(id)}/`,
	lost: (record: CallRecord) => `lost/${enc(record.sessionId)}/${record.id}`,
	writers: (id: string) => `writer/${enc(id)}/`,
	writer: (id: string, writer: string) => `writer/${enc(id)}/${writer}`,
	times: TIME_PREFIX,
	time: (record: Pick<CallRecord, 'sessionId' | 'startedAt' | 'id'>) => timeKey(record.sessionId, record.startedAt, record.id),
};

/** The first key after every key that starts with `prefix` (which ends in `/`). */
export const after = (prefix: string) => `${prefix.slice(0, -1)}0`;

/** What a lost-call marker holds: enough to count the call, nothing of its content. */
export interface LostCall {
	id: string;
	endedAt: string;
	/** When the call started: where its time-index entry is, so pruning finds it. */
	startedAt?: string;
	cost?: string;
}

export const lostMarker = (record: CallRecord): [string, LostCall] => [
	keys.lost(record),
	{ id: record.id, endedAt: record.endedAt, startedAt: record.startedAt, ...(record.cost === undefined ? {} : { cost: record.cost }) },
];

/** A call with its time-index entry, as written together. */
export interface Indexed {
	record: CallRecord;
	time: [key: string, entry: TimeIndexEntry];
}

export const indexed = (record: CallRecord, meta: Pick<SessionMeta, 'userId' | 'tags'>): Indexed => ({ record, time: [keys.time(record), timeIndexEntry(record, meta)] });

/** The entries that store calls: each record and its index entry. */
export const callEntries = (calls: Indexed[]): [string, unknown][] => calls.flatMap(({ record, time }): [string, unknown][] => [[keys.call(record), record], time]);
