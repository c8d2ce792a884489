import { describe, expect, it } from 'vitest';
import { toBig } from '../../src/model/money';
import { DecimalSum } from '../../src/model/decimal';
import { createTracker, InvalidArgumentError, memoryStore, type Report, type ReportWhere, reportToCSV, type Store, type TimeIndexEntry } from '../../src/index';
import { countingStore, REPORT_PRICES, seedReportData } from '../support/report-data';
import { sumBothWays } from '../support/exact-sum';

/** A row's figures in a form to compare: cost as a decimal string. */
const figures = <K extends string>(report: Report<K>) => report.rows.map((row) => ({ ...row, cost: row.cost.toFixed() }));
const seeded = async (store: Store = memoryStore()) => ({ store, tracker: await seedReportData(createTracker, store) });
const at = (iso: string) => Date.parse(iso);

describe('tracker.report over the shared sessions (test/support/report-data.ts has the table)', () => {
	it('groups by UTC day: each day’s calls, usage and exact cost, and the total', async () => {
		const { tracker } = await seeded();
		const report = await tracker.report({ groupBy: ['day'] });
		expect(figures(report)).toEqual([
			// #1: 1200
			{ day: '2026-03-28', calls: 1, usage: { input: 1000, output: 100 }, cost: '0.0012', costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 0 },
			// #2 2300 + #3 4000 + #10 0 (failed) = 6300
			{ day: '2026-03-29', calls: 3, usage: { input: 3200, output: 510 }, cost: '0.0063', costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 1 },
			// #4: 4000
			{ day: '2026-03-30', calls: 1, usage: { input: 100, output: 100 }, cost: '0.004', costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 0 },
			// #5 500 + #6 unpriced: 500 is a lower bound
			{ day: '2026-03-31', calls: 2, usage: { input: 1200, output: 70 }, cost: '0.0005', costKnown: false, unpricedCalls: 1, estimatedCalls: 0, failedCalls: 0 },
			// #7 20 + #8 124 (estimated) = 144
			{ day: '2026-04-01', calls: 2, usage: { input: 114, output: 15 }, cost: '0.000144', costKnown: true, unpricedCalls: 0, estimatedCalls: 1, failedCalls: 0 },
			// #9: 150, recorded after s4 ended, still counted
			{ day: '2026-04-02', calls: 1, usage: { input: 50, output: 50 }, cost: '0.00015', costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 0 },
		]);
		// 1200 + 6300 + 4000 + 500 + 144 + 150 = 12294
		expect({ ...report.total, cost: report.total.cost.toFixed() }).toEqual({
			calls: 10,
			usage: { input: 5664, output: 845 },
			cost: '0.012294',
			costKnown: false,
			unpricedCalls: 1,
			estimatedCalls: 1,
			failedCalls: 1,
		});
		expect(report.total.cost.plus('0.000006').toFixed()).toBe('0.0123'); // a Big
		expect(report).toMatchObject({ timeZone: 'UTC', groupBy: ['day'], incomplete: false });
	});

	it('groups by user and model, sorted by key with no user last; the same figures as the sessions’ own summaries', async () => {
		const { tracker } = await seeded();
		const report = await tracker.report({ groupBy: ['user', 'model'] });
		expect(
			figures(report).map(({ user, model, calls, cost, costKnown, unpricedCalls, estimatedCalls, failedCalls }) => [
				user,
				model,
				calls,
				cost,
				costKnown,
				unpricedCalls + estimatedCalls * 10 + failedCalls * 100,
			]),
		).toEqual([
			['alice', 'big', 2, '0.0063', true, 0], // #2 2300 + #4 4000
			['alice', 'mystery', 1, '0', false, 1], // #6, unpriced
			['alice', 'small', 2, '0.00122', true, 0], // #1 1200 + #7 20
			['bob', 'est-model', 1, '0', true, 100], // #10, failed at no cost
			['bob', 'small', 2, '0.0045', true, 0], // #3 4000 + #5 500
			[null, 'est-model', 1, '0.000124', true, 10], // #8, estimated
			[null, 'small', 1, '0.00015', true, 0], // #9
		]);
		// The report agrees with the sessions' summaries, summed.
		const summaries = await Promise.all(['s1', 's2', 's3', 's4'].map(async (id) => (await tracker.getSession(id))!.summary()));
		expect(summaries.reduce((sum, summary) => sum.plus(summary.cost), report.total.cost.times(0)).toFixed()).toBe(report.total.cost.toFixed());
		expect(summaries.reduce((sum, summary) => sum + summary.calls, 0)).toBe(report.total.calls);
	});

	it('groups by end state (open sessions as null, calls after the end under the session’s state), provider, and a tag', async () => {
		const { tracker } = await seeded();
		const byEnd = await tracker.report({ groupBy: 'endState' });
		expect(figures(byEnd).map((row) => [row.endState, row.calls, row.cost, row.costKnown])).toEqual([
			['Fail', 3, '0.0045', true], // s2: 4000 + 0 + 500
			['Indeterminate', 2, '0.000274', true], // s4: 124 + 150 (after the end)
			['Success', 3, '0.00352', true], // s1: 1200 + 2300 + 20
			[null, 2, '0.004', false], // s3, open: 4000 + unpriced
		]);
		const byProvider = await tracker.report({ groupBy: ['provider'] });
		expect(figures(byProvider).map((row) => [row.provider, row.calls, row.cost, row.unpricedCalls, row.estimatedCalls, row.failedCalls])).toEqual([
			['acme', 8, '0.01217', 1, 0, 0], // 1200 + 2300 + 4000 + 4000 + 500 + 20 + 150
			['openai', 2, '0.000124', 0, 1, 1], // #8 124 + #10 0
		]);
		const byTeam = await tracker.report({ groupBy: ['team'] });
		expect(figures(byTeam).map((row) => [row.team, row.calls, row.cost])).toEqual([
			['blue', 5, '0.0085'], // s2 4500 + s3 4000
			['red', 3, '0.00352'], // s1
			[null, 2, '0.000274'], // s4 has no tags
		]);
		// A tag named like a group: `tag:NAME`.
		expect((await tracker.report({ groupBy: ['tag:feature'] })).rows.map((row) => [row['tag:feature'], row.calls])).toEqual([
			['chat', 3],
			['search', 2],
			[null, 5],
		]);
	});

	it('filters with where: every field given must match, a list matches any of its values', async () => {
		const { tracker } = await seeded();
		const total = async (where: ReportWhere) => {
			const { total: all } = await tracker.report({ where });
			return [all.calls, all.cost.toFixed(), all.costKnown];
		};
		expect(await total({ userId: 'alice' })).toEqual([5, '0.00752', false]); // s1 3520 + s3 4000 + unpriced
		expect(await total({ userId: ['alice', 'bob'] })).toEqual([8, '0.01202', false]); // all but s4's 274
		expect(await total({ tags: { team: 'blue', feature: 'search' } })).toEqual([2, '0.004', false]); // s3 only
		expect(await total({ tags: { team: 'blue' } })).toEqual([5, '0.0085', false]); // s2 and s3
		expect(await total({ sessionId: 's2', model: 'small' })).toEqual([2, '0.0045', true]); // #3 4000 + #5 500
		expect(await total({ provider: 'openai' })).toEqual([2, '0.000124', true]);
		expect(await total({ endState: 'Success' })).toEqual([3, '0.00352', true]);
		expect(await total({ endState: null })).toEqual([2, '0.004', false]); // s3, open
		expect(await total({ endState: ['Fail', 'Indeterminate'] })).toEqual([5, '0.004774', true]); // 4500 + 274
		expect(await total({ userId: 'alice', endState: 'Fail' })).toEqual([0, '0', true]);
		expect(await total({ userId: 'nobody' })).toEqual([0, '0', true]);
		expect((await tracker.report({ where: { userId: 'nobody' }, groupBy: 'day' })).rows).toEqual([]);
	});

	it('reads [from, to): calls started at from count, calls started at to do not', async () => {
		const { tracker } = await seeded();
		// #2 00:30, #3 01:30, #10 01:45 on the 29th, #4 on the 30th: 2300 + 4000 + 0 + 4000 = 10300
		const report = await tracker.report({ from: new Date('2026-03-29T00:00:00Z'), to: at('2026-03-31T00:00:00Z') });
		expect([report.total.calls, report.total.cost.toFixed()]).toEqual([4, '0.0103']);
		expect(report).toMatchObject({ from: '2026-03-29T00:00:00.000Z', to: '2026-03-31T00:00:00.000Z' });
		// #1 starts exactly at 23:30: in [23:30, 00:30), and #2 at 00:30 is not.
		const edge = await tracker.report({ from: at('2026-03-28T23:30:00Z'), to: at('2026-03-29T00:30:00Z') });
		expect([edge.total.calls, edge.total.cost.toFixed()]).toEqual([1, '0.0012']);
		expect((await tracker.report({ from: at('2026-04-02T10:00:00.001Z') })).total.calls).toBe(0);
		expect((await tracker.report({ to: at('2026-03-28T23:30:00Z') })).total.calls).toBe(0);
	});

	it('exports JSON with costs as decimal strings, and CSV with a header row and RFC 4180 quoting, exactly', async () => {
		const { tracker } = await seeded();
		const report = await tracker.report({ groupBy: ['user', 'model'], from: at('2026-03-29T00:00:00Z'), to: at('2026-04-01T00:00:00Z') });
		// In range: #2, #3, #10, #4, #5, #6.
		expect(JSON.parse(JSON.stringify(report))).toEqual({
			from: '2026-03-29T00:00:00.000Z',
			to: '2026-04-01T00:00:00.000Z',
			timeZone: 'UTC',
			groupBy: ['user', 'model'],
			rows: [
				{ user: 'alice', model: 'big', calls: 2, usage: { input: 300, output: 110 }, cost: '0.0063', costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 0 },
				{ user: 'alice', model: 'mystery', calls: 1, usage: { input: 700, output: 70 }, cost: '0', costKnown: false, unpricedCalls: 1, estimatedCalls: 0, failedCalls: 0 },
				{ user: 'bob', model: 'est-model', calls: 1, usage: {}, cost: '0', costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 1 },
				{ user: 'bob', model: 'small', calls: 2, usage: { input: 3500, output: 500 }, cost: '0.0045', costKnown: true, unpricedCalls: 0, estimatedCalls: 0, failedCalls: 0 },
			],
			// 6300 + 0 + 0 + 4500 = 10800
			total: { calls: 6, usage: { input: 4500, output: 680 }, cost: '0.0108', costKnown: false, unpricedCalls: 1, estimatedCalls: 0, failedCalls: 1 },
			incomplete: false,
		});
		expect(reportToCSV(report)).toBe(
			[
				'user,model,calls,usage.input,usage.output,cost,costKnown,unpricedCalls,estimatedCalls,failedCalls',
				'alice,big,2,300,110,0.0063,true,0,0,0',
				'alice,mystery,1,700,70,0,false,1,0,0',
				'bob,est-model,1,0,0,0,true,0,0,1',
				'bob,small,2,3500,500,0.0045,true,0,0,0',
				'',
			].join('\r\n'),
		);
	});

	it('quotes CSV fields with commas, quotes and line breaks; null keys are empty fields; tiny costs never in exponent form', async () => {
		const tracker = createTracker({ prices: { 'acme/tiny': { input: '0.0000001' } } });
		const a = await tracker.startSession({ userId: 'Doe, "J"', tags: { 'team,name': 'line\r\nbreak' } });
		await a.record({ provider: 'acme', model: 'tiny', usage: { input: 1 }, at: at('2026-05-01T00:00:00Z') }); // 1 × 0.0000001 / 1e6
		const b = await tracker.startSession();
		await b.record({ provider: 'acme', model: 'tiny', usage: { input: 3 }, at: at('2026-05-01T00:00:00Z') });
		const report = await tracker.report({ groupBy: ['user', 'team,name'] });
		expect(reportToCSV(report)).toBe(
			[
				'user,"team,name",calls,usage.input,cost,costKnown,unpricedCalls,estimatedCalls,failedCalls',
				'"Doe, ""J""","line\r\nbreak",1,1,0.0000000000001,true,0,0,0',
				',,1,3,0.0000000000003,true,0,0,0',
				'',
			].join('\r\n'),
		);
		expect(report.toJSON().total.cost).toBe('0.0000000000004');
	});
	it("neutralises texts a spreadsheet would run as formulas (CSV injection): a leading ' on =, +, -, @, tab and CR", async () => {
		const tracker = createTracker({ prices: { 'acme/tiny': { input: '1' } } });
		const values = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tpad', 'plain=ok'];
		for (const user of values) {
			const session = await tracker.startSession({ userId: user, tags: { 'team=': 'a' } });
			await session.record({ provider: 'acme', model: 'tiny', usage: { input: 1 }, at: at('2026-05-01T00:00:00Z') }); // 1 × 1 / 1e6
		}
		const csv = reportToCSV(await tracker.report({ groupBy: ['user', 'team='] }));
		expect(csv.split('\r\n')).toEqual([
			'user,team=,calls,usage.input,cost,costKnown,unpricedCalls,estimatedCalls,failedCalls',
			// Sorted as the report sorts its keys; the original value follows the quote unchanged.
			"'\tpad,a,1,1,0.000001,true,0,0,0",
			"'+1+1,a,1,1,0.000001,true,0,0,0",
			"'-2+3,a,1,1,0.000001,true,0,0,0",
			'"\'=HYPERLINK(""http://evil.example"",""x"")",a,1,1,0.000001,true,0,0,0',
			"'@SUM(A1),a,1,1,0.000001,true,0,0,0",
			'plain=ok,a,1,1,0.000001,true,0,0,0',
			'',
		]);
	});
});

