import { describe, expect, it } from 'vitest';
import { BudgetExceededError, type BudgetConfig, createTracker, InvalidArgumentError, type TrackerEvent } from '../../src/index';
import { windowKeys } from '../../src/budgets/window';

/** test-model: $1 per million input tokens, $2 per million output. */
const prices = { 'openai/test-model': { input: '1', output: '2' } };

/**
 * 400 characters of prompt, max_tokens 1000. Its bound: 423 UTF-8 bytes of text and keys (400 + `messages`,
 * `role`, `user`, `content`) + 16 for the request + 8 for its message = 447 input tokens.
 */
const request = JSON.stringify({ model: 'test-model', max_tokens: 1000, messages: [{ role: 'user', content: 'x'.repeat(400) }] });
// Worst case: 447×1 + 1000×2 = 2447 → 0.002447. Actual (the upstream's usage): 104×1 + 500×2 = 1104 → 0.001104.
const WORST = '0.002447';
const ACTUAL = '0.001104';

/** An OpenAI-style upstream that counts what reached it; `gate` holds every response until opened. */
function upstream() {
	let sent = 0;
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	let gated = false;
	const body = JSON.stringify({ model: 'test-model', choices: [{ message: { content: 'ok' } }], usage: { prompt_tokens: 104, completion_tokens: 500 } });
	return {
		fetch: (async () => {
			sent++;
			if (gated) await gate;
			return new Response(body, { headers: { 'content-type': 'application/json' } });
		}) as typeof fetch,
		sent: () => sent,
		hold: () => void (gated = true),
		open: () => open(),
	};
}

function setup(budgets: BudgetConfig[], clock = { now: Date.parse('2026-11-28T12:00:00Z') }) {
	const events: TrackerEvent[] = [];
	const server = upstream();
	const tracker = createTracker({ budgets, prices, fetch: server.fetch, now: () => clock.now, onEvent: (event) => events.push(event) });
	const call = (session: { fetch: typeof fetch }) => session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: request }).then((response) => response.text());
	return { tracker, server, events, clock, call };
}

const thresholdsOf = (events: TrackerEvent[]) => events.flatMap((event) => (event.type === 'budget.threshold' ? [[event.fraction, event.spent.toFixed(), event.window]] : []));

