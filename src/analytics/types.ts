import type Big from 'big.js';
import type { EndState } from '../model/summary';
import type { Usage } from '../model/usage';

/** Calendar periods in the report's time zone. Weeks are ISO weeks: they start on Monday. */
export const TIME_GROUPS = ['hour', 'day', 'week', 'month'] as const;
export type TimeGroup = (typeof TIME_GROUPS)[number];

/** Groups read from each call. Any other name is a tag name (`'team'`); `'tag:NAME'` names a tag explicitly. */
export const FIELD_GROUPS = ['user', 'provider', 'model', 'endState'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/**
 * What a report groups by: a calendar period, a field of the call, or a tag name. Any string that
 * is not one of the named groups is read as a tag name; write `tag:NAME` for a tag whose name is
 * taken (`tag:day`, `tag:model`).
 */
export type ReportGroup = TimeGroup | FieldGroup | (string & {});

/** One value, or any of several. */
export type OneOrMore<T> = T | readonly T[];

/** Which calls a report counts: every field given must match (a list matches any of its values). */
export interface ReportWhere {
	userId?: OneOrMore<string>;
	sessionId?: OneOrMore<string>;
	provider?: OneOrMore<string>;
	model?: OneOrMore<string>;
	/** How the call's session ended; `null` for sessions still open. */
	endState?: OneOrMore<EndState | null>;
	/** Every tag given must have this value on the call's session. */
	tags?: Record<string, string>;
}

export interface ReportOptions<K extends string = ReportGroup> {
	/** Calls started at or after this time. Default: the first call. */
	from?: Date | number;
	/** Calls started before this time. Default: after the last call. */
	to?: Date | number;
	/** Rows per combination of these groups, in this order. Default: one row for everything. */
	groupBy?: OneOrMore<K>;
	where?: ReportWhere;
	/** The IANA time zone of `hour`, `day`, `week` and `month` (`'Europe/Berlin'`). Default `'UTC'`. */
	timeZone?: string;
}

/** What a row (and the total) counts. */
export interface ReportFigures {
	calls: number;
	/** Token and unit totals per bucket, as in SessionSummary. */
	usage: Usage;
	/** The exact sum of the priced calls, in USD. */
	cost: Big;
	/** False when any call could not be priced: then `cost` is a lower bound, never a silent $0. */
	costKnown: boolean;
	unpricedCalls: number;
	estimatedCalls: number;
	failedCalls: number;
}

/**
 * One row: the group keys, named after the `groupBy` entries (`row.day`, `row.user`, `row.team`),
 * and the figures. A key is `null` where the call has no value (no user, no such tag, a session
 * still open for `endState`).
 */
export type ReportRow<K extends string = string> = ReportFigures & { readonly [P in K]: string | null };

export type ReportFiguresJSON = Omit<ReportFigures, 'cost'> & { cost: string };
export type ReportRowJSON<K extends string = string> = ReportFiguresJSON & { readonly [P in K]: string | null };

export interface ReportJSON<K extends string = string> {
	from?: string;
	to?: string;
	timeZone: string;
	groupBy: K[];
	rows: ReportRowJSON<K>[];
	total: ReportFiguresJSON;
	incomplete: boolean;
}

export interface Report<K extends string = string> {
	/** The range read (ISO 8601, UTC), when given. */
	from?: string;
	to?: string;
	timeZone: string;
	groupBy: K[];
	/** Sorted by their keys, in `groupBy` order: time keys chronologically, others by code unit, `null` last. */
	rows: ReportRow<K>[];
	/** The same figures over every row. */
	total: ReportFigures;
	/** True when the store could not be read: the figures are what this tracker holds, a lower bound. */
	incomplete: boolean;
	/** Costs as decimal strings, ready for JSON. */
	toJSON(): ReportJSON<K>;
}
