// Spend per day for the chart: `tracker.report` grouped by day in the browser's own time zone, over
// the IndexedDB time index (only the days shown are read).
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
}

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
	const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
	const { rows } = await tracker.report({ from, to: new Date(now.getTime() + 1), groupBy: ['day'], timeZone });
	for (const row of rows) {
		const entry = row.day === null ? undefined : days.get(row.day);
		if (!entry) continue;
		entry.cost = entry.cost.plus(row.cost);
		entry.calls += row.calls;
	}
	const list = [...days.values()];
	return { days: list, total: list.reduce((sum, entry) => sum.plus(entry.cost), new Big(0)) };
}