describe('enforced budgets stop a call before it is sent', () => {
	it('refuses the call whose worst case would pass the limit, with a typed error, sending nothing', async () => {
		const { tracker, server, events, call } = setup([{ scope: 'session', limit: '0.0105', mode: 'enforce' }]);
		const session = await tracker.startSession();
		// n calls settled leave n × 0.001104 spent; an 8th needs 7 × 0.001104 + 0.002447 = 0.010175 ≤ 0.0105, a 9th 0.011279 > 0.0105.
		for (let i = 0; i < 8; i++) await call(session);
		const error = await call(session).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BudgetExceededError);
		expect(error).toMatchObject({ budget: 'session/session', scope: 'session', key: session.id, window: 'session' });
		const refused = error as BudgetExceededError;
		expect([refused.limit.toFixed(), refused.spent.toFixed(), refused.reserved.toFixed(), refused.estimate?.toFixed()]).toEqual(['0.0105', '0.008832', '0', WORST]);
		expect(server.sent()).toBe(8);
		expect(events.filter((event) => event.type === 'budget.exceeded')).toHaveLength(1);
		const summary = await session.end('Success');
		expect(summary.cost.toFixed()).toBe('0.008832');
	});

	it('sends a call without waiting for the last one to settle, until the holds standing would refuse it', async () => {
		const events: TrackerEvent[] = [];
		/** How many calls were recorded when each request left. */
		const recordedAtSend: number[] = [];
		const body = JSON.stringify({ model: 'test-model', choices: [{ message: { content: 'ok' } }], usage: { prompt_tokens: 104, completion_tokens: 500 } });
		const tracker = createTracker({
			budgets: [{ scope: 'session', limit: '0.0105', mode: 'enforce' }],
			prices,
			onEvent: (event) => events.push(event),
			fetch: (async () => {
				recordedAtSend.push(events.filter((event) => event.type === 'call.recorded').length);
				return new Response(body, { headers: { 'content-type': 'application/json' } });
			}) as typeof fetch,
		});
		const session = await tracker.startSession();
		const send = () => session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: request }).then((response) => response.text());
		for (let i = 0; i < 8; i++) await send();
		// A fetch that answers at once never lets a later task run, so ended calls settle only when a reservation asks.
		// Far from the limit, calls leave while the ended ones still hold their worst case (0.002447 each): the 5th
		// would pass 0.0105 with 4 holds, so those settle first (4 × 0.001104 spent) and it goes; the 7th and 8th
		// likewise. Each ends within the limit, as it would had every call settled before the next.
		expect(recordedAtSend).toEqual([0, 0, 0, 0, 4, 4, 6, 7]);
		await expect(send()).rejects.toBeInstanceOf(BudgetExceededError);
		expect(events.filter((event) => event.type === 'budget.exceeded')).toHaveLength(1);
		expect((await session.end('Success')).cost.toFixed()).toBe('0.008832');
	});

	it('50 concurrent requests at the edge: they see each other’s reservations and cannot overshoot together', async () => {
		const { tracker, server, call } = setup([{ scope: 'session', limit: '0.01', mode: 'enforce' }]);
		const session = await tracker.startSession();
		server.hold();
		// 4 × 0.002447 = 0.009788 fits; a 5th would reserve 0.012235.
		const results = Promise.allSettled(Array.from({ length: 50 }, () => call(session)));
		await new Promise((resolve) => setTimeout(resolve, 20));
		server.open();
		const outcomes = await results;
		expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(4);
		expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof BudgetExceededError)).toHaveLength(46);
		expect(server.sent()).toBe(4);
		const spent = (await session.end('Success')).cost;
		expect(spent.toFixed()).toBe('0.004416');
		expect(spent.lte('0.01')).toBe(true);
	});

	it('releases the reservation of a request that failed on the network', async () => {
		let fail = true;
		const tracker = createTracker({
			budgets: [{ scope: 'session', limit: '0.003', mode: 'enforce' }],
			prices,
			fetch: (async () => {
				if (fail) throw new TypeError('fetch failed');
				return new Response(JSON.stringify({ model: 'test-model', choices: [], usage: { prompt_tokens: 104, completion_tokens: 500 } }), { headers: { 'content-type': 'application/json' } });
			}) as typeof fetch,
		});
		const session = await tracker.startSession();
		const send = () => session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: request }).then((response) => response.text());
		await expect(send()).rejects.toThrow('fetch failed');
		await session.cost();
		fail = false;
		// Only one worst case (0.002447) fits in 0.003: had the failed call kept its hold, this would be refused.
		await expect(send()).resolves.toContain('ok');
	});

	it('blocks models without a price by default, and lets them through when told', async () => {
		const body = JSON.stringify({ model: 'mystery-model', messages: [] });
		const send = (session: { fetch: typeof fetch }) => session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body }).then((response) => response.text());
		const blocking = setup([{ scope: 'session', limit: '1', mode: 'enforce' }]);
		const error = await send(await blocking.tracker.startSession()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BudgetExceededError);
		expect((error as BudgetExceededError).estimate).toBeUndefined();
		expect(blocking.server.sent()).toBe(0);
		const allowing = setup([{ scope: 'session', limit: '1', mode: 'enforce', unpriced: 'allow' }]);
		await send(await allowing.tracker.startSession());
		expect(allowing.server.sent()).toBe(1);
	});

	it('counts a user’s spending across sessions, and a tag value’s across users', async () => {
		const { tracker, server, call } = setup([
			{ scope: 'user', limit: '0.005', window: 'day', mode: 'enforce' },
			{ scope: { tag: 'team' }, limit: '0.008', window: 'month', mode: 'enforce' },
		]);
		const a1 = await tracker.startSession({ userId: 'ann', tags: { team: 'red' } });
		const a2 = await tracker.startSession({ userId: 'ann', tags: { team: 'red' } });
		const b = await tracker.startSession({ userId: 'bob', tags: { team: 'red' } });
		await call(a1);
		await call(a2);
		// ann: 2 × 0.001104 = 0.002208 spent; a third needs 0.002208 + 0.002447 = 0.004655 ≤ 0.005: allowed.
		await call(a1);
		// ann: 0.003312 + 0.002447 = 0.005759 > 0.005: refused by the user budget.
		await expect(call(a2)).rejects.toMatchObject({ budget: 'user/day', key: 'ann' });
		// bob is under his own user budget, and team red has 0.003312 + 0.002447 = 0.005759 ≤ 0.008: allowed; then
		// 0.004416 + 0.002447 = 0.006863 ≤ 0.008 allowed; then 0.00552 + 0.002447 = 0.007967 ≤ 0.008 allowed; bob's own
		// 3 × 0.001104 = 0.003312 + 0.002447 = 0.005759 > 0.005 stops him first.
		await call(b);
		await call(b);
		await call(b);
		await expect(call(b)).rejects.toMatchObject({ budget: 'user/day', key: 'bob' });
		expect(server.sent()).toBe(6);
		const c = await tracker.startSession({ userId: 'cid', tags: { team: 'red' } });
		// team red: 6 × 0.001104 = 0.006624 + 0.002447 = 0.009071 > 0.008.
		await expect(call(c)).rejects.toMatchObject({ budget: 'tag:team/month', key: 'red', window: '2026-11' });
	});
});

