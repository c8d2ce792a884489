import { toDecimalString } from '../model/money';
import type { SessionEnd } from '../model/summary';
import { createGroups } from './aggregate';
import { createCalendar } from './calendar';
import { planReport } from './options';
import { keyTime } from './key-time';
import { TIME_END, TIME_PREFIX, type TimeIndexEntry, timeBound } from './time-index';
import type { Report, ReportFigures, ReportFiguresJSON, ReportGroup, ReportOptions, ReportRowJSON } from './types';

/** What a report reads: index entries by key range, and how sessions ended (the ledger). */
export interface ReportSource {
	timeRange(start: string, end: string): Promise<{ entries: [string, TimeIndexEntry][]; failed: boolean }>;
	ends(ids: Iterable<string>): Promise<{ ends: Map<string, SessionEnd>; failed: boolean }>;
}

/** The figures (and a row's keys, in place) with the cost as a decimal string. */
const figuresJSON = (figures: ReportFigures): ReportFiguresJSON => ({ ...figures, cost: toDecimalString(figures.cost) });

/**
 * A report over the calls that started in [`from`, `to`): one key-range read of their time-index
 * entries, then the ends of only the sessions among them (when grouped or filtered by `endState`).
 * Nothing else is read: no session's call records, no other period's entries.
 */
export async function createReport<K extends ReportGroup = never>(source: ReportSource, options: ReportOptions<K> = {}): Promise<Report<K>> {
	const plan = planReport(options);
	const calendar = createCalendar(plan.timeZone);
	const { from, to } = plan;
	const read = await source.timeRange(from === undefined ? TIME_PREFIX : timeBound(from), to === undefined ? TIME_END : timeBound(to));
	let incomplete = read.failed;

	const timed = plan.dimensions.some((group) => group.kind === 'time');
	/** When the call of `key` started, in ms (`0` when no period needs it); NaN outside the report's range. */
	const startOf = (key: string): number => {
		// Key order is time order for years 0000 to 9999 (a digit after `time/`); a time beyond them is checked here.
		const first = key.charCodeAt(TIME_PREFIX.length);
		if (first >= 48 && first <= 57) return timed ? keyTime(key) : 0;
		const at = Date.parse(key.slice(TIME_PREFIX.length, key.indexOf('/', TIME_PREFIX.length)));
		return (from !== undefined && at < from) || (to !== undefined && at >= to) ? Number.NaN : at;
	};

	let ends: Map<string, SessionEnd> | undefined;
	if (plan.needsEnds) {
		const sessions = new Set<string>();
		for (const [key, entry] of read.entries) if ((!plan.matches || plan.matches(entry)) && !Number.isNaN(startOf(key))) sessions.add(entry.sessionId);
		const found = sessions.size ? await source.ends(sessions) : { ends: new Map<string, SessionEnd>(), failed: false };
		incomplete ||= found.failed;
		ends = found.ends;
	}
	// Each call is counted as it is read: no list of the calls is made.
	const groups = createGroups(plan.dimensions, calendar);
	for (const [key, entry] of read.entries) {
		if (plan.matches && !plan.matches(entry)) continue;
		const at = startOf(key);
		if (Number.isNaN(at)) continue;
		const endState = ends ? (ends.get(entry.sessionId)?.endState ?? null) : null;
		if (plan.matchesEnd && !plan.matchesEnd(endState)) continue;
		groups.count(entry, at, endState);
	}
	const { rows, total } = groups.rows();

	const groupBy = plan.dimensions.map((group) => group.name) as K[];
	const report: Report<K> = {
		...(from === undefined ? {} : { from: new Date(from).toISOString() }),
		...(to === undefined ? {} : { to: new Date(to).toISOString() }),
		timeZone: plan.timeZone,
		groupBy,
		rows: rows as Report<K>['rows'],
		total,
		incomplete,
		toJSON() {
			const { toJSON: _, rows: rowsOf, total: totalOf, ...rest } = report;
			return {
				...rest,
				groupBy: [...groupBy],
				rows: rowsOf.map((row) => figuresJSON(row) as ReportRowJSON<K>),
				total: figuresJSON(totalOf),
			};
		},
	};
	return report;
}
