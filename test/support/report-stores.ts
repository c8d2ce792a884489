import { expect } from 'vitest';
import { createTracker, memoryStore, type Report, type ReportOptions, type Store, type Tracker } from '../../src/index';
import { countingStore, seedReportData } from './report-data';

/** The reports compared between a persistent store and memory: every group, time zones, filters. */
export const COMPARED: ReportOptions[] = [
	{ groupBy: ['day', 'user', 'model'] },
	{ groupBy: ['hour'], timeZone: 'Europe/Berlin' },
	{ groupBy: ['week', 'endState'] },
	{ groupBy: ['month', 'provider'], timeZone: 'Asia/Kolkata' },
	{ groupBy: ['team', 'tag:feature'], where: { endState: ['Success', null] } },
	{ groupBy: 'day', from: Date.parse('2026-03-29T00:00:00Z'), to: Date.parse('2026-04-01T00:00:00Z'), where: { userId: 'alice' } },
];

const json = <K extends string>(report: Report<K>) => JSON.parse(JSON.stringify(report)) as unknown;

/**
 * Seeds the shared sessions into `persistent` and into memory, then reads the reports back through
 * a new tracker on the persistent store (a reload, another isolate): the same figures as memory's,
 * and the hand-computed ones (test/support/report-data.ts).
 */
export async function expectSameReports(persistent: () => Store): Promise<void> {
	const inMemory = await seedReportData(createTracker, memoryStore());
	await seedReportData(createTracker, persistent());
	const reader = createTracker({ store: persistent() });
	for (const options of COMPARED) expect(json(await reader.report(options))).toEqual(json(await inMemory.report(options)));
	const all = await reader.report({ groupBy: 'day', timeZone: 'Europe/Berlin' });
	expect(all.total.cost.toFixed()).toBe('0.012294');
	expect(all.total).toMatchObject({ calls: 10, usage: { input: 5664, output: 845 }, unpricedCalls: 1, estimatedCalls: 1, failedCalls: 1, costKnown: false });
	// Berlin's 29 March holds 23:30Z on the 28th: 1200 + 2300 + 4000 + 0 (this runtime's Intl).
	expect(all.rows.map((row) => [row.day, row.calls, row.cost.toFixed()])[0]).toEqual(['2026-03-29', 4, '0.0075']);
	expect(all.incomplete).toBe(false);
}

const DAY = 86_400_000;

/**
 * Ten days of three users' sessions (four calls each, one session a day left open), recorded into
 * `store`; then a report for one day through a store that counts what it returns. It reads that
 * day's 12 index entries in one range, and the ends of that day's 3 sessions: nothing else.
 */
export async function expectOneDayRead(store: () => Store): Promise<void> {
	const first = Date.parse('2026-05-01T00:00:00Z');
	let clock = first;
	const writer = createTracker({ store: store(), prices: { 'acme/small': { input: '1', output: '2' } }, now: () => clock });
	for (let day = 0; day < 10; day++) {
		for (const user of ['ann', 'ben', 'cy']) {
			clock = first + day * DAY + 3_600_000;
			const session = await writer.startSession({ id: `${user}-${day}`, userId: user, tags: { day: String(day) } });
			// 4 calls of 100 input tokens at 1 per million: 0.0001 a call.
			await Promise.all([0, 1, 2, 3].map((minute) => session.record({ provider: 'acme', model: 'small', usage: { input: 100 }, at: clock + minute * 60_000 })));
			if (user !== 'cy') await session.end(user === 'ann' ? 'Success' : 'Fail');
		}
	}
	const counted = countingStore(store());
	const reader: Tracker = createTracker({ store: counted.store });
	const report = await reader.report({ groupBy: ['endState', 'user'], from: first + 3 * DAY, to: first + 4 * DAY });
	expect(report.rows.map((row) => [row.endState, row.user, row.calls, row.cost.toFixed()])).toEqual([
		['Fail', 'ben', 4, '0.0004'],
		['Success', 'ann', 4, '0.0004'],
		[null, 'cy', 4, '0.0004'],
	]);
	// One range read, then the three sessions' ends in one read (one transaction, one round trip).
	expect(counted.operations).toEqual(['listRange time/2026-05-04T00:00:00.000Z time/2026-05-05T00:00:00.000Z', 'getMany end/ann-3 end/ben-3 end/cy-3']);
	const entries = counted.read.filter((key) => key.startsWith('time/'));
	expect(entries).toHaveLength(12);
	expect(entries.every((key) => key.startsWith('time/2026-05-04T01:0'))).toBe(true);
	// The rest it read: the two ends that exist (cy-3 is open). No session start, no call record.
	expect(counted.read.filter((key) => !key.startsWith('time/')).sort()).toEqual(['end/ann-3', 'end/ben-3']);
}