describe('windows', () => {
	it('starts a calendar day at midnight in the budget’s time zone', async () => {
		const budgets = (timeZone: string): BudgetConfig[] => [{ scope: 'user', limit: '0.003', window: 'day', timeZone, mode: 'enforce' }];
		for (const [timeZone, allowed] of [
			['Europe/Berlin', true],
			['UTC', false],
		] as const) {
			const { tracker, clock, call } = setup(budgets(timeZone), { now: Date.parse('2026-11-28T22:30:00Z') });
			const session = await tracker.startSession({ userId: 'ann' });
			await call(session); // 23:30 in Berlin, the 28th
			clock.now = Date.parse('2026-11-28T23:30:00Z'); // 00:30 in Berlin, the 29th; still the 28th in UTC
			const second = call(session);
			if (allowed) await expect(second).resolves.toContain('ok');
			else await expect(second).rejects.toMatchObject({ window: '2026-11-28' });
		}
	});

	it('names weeks by ISO week and months by month, across a year end', async () => {
		const { tracker, clock, events } = setup([
			{ name: 'weekly', scope: 'global', limit: '0.001', window: 'week', thresholds: [1] },
			{ name: 'monthly', scope: 'global', limit: '0.001', window: 'month', thresholds: [1] },
		]);
		const session = await tracker.startSession();
		for (const at of ['2026-12-31T12:00:00Z', '2027-01-03T12:00:00Z', '2027-01-04T12:00:00Z']) {
			clock.now = Date.parse(at);
			await session.record({ provider: 'openai', model: 'test-model', usage: { input: 1000 }, at: clock.now });
		}
		// 2026-12-31 (Thursday) and 2027-01-03 (Sunday) are in ISO week 2026-W53; 2027-01-04 starts 2027-W01.
		expect(thresholdsOf(events)).toEqual([
			[1, '0.001', '2026-W53'],
			[1, '0.001', '2026-12'],
			[1, '0.001', '2027-01'],
			[1, '0.001', '2027-W01'],
		]);
	});

	it('forgets spending older than a rolling window', async () => {
		const { tracker, clock, call } = setup([{ scope: 'global', limit: '0.0036', window: { rollingMs: 3_600_000 }, mode: 'enforce' }]);
		const session = await tracker.startSession();
		const start = clock.now;
		await call(session); // 0.001104 spent
		clock.now = start + 30 * 60_000;
		await call(session); // 0.001104 + 0.002447 = 0.003551 ≤ 0.0036: sent; 0.002208 spent
		await expect(call(session)).rejects.toBeInstanceOf(BudgetExceededError); // 0.002208 + 0.002447 = 0.004655
		// 61 minutes on, the first call has left the window (it moves in 1-minute slices): 0.001104 + 0.002447 = 0.003551.
		clock.now = start + 61 * 60_000;
		await expect(call(session)).resolves.toContain('ok');
	});
});