describe('calendar periods in time zones', () => {
	it('Europe/Berlin: days and hours across the spring-forward night (2026-03-29, 02:00 CET → 03:00 CEST)', async () => {
		const { tracker } = await seeded();
		const days = await tracker.report({ groupBy: 'day', timeZone: 'Europe/Berlin' });
		// #1 23:30Z on the 28th is 00:30 CET on the 29th: Berlin's 29th has #1, #2, #3, #10 = 1200 + 2300 + 4000 + 0
		expect(figures(days).map((row) => [row.day, row.calls, row.cost])).toEqual([
			['2026-03-29', 4, '0.0075'],
			['2026-03-30', 1, '0.004'],
			['2026-03-31', 2, '0.0005'],
			['2026-04-01', 2, '0.000144'], // #7 00:00Z is 02:00 CEST
			['2026-04-02', 1, '0.00015'],
		]);
		const hours = await tracker.report({ groupBy: 'hour', timeZone: 'Europe/Berlin', from: at('2026-03-28T23:00:00Z'), to: at('2026-03-29T02:00:00Z') });
		// 23:30Z → 00:30 CET; 00:30Z → 01:30 CET; 01:30Z and 01:45Z → 03:30 and 03:45 CEST (02:00–03:00 does not exist)
		expect(hours.rows.map((row) => [row.hour, row.calls])).toEqual([
			['2026-03-29T00:00+01:00', 1],
			['2026-03-29T01:00+01:00', 1],
			['2026-03-29T03:00+02:00', 2],
		]);
	});

	it('Europe/Berlin: the fall-back night (2026-10-25) has two 02:00 hours, in order, and a 25-hour day', async () => {
		const tracker = createTracker({ prices: REPORT_PRICES });
		const session = await tracker.startSession({ userId: 'u' });
		const call = (iso: string, input: number) => session.record({ provider: 'acme', model: 'small', usage: { input }, at: at(iso) }); // input × 1 millionth
		await call('2026-10-24T21:30:00Z', 1); // 23:30 CEST on the 24th
		await call('2026-10-24T22:30:00Z', 2); // 00:30 CEST on the 25th: the day starts at 22:00Z
		await call('2026-10-25T00:30:00Z', 4); // 02:30 CEST
		await call('2026-10-25T01:30:00Z', 8); // 02:30 CET, an hour later: the same wall clock
		await call('2026-10-25T22:30:00Z', 16); // 23:30 CET: still the 25th, 25 hours after it began
		await call('2026-10-25T23:00:00Z', 32); // 00:00 CET on the 26th
		const days = await tracker.report({ groupBy: 'day', timeZone: 'Europe/Berlin' });
		expect(figures(days).map((row) => [row.day, row.calls, row.cost])).toEqual([
			['2026-10-24', 1, '0.000001'],
			['2026-10-25', 4, '0.00003'], // 2 + 4 + 8 + 16
			['2026-10-26', 1, '0.000032'],
		]);
		const hours = await tracker.report({ groupBy: 'hour', timeZone: 'Europe/Berlin', from: at('2026-10-25T00:00:00Z'), to: at('2026-10-25T02:00:00Z') });
		// The +02:00 hour comes first, though it sorts after +01:00 as text.
		expect(hours.rows.map((row) => [row.hour, row.cost.toFixed()])).toEqual([
			['2026-10-25T02:00+02:00', '0.000004'],
			['2026-10-25T02:00+01:00', '0.000008'],
		]);
		// The same calls in UTC: the 24th has 21:30 and 22:30.
		expect((await tracker.report({ groupBy: 'day' })).rows.map((row) => [row.day, row.calls])).toEqual([
			['2026-10-24', 2],
			['2026-10-25', 4],
		]);
	});

	it('Asia/Kolkata (+05:30): a day and a month that begin at 18:30 UTC', async () => {
		const { tracker } = await seeded();
		// #5 18:29Z is 23:59 IST on 31 March; #6 18:30Z is 00:00 IST on 1 April.
		const months = await tracker.report({ groupBy: 'month', timeZone: 'Asia/Kolkata' });
		expect(figures(months).map((row) => [row.month, row.calls, row.cost, row.costKnown])).toEqual([
			['2026-03', 6, '0.012', true], // #1 1200, #2 2300, #3 4000, #10 0, #4 4000, #5 500
			['2026-04', 4, '0.000294', false], // #6 unpriced, #7 20, #8 124, #9 150
		]);
		// In UTC both #5 and #6 are March's.
		expect(figures(await tracker.report({ groupBy: 'month' })).map((row) => [row.month, row.calls, row.cost])).toEqual([
			['2026-03', 7, '0.012'],
			['2026-04', 3, '0.000294'],
		]);
		const hours = await tracker.report({ groupBy: ['hour'], timeZone: 'Asia/Kolkata', from: at('2026-03-31T18:00:00Z'), to: at('2026-03-31T19:00:00Z') });
		expect(hours.rows.map((row) => [row.hour, row.calls])).toEqual([
			['2026-03-31T23:00+05:30', 1], // 17:30Z–18:30Z
			['2026-04-01T00:00+05:30', 1],
		]);
	});

	it('ISO weeks start on Monday, and belong to the year of their Thursday', async () => {
		const { tracker } = await seeded();
		// Saturday 28 and Sunday 29 March are week 13; Monday 30 March starts week 14.
		expect(figures(await tracker.report({ groupBy: 'week' })).map((row) => [row.week, row.calls, row.cost])).toEqual([
			['2026-W13', 4, '0.0075'], // 1200 + 2300 + 4000 + 0
			['2026-W14', 6, '0.004794'], // 4000 + 500 + 20 + 124 + 150, and #6 unpriced
		]);
		const year = createTracker({ prices: REPORT_PRICES });
		const session = await year.startSession();
		for (const iso of ['2026-12-27T12:00:00Z', '2026-12-28T12:00:00Z', '2027-01-01T12:00:00Z', '2027-01-03T23:59:59Z', '2027-01-04T00:00:00Z', '2027-12-31T12:00:00Z']) {
			await session.record({ provider: 'acme', model: 'small', usage: { input: 1 }, at: at(iso) });
		}
		// 2026-12-27 is a Sunday (W52); 28 Dec 2026 to 3 Jan 2027 is 2026-W53 (its Thursday is 31 Dec);
		// 2027-12-31 is a Friday in 2027-W52.
		expect((await year.report({ groupBy: 'week' })).rows.map((row) => [row.week, row.calls])).toEqual([
			['2026-W52', 1],
			['2026-W53', 3],
			['2027-W01', 1],
			['2027-W52', 1],
		]);
		// In Berlin, 2027-01-03T23:59:59Z is already Monday 4 January.
		expect(
			(await year.report({ groupBy: ['week', 'day'], timeZone: 'Europe/Berlin', from: at('2027-01-03T00:00:00Z'), to: at('2027-01-05T00:00:00Z') })).rows.map((row) => [row.week, row.day, row.calls]),
		).toEqual([['2027-W01', '2027-01-04', 2]]);
	});

	it('time keys sort chronologically before the next group key; several periods at once', async () => {
		const { tracker } = await seeded();
		const report = await tracker.report({ groupBy: ['month', 'week', 'user'], to: at('2026-03-31T00:00:00Z') });
		expect(report.rows.map((row) => [row.month, row.week, row.user, row.calls])).toEqual([
			['2026-03', '2026-W13', 'alice', 2], // #1, #2
			['2026-03', '2026-W13', 'bob', 2], // #3, #10
			['2026-03', '2026-W14', 'alice', 1], // #4
		]);
	});
});

