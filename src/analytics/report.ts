import { toDecimalString } from '../model/money';
import type { EndState, SessionEnd } from '../model/summary';
import { aggregate } from './aggregate';
import { createCalendar } from './calendar';
import { planReport, type ReportCalls } from './options';
import { keyTime, TIME_END, TIME_PREFIX, type TimeIndexEntry, timeBound } from './time-index';
import type { Report, ReportFigures, ReportFiguresJSON, ReportGroup, ReportOptions, ReportRowJSON } from './types';

/** What a report reads: index entries by key range, and how sessions ended (the ledger). */
export interface ReportSource {
	timeRange(start: string, end: string): Promise<{ entries: [string, TimeIndexEntry][]; failed: boolean }>;
	ends(ids: Iterable<string>): Promise<{ ends: Map<string, SessionEnd>; failed: boolean }>;
}

/** The figures (and a row's keys, in place) with the cost as a decimal string. */
const figuresJSON = (figures: ReportFigures): ReportFiguresJSON => ({ ...figures, cost: toDecimalString(figures.cost) });

/** The calls whose session's end `matches`. */
function endingIn({ entries, at, endStates }: ReportCalls, matches: (state: EndState | null) => boolean): ReportCalls {
	const kept = endStates!.flatMap((state, call) => (matches(state) ? [call] : []));
	return { entries: kept.map((call) => entries[call]!), ...(at ? { at: kept.map((call) => at[call]!) } : {}), endStates: kept.map((call) => endStates![call]!) };
}

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
	const calls: ReportCalls = { entries: [], ...(timed ? { at: [] } : {}) };
	for (const [key, entry] of read.entries) {
		if (plan.matches && !plan.matches(entry)) continue;
		// Key order is time order for years 0000 to 9999 (a digit after `time/`); a time beyond them is checked here.
		const regular = key.charCodeAt(TIME_PREFIX.length) <= 57 && key.charCodeAt(TIME_PREFIX.length) >= 48;
		const at = !regular ? Date.parse(key.slice(TIME_PREFIX.length, key.indexOf('/', TIME_PREFIX.length))) : timed ? keyTime(key) : 0;
		if (!regular && ((from !== undefined && at < from) || (to !== undefined && at >= to))) continue;
		calls.entries.push(entry);
		calls.at?.push(at);
	}

	if (plan.needsEnds) {
		const found = calls.entries.length ? await source.ends(new Set(calls.entries.map((entry) => entry.sessionId))) : { ends: new Map<string, SessionEnd>(), failed: false };
		incomplete ||= found.failed;
		calls.endStates = calls.entries.map((entry) => found.ends.get(entry.sessionId)?.endState ?? null);
	}
	const { rows, total } = aggregate(plan.matchesEnd ? endingIn(calls, plan.matchesEnd) : calls, plan.dimensions, calendar);

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