describe('windows that are not a whole number of slices, and several choices', () => {
	it('a rolling window of 1000 ms still counts a call made 970 ms ago (its 60 slices cover the whole window)', async () => {
		const { tracker, events } = setup([{ scope: 'global', limit: '0.0015', window: { rollingMs: 1000 }, thresholds: [1] }]);
		const session = await tracker.startSession();
		const t0 = Date.parse('2026-11-28T12:00:00Z');
		await session.record({ provider: 'openai', model: 'test-model', usage: { input: 1000 }, at: t0 }); // 0.001
		await session.record({ provider: 'openai', model: 'test-model', usage: { input: 1000 }, at: t0 + 970 }); // 0.002 in the last second ≥ 0.0015
		expect(thresholdsOf(events)).toEqual([[1, '0.002', 'last 1000 ms']]);
	});

	it('a rolling window fires a threshold again when its spending climbs back past it, whatever small calls came between', async () => {
		const { tracker, events } = setup([{ scope: 'global', limit: '1', window: { rollingMs: 3_600_000 }, thresholds: [0.5] }]);
		const session = await tracker.startSession();
		const t0 = Date.parse('2026-11-28T12:00:00Z');
		const spend = (input: number, minutes: number) => session.record({ provider: 'openai', model: 'test-model', usage: { input }, at: t0 + minutes * 60_000 });
		await spend(600_000, 0); // 0.6: past 0.5
		await spend(10_000, 30); // 0.61
		await spend(600_000, 70); // the first call has left the hour: 0.01 + 0.6 = 0.61, past 0.5 again
		expect(thresholdsOf(events).map(([fraction, spent]) => [fraction, spent])).toEqual([
			[0.5, '0.6'],
			[0.5, '0.61'],
		]);
	});

	it('refusing a model without a price tells what the window has spent', async () => {
		const { tracker, call } = setup([{ scope: 'session', limit: '1', mode: 'enforce' }]);
		const session = await tracker.startSession();
		await call(session); // 0.001104
		const error = await session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'mystery-model', messages: [] }) }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BudgetExceededError);
		expect((error as BudgetExceededError).spent.toFixed()).toBe(ACTUAL);
		expect((error as BudgetExceededError).estimate).toBeUndefined();
	});

	it('reserves the output of every choice a request asks for (n)', async () => {
		const { tracker, server } = setup([{ scope: 'session', limit: '0.003', mode: 'enforce' }]);
		const session = await tracker.startSession();
		const five = JSON.stringify({ ...JSON.parse(request), n: 5 });
		// 447×1 + 5 × 1000×2 = 10447 → 0.010447 > 0.003: refused, nothing sent (one choice, 0.002447, would pass).
		await expect(session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: five })).rejects.toBeInstanceOf(BudgetExceededError);
		expect(server.sent()).toBe(0);
	});
});

