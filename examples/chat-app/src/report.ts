// Spend per day for the chart: `tracker.report({ from, to, groupBy: ['day'] })` (issue 6's
// analytics), written against its API contract: rows carrying their group keys, `calls`, `usage`
// and `cost` (a Big), plus a total.
//
// A tokentab without `report` gets the same figures from the sessions' exported calls (each call
// counted on the local day it started), which reads every session: fine for one browser's history,
// and what `tracker.report` does better. Only this file knows the difference.
import Big from 'big.js';
import type { Tracker } from 'tokentab';

export interface DaySpend {
	/** The local calendar day, `YYYY-MM-DD`. */
	day: string;
	cost: Big;
	calls: number;
}

export interface SpendPerDay {
	days: DaySpend[];
	total: Big;
	/** Where the figures came from: `tracker.report`, or the sessions' calls. */
	source: 'report' | 'sessions';
}

/** Issue 6's `tracker.report`, as far as this app uses it. */
interface ReportRow {
	day?: unknown;
	calls: number;
	cost: Big;
}
type Report = (query: { from: Date; to: Date; groupBy: string[] }) => Promise<{ rows: ReportRow[]; total: ReportRow }>;

/** Whether this tokentab has `tracker.report`. */
export const hasReport = (tracker: Tracker) => typeof (tracker as { report?: unknown }).report === 'function';

/** A local calendar day as `YYYY-MM-DD`. */
export function localDay(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The spend of each of the last `count` local days, oldest first, today last (days without calls at 0). */
export async function spendPerDay(tracker: Tracker, count = 7, now = new Date()): Promise<SpendPerDay> {
	const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (count - 1));
	const days = new Map<string, DaySpend>();
	for (let i = 0; i < count; i++) {
		const day = localDay(new Date(from.getFullYear(), from.getMonth(), from.getDate() + i));
		days.set(day, { day, cost: new Big(0), calls: 0 });
	}
	const add = (day: string, cost: Big | string, calls: number) => {
		const entry = days.get(day);
		if (!entry) return;
		entry.cost = entry.cost.plus(cost);
		entry.calls += calls;
	};

	let source: SpendPerDay['source'];
	if (hasReport(tracker)) {
		source = 'report';
		const report = (tracker as unknown as { report: Report }).report;
		const { rows } = await report({ from, to: now, groupBy: ['day'] });
		// A day key may come as `YYYY-MM-DD` or as a time: its first ten characters are the day.
		for (const row of rows) add(String(row.day instanceof Date ? localDay(row.day) : row.day).slice(0, 10), row.cost, row.calls);
	} else {
		source = 'sessions';
		for (const { id } of await tracker.listSessions()) {
			// A session whose calls cannot all be read is left out rather than counted short.
			const exported = await tracker.exportSession(id).catch(() => undefined);
			for (const call of exported?.calls ?? []) add(localDay(new Date(call.startedAt)), call.cost ?? '0', 1);
		}
	}
	const list = [...days.values()];
	return { days: list, total: list.reduce((sum, entry) => sum.plus(entry.cost), new Big(0)), source };
}
