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

/**
 * The start time (ms) in an index key whose time is `YYYY-MM-DDTHH:MM:SS.sssZ` (years 0000 to
 * 9999), read from its digits by calendar arithmetic: a report reads it of every call, and
 * Date.parse or Date.UTC cost several times more.
 */
export function keyTime(key: string): number {
	const at = TIME_PREFIX.length;
	if (key.charCodeAt(at + 23) !== 90 /* Z */) return Date.parse(key.slice(at, key.indexOf('/', at)));
	const days = daysFromCivil(digitsOf(key, at, 4), digitsOf(key, at + 5, 2), digitsOf(key, at + 8, 2));
	return ((days * 24 + digitsOf(key, at + 11, 2)) * 60 + digitsOf(key, at + 14, 2)) * 60_000 + digitsOf(key, at + 17, 2) * 1000 + digitsOf(key, at + 20, 3);
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar, year ≥ 0 (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** The number that `count` decimal digits of `text` from `from` write. */
function digitsOf(text: string, from: number, count: number): number {
	let value = 0;
	for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
	return value;
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