describe('alerts', () => {
	it('fires each threshold once per window, in order, through onEvent and a typed subscription', async () => {
		const { tracker, clock, events } = setup([{ scope: 'user', limit: '0.005', window: 'day', mode: 'warn', thresholds: [0.5, 0.8, 1] }]);
		const seen: number[] = [];
		const stop = tracker.on('budget.threshold', (event) => seen.push(event.fraction));
		const session = await tracker.startSession({ userId: 'ann' });
		const spend = () => session.record({ provider: 'openai', model: 'test-model', usage: { input: 1000 }, at: clock.now }); // 0.001 each
		for (let i = 0; i < 7; i++) await spend();
		// 0.003 ≥ 0.0025 (50 %), 0.004 ≥ 0.004 (80 %), 0.005 ≥ 0.005 (100 %); nothing again at 0.006 and 0.007: warn never blocks.
		expect(thresholdsOf(events)).toEqual([
			[0.5, '0.003', '2026-11-28'],
			[0.8, '0.004', '2026-11-28'],
			[1, '0.005', '2026-11-28'],
		]);
		expect(seen).toEqual([0.5, 0.8, 1]);
		stop();
		clock.now += 86_400_000;
		for (let i = 0; i < 3; i++) await spend();
		expect(thresholdsOf(events).slice(3)).toEqual([[0.5, '0.003', '2026-11-29']]);
		expect(seen).toEqual([0.5, 0.8, 1]);
	});
});

describe('budget options', () => {
	it('refuses what it cannot use, with typed errors', () => {
		const bad: unknown[] = [
			{ scope: 'team', limit: '1' },
			{ scope: 'user', limit: 5, window: 'day' },
			{ scope: 'user', limit: '5' },
			{ scope: 'user', limit: '5', window: 'year' },
			{ scope: 'user', limit: '5', window: 'session' },
			{ scope: 'user', limit: '5', window: 'day', timeZone: 'Mars/Olympus' },
			{ scope: 'global', limit: '5', window: 'day', thresholds: [0.8, 0.5] },
			{ scope: 'global', limit: '5', window: 'day', mode: 'block' },
		];
		for (const budget of bad) expect(() => createTracker({ budgets: [budget as BudgetConfig] })).toThrow(InvalidArgumentError);
		expect(() =>
			createTracker({
				budgets: [
					{ scope: 'global', limit: '1', window: 'day' },
					{ scope: 'global', limit: '2', window: 'day' },
				],
			}),
		).toThrow(/named/);
	});
});

describe('budget refusals through an official SDK', () => {
	it('reaches the app as the cause of the SDK’s own error, with nothing sent', async () => {
		const { default: OpenAI } = await import('openai');
		const { budgetExceeded } = await import('../../src/index');
		const { tracker, server } = setup([{ scope: 'session', limit: '0.001', mode: 'enforce' }]);
		const session = await tracker.startSession();
		const openai = new OpenAI({ apiKey: 'sk-test', fetch: session.fetch, maxRetries: 0 });
		const error = await openai.chat.completions.create({ model: 'test-model', max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
		expect(error).not.toBeInstanceOf(BudgetExceededError);
		expect(budgetExceeded(error)).toBeInstanceOf(BudgetExceededError);
		expect(budgetExceeded(error)?.limit.toFixed()).toBe('0.001');
		expect(budgetExceeded(new Error('other'))).toBeUndefined();
		expect(server.sent()).toBe(0);
	});
});

describe('budget windows by local date', () => {
	it('names the day, week and month in a zone as Intl does at that instant, across DST changes and odd offsets', () => {
		const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];
		const direct = (at: number, timeZone: string) => {
			const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at).map((p) => [p.type, p.value]));
			return `${parts.year}-${parts.month!.padStart(2, '0')}-${parts.day!.padStart(2, '0')}`;
		};
		let seed = 3;
		const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
		for (let index = 0; index < 4000; index++) {
			const timeZone = zones[index % zones.length]!;
			// Around midnights and DST changes: instants in 2026, many a few ms from a quarter hour's edge.
			const base = Date.UTC(2026, Math.floor(random() * 12), 1 + Math.floor(random() * 28), Math.floor(random() * 24), Math.floor(random() * 4) * 15);
			const at = base + (index % 3 === 0 ? -1 : index % 3 === 1 ? 0 : Math.floor(random() * 900_000));
			expect(windowKeys({ window: 'day', timeZone }, at).write, `${new Date(at).toISOString()} in ${timeZone}`).toBe(direct(at, timeZone));
		}
	});
});