describe('the time index in the store', () => {
	it('holds one compact entry per call under time/<startedAt>/…, with what reports need and nothing else', async () => {
		const { store } = await seeded();
		const entries = await store.list<TimeIndexEntry>('time/');
		expect(entries).toHaveLength(10);
		expect(entries.map(([key]) => key.slice(0, 29))).toEqual([...entries.map(([key]) => key.slice(0, 29))].sort());
		const [key, entry] = entries[0]!;
		expect(key).toMatch(/^time\/2026-03-28T23:30:00\.000Z\/s1\/[\w-]+$/);
		expect(entry).toEqual({
			sessionId: 's1',
			userId: 'alice',
			tags: { team: 'red', feature: 'chat' },
			provider: 'acme',
			model: 'small',
			usage: { input: 1000, output: 100 },
			cost: '0.0012',
			usageSource: 'reported',
		});
		expect(entries.find(([, value]) => value.failed)![1]).toEqual({
			sessionId: 's2',
			userId: 'bob',
			tags: { team: 'blue' },
			provider: 'openai',
			model: 'est-model',
			usage: {},
			cost: '0',
			usageSource: 'none',
			failed: true,
		});
		expect(entries.find(([, value]) => value.sessionId === 's4' && value.usageSource === 'estimated')![1]).toEqual({
			sessionId: 's4',
			provider: 'openai',
			model: 'est-model',
			usage: { input: 104, output: 10 },
			cost: '0.000124',
			usageSource: 'estimated',
		});
		expect(entries.find(([, value]) => value.model === 'mystery')![1]).not.toHaveProperty('cost');
	});

	it('pruning a session deletes its index entries with its calls', async () => {
		const { store, tracker } = await seeded();
		// s4 ended 2026-04-02 09:00, s1 and s2 at the same clock; s3 is open and stays.
		expect(await tracker.pruneSessions({ endedBefore: at('2026-04-03T00:00:00Z') })).toEqual(['s1', 's2', 's4']);
		const left = await store.list<TimeIndexEntry>('time/');
		expect(left.map(([, entry]) => entry.sessionId)).toEqual(['s3', 's3']);
		expect((await store.list('')).filter(([key]) => !key.includes('s3'))).toEqual([]);
		const report = await tracker.report({ groupBy: 'user' });
		expect(figures(report).map((row) => [row.user, row.calls, row.cost])).toEqual([['alice', 2, '0.004']]);
	});

	it('importing a session writes its index entries: the same report on the other side, importing twice changes nothing', async () => {
		const { tracker } = await seeded();
		const elsewhere = memoryStore();
		const other = createTracker({ store: elsewhere });
		for (const id of ['s1', 's2', 's3', 's4']) {
			const json = JSON.stringify(await tracker.exportSession(id));
			await other.importSession(json);
			await other.importSession(json);
		}
		expect((await elsewhere.list('time/')).length).toBe(10);
		for (const groupBy of [
			['day', 'user', 'model'],
			['endState', 'team'],
		]) {
			expect((await other.report({ groupBy })).toJSON()).toEqual((await tracker.report({ groupBy })).toJSON());
		}
	});

	it('imports a long session in batches that never part a call from its index entry', async () => {
		const tracker = createTracker({ prices: REPORT_PRICES });
		const session = await tracker.startSession({ id: 'long', userId: 'u' });
		for (let i = 0; i < 300; i++) await session.record({ provider: 'acme', model: 'small', usage: { input: 1 }, at: at('2026-07-01T00:00:00Z') + i });
		const inner = memoryStore();
		const batches: string[][] = [];
		const store: Store = {
			...inner,
			async setMany(entries) {
				batches.push(entries.map(([key]) => key));
				for (const [key, value] of entries) await inner.set(key, value);
			},
		};
		await createTracker({ store }).importSession(await tracker.exportSession('long'));
		// 602 entries, at most 256 a batch, pairs whole: the start and 127 calls (255), 128 calls (256), 45 calls and the importer's writer marker (91).
		expect(batches.map((batch) => batch.length)).toEqual([255, 256, 91]);
		for (const batch of batches) {
			expect(batch.filter((key) => key.startsWith('call/')).length).toBe(batch.filter((key) => key.startsWith('time/')).length);
		}
		const { total } = await createTracker({ store }).report();
		expect([total.calls, total.cost.toFixed()]).toEqual([300, '0.0003']);
	});

	it('reads a store without listRange and getMany through list("time/") and a get per session, with the same figures', async () => {
		const { store, tracker } = await seeded();
		const { listRange: _, getMany: __, ...plain } = store;
		const counted = countingStore(plain);
		const reader = createTracker({ store: counted.store });
		const options = { groupBy: ['day', 'model', 'endState'], from: at('2026-03-29T00:00:00Z'), to: at('2026-03-30T00:00:00Z') };
		expect((await reader.report(options)).toJSON()).toEqual((await tracker.report(options)).toJSON());
		// #2 of s1, #3 and #10 of s2
		expect(counted.operations).toEqual(['list time/', 'get end/s1', 'get end/s2']);
	});

	it('reads one key range, and the ends of only the sessions in it: no call records, no other day', async () => {
		const { store } = await seeded();
		const counted = countingStore(store);
		const reader = createTracker({ store: counted.store });
		const report = await reader.report({ groupBy: 'endState', from: at('2026-03-30T00:00:00Z'), to: at('2026-03-31T00:00:00Z') });
		expect(figures(report).map((row) => [row.endState, row.calls, row.cost])).toEqual([[null, 1, '0.004']]); // #4, s3 open
		expect(counted.operations).toEqual(['listRange time/2026-03-30T00:00:00.000Z time/2026-03-31T00:00:00.000Z', 'getMany end/s3']);
		expect(counted.read).toEqual([expect.stringMatching(/^time\/2026-03-30T09:00:00\.000Z\/s3\//)]);
		// Without endState in the report, not even the ends are read.
		counted.reset();
		await reader.report({ groupBy: ['user'], from: at('2026-03-29T00:00:00Z'), to: at('2026-03-30T00:00:00Z') });
		expect(counted.operations).toHaveLength(1);
		expect(counted.read.every((key) => key.startsWith('time/2026-03-29T'))).toBe(true);
		expect(counted.read).toHaveLength(3); // #2, #3, #10
	});

	it('a call the store did not take is still reported: by this tracker from memory, by others from the entry written with its lost marker', async () => {
		const inner = memoryStore();
		const store: Store = {
			...inner,
			async set(key, value) {
				if (key.startsWith('call/')) throw new Error('disk I/O error');
				return inner.set(key, value);
			},
			setMany: undefined,
		};
		const tab1 = createTracker({ store, prices: REPORT_PRICES, retry: { delayMs: 0 } });
		const session = await tab1.startSession({ id: 'flaky', userId: 'u' });
		await session.record({ provider: 'acme', model: 'small', usage: { input: 1000, output: 100 }, at: at('2026-06-01T12:00:00Z') }); // 1200
		expect(await session.summary()).toMatchObject({ calls: 1, unsavedCalls: 1 });
		const tab2 = createTracker({ store });
		expect(await (await tab2.getSession('flaky'))!.summary()).toMatchObject({ calls: 0, incomplete: true });
		for (const tracker of [tab1, tab2]) {
			const { total } = await tracker.report({ groupBy: 'user' });
			expect([total.calls, total.cost.toFixed()]).toEqual([1, '0.0012']);
		}
		expect((await inner.list('lost/flaky/')).map(([, marker]) => marker)).toEqual([expect.objectContaining({ startedAt: '2026-06-01T12:00:00.000Z', cost: '0.0012' })]);
		// Pruned: the marker's index entry goes too.
		await session.end('Success');
		await tab1.pruneSessions({ endedBefore: Date.now() + 1000 });
		expect(await inner.list('')).toEqual([]);
	});

	it('says incomplete when the store cannot be read, and counts what this tracker holds', async () => {
		const inner = memoryStore();
		let broken = false;
		const store: Store = {
			...inner,
			async listRange(start, end) {
				if (broken) throw new Error('read timeout');
				return inner.listRange!(start, end);
			},
		};
		const tracker = createTracker({ store, prices: REPORT_PRICES, retry: { delayMs: 0 } });
		const session = await tracker.startSession();
		await session.record({ provider: 'acme', model: 'small', usage: { input: 1 }, at: at('2026-06-01T12:00:00Z') });
		expect((await tracker.report()).incomplete).toBe(false);
		broken = true;
		const report = await tracker.report();
		expect(report).toMatchObject({ incomplete: true, total: { calls: 0 } });
		expect(report.toJSON().incomplete).toBe(true);
	});

	it('a report includes a call whose response was just read, as a summary does', async () => {
		const { tracker } = await seeded();
		const session = (await tracker.getSession('s3'))!;
		const body = JSON.stringify({ model: 'est-model', stream: true, messages: [{ role: 'user', content: 'x'.repeat(400) }] });
		await (await session.fetch('https://llm.example/v1/chat/completions', { method: 'POST', body })).text();
		// No summary in between: the report waits for the recording.
		expect((await tracker.report()).total.calls).toBe(11);
	});
});

describe('exact sums', () => {
	it('sums decimal strings of any scale exactly, as Big does', () => {
		const values = ['0', '1', '0.5', '0.000001', '123.45', '0.0000000000001', '10', '0.30', '99999999999999999999.99999999999999999999'];
		for (let i = 0; i < 500; i++) values.push(`${i % 7}.${String((i * 7919) % 100003).padStart(i % 13, '0')}`.replace(/\.$/, ''));
		const { sum, big } = sumBothWays(values);
		expect(sum).toBe(big);
		expect(toBig(new DecimalSum()).toFixed()).toBe('0');
		const tenths = new DecimalSum();
		for (let i = 0; i < 10; i++) tenths.add('0.1');
		expect(toBig(tenths).toFixed()).toBe('1'); // never 0.9999999999999999
	});
});

describe('report options', () => {
	it('refuses what it cannot read', async () => {
		const tracker = createTracker();
		await expect(tracker.report({ groupBy: ['cost'] })).rejects.toThrow(/tag:cost/);
		await expect(tracker.report({ groupBy: ['day', 'day'] })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.report({ groupBy: ['tag:'] })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.report({ groupBy: [''] })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.report({ timeZone: 'Mars/Olympus_Mons' })).rejects.toThrow(/IANA/);
		await expect(tracker.report({ from: 2, to: 1 })).rejects.toThrow(/after/);
		await expect(tracker.report({ from: Number.NaN })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.report({ from: '2026-01-01' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.report({ where: { user: 'u' } as never })).rejects.toThrow(/where.user is not a filter/);
		await expect(tracker.report({ where: { endState: 'Done' as never } })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.report({ where: { userId: [] } })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.report({ where: { tags: { team: 1 } as never } })).rejects.toBeInstanceOf(InvalidArgumentError);
	});

	it('no groupBy: one row with everything; an empty range: no rows and a zero total; odd tag names are keys like any other', async () => {
		const { tracker } = await seeded();
		const all = await tracker.report();
		expect(all.rows).toHaveLength(1);
		expect(all.rows[0]!.cost.toFixed()).toBe('0.012294');
		const none = await tracker.report({ from: 0, to: 0 });
		expect([none.rows, none.total.calls, none.total.cost.toFixed(), none.total.costKnown]).toEqual([[], 0, '0', true]);
		const odd = createTracker();
		// Own properties, as tags parsed from JSON have them.
		await (await odd.startSession({ tags: JSON.parse('{"__proto__":"p","constructor":"c"}') })).record({ provider: 'x', model: 'y', usage: { input: 1 } });
		await (await odd.startSession({ tags: {} })).record({ provider: 'x', model: 'y', usage: { input: 1 } });
		const rows = (await odd.report({ groupBy: ['constructor', '__proto__'] })).rows;
		expect(rows.map((row) => [Object.getOwnPropertyDescriptor(row, 'constructor')?.value, Object.getOwnPropertyDescriptor(row, '__proto__')?.value])).toEqual([
			['c', 'p'],
			[null, null],
		]);
	});
});

describe('index key times', () => {
	it('keyTime reads a key’s start time as Date.parse does, for every year the index orders', async () => {
		const { default: fc } = await import('fast-check');
		const { keyTime } = await import('../../src/analytics/key-time');
		const { timeKey } = await import('../../src/analytics/time-index');
		fc.assert(
			fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
				const key = timeKey('s/1', date.toISOString(), 'c');
				expect(keyTime(key)).toBe(date.getTime());
			}),
			{ numRuns: 2000 },
		);
	});
});
