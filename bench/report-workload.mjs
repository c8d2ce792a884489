// The workload of bench/report.mjs, shared by Node (memory) and Chromium (IndexedDB): `n` calls in
// sessions of 20, over 90 days, by 50 users in 5 teams, on four catalog models; and the reports timed.
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const SPAN = 90 * DAY;
const MODELS = [
	['openai', 'gpt-4o-mini'],
	['openai', 'gpt-4o'],
	['anthropic', 'claude-haiku-4-5'],
	['google', 'gemini-2.5-flash'],
];
const STATES = ['Success', 'Fail', 'Indeterminate', undefined];

/** Records `n` calls through a tracker on `store`, sessions in parallel (so stores with setMany group-commit). Resolves to the total cost. */
export async function seed(createTracker, store, n) {
	let clock = START;
	const tracker = createTracker({ store, now: () => clock });
	const sessions = n / 20;
	const one = async (k) => {
		const session = await tracker.startSession({ id: `s${k}`, userId: `user-${k % 50}`, tags: { team: `team-${k % 5}` } });
		await Promise.all(
			Array.from({ length: 20 }, (_, j) => {
				const i = k * 20 + j;
				const [provider, model] = MODELS[i % 4];
				return session.record({ provider, model, usage: { input: 1000 + (i % 997), cacheRead: 500, output: 100 + (i % 89) }, at: START + Math.floor((i * SPAN) / n) });
			}),
		);
		const state = STATES[k % 4];
		if (state) await session.end(state);
	};
	for (let k = 0; k < sessions; k += 50) await Promise.all(Array.from({ length: Math.min(50, sessions - k) }, (_, d) => one(k + d)));
	return (await tracker.report()).total.cost.toFixed();
}

const day45 = START + 45 * DAY;
export const cases = [
	['whole range, by day and model (UTC)', { groupBy: ['day', 'model'] }],
	['whole range, by week and user (Europe/Berlin)', { groupBy: ['week', 'user'], timeZone: 'Europe/Berlin' }],
	['whole range, by end state and team tag', { groupBy: ['endState', 'team'] }],
	['one user, by month', { groupBy: 'month', where: { userId: 'user-7' } }],
	['one day, by hour (Asia/Kolkata)', { groupBy: 'hour', timeZone: 'Asia/Kolkata', from: day45, to: day45 + DAY }],
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Times each case `rounds` times on a tracker over `store`; medians in ms, with the calls each counted. */
export async function time(createTracker, store, rounds) {
	const tracker = createTracker({ store });
	const rows = [];
	for (const [label, options] of cases) {
		const times = [];
		let calls = 0;
		for (let round = 0; round < rounds; round++) {
			const start = performance.now();
			const report = await tracker.report(options);
			times.push(performance.now() - start);
			calls = report.total.calls;
		}
		rows.push({ label, calls, ms: median(times) });
	}
	// What the store's read alone takes, for the whole range: the rest of a report is the tracker's.
	const times = [];
	let calls = 0;
	for (let round = 0; round < rounds; round++) {
		const start = performance.now();
		calls = (await store.listRange('time/', 'time0')).length;
		times.push(performance.now() - start);
	}
	rows.push({ label: 'the store read alone: listRange of the whole range', calls, ms: median(times) });
	return rows;
}
