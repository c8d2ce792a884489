import type { CallRecord } from '../model/record';
import type { SessionMeta } from '../model/summary';
import type { Usage } from '../model/usage';

/**
 * What reports read of a call: written beside the call record, under a key ordered by the call's
 * start (`time/<startedAt>/<session>/<call>`), so a time range is one key-range read that never
 * touches another period's calls, or any session's records.
 */
export interface TimeIndexEntry {
	sessionId: string;
	userId?: string;
	/** The session's tags; absent when it has none. */
	tags?: Record<string, string>;
	provider: string;
	model?: string;
	usage: Usage;
	/** USD as a decimal string; absent when the call could not be priced. */
	cost?: string;
	usageSource: CallRecord['usageSource'];
	failed?: true;
}

export const TIME_PREFIX = 'time/';
/** Just past every `time/` key. */
export const TIME_END = 'time0';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A time as the index orders it: ISO 8601 in UTC with milliseconds, whose string order is time order. */
export function indexTime(time: string): string {
	return ISO.test(time) ? time : new Date(Date.parse(time)).toISOString();
}

/** The index key of a call. */
export function timeKey(sessionId: string, startedAt: string, callId: string): string {
	return `${TIME_PREFIX}${indexTime(startedAt)}/${encodeURIComponent(sessionId)}/${encodeURIComponent(callId)}`;
}

/** The first key of calls started at or after `ms`. */
export function timeBound(ms: number): string {
	const iso = new Date(ms).toISOString();
	// Years before 0000 or after 9999 do not order as strings; the index bounds clamp to them.
	return ISO.test(iso) ? `${TIME_PREFIX}${iso}` : iso.startsWith('-') ? TIME_PREFIX : TIME_END;
}

/** The index entry of a call of a session. */
export function timeIndexEntry(record: CallRecord, meta: Pick<SessionMeta, 'userId' | 'tags'>): TimeIndexEntry {
	return {
		sessionId: record.sessionId,
		...(meta.userId === undefined ? {} : { userId: meta.userId }),
		...(Object.keys(meta.tags).length ? { tags: meta.tags } : {}),
		provider: record.provider,
		...(record.model === undefined ? {} : { model: record.model }),
		usage: record.usage,
		...(record.cost === undefined ? {} : { cost: record.cost }),
		usageSource: record.usageSource,
		...(record.failed ? { failed: true as const } : {}),
	};
}
