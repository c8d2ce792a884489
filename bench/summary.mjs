// endSession's work (the summary of a session: every call read back and summed exactly) at 1,000,
// 10,000 and 100,000 calls, in memory, with the built package, against the store's raw read of the
// same calls. Medians over rounds of session.summary(), which is what endSession computes.
import { createTracker, memoryStore } from 'tokentab';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const figures = [];
const usage = { prompt_tokens: 1200, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1024 } };

for (const n of [1_000, 10_000, 100_000]) {
	const store = memoryStore();
	const tracker = createTracker({ store });
	const session = await tracker.startSession();
	for (let i = 0; i < n; i++) await session.record({ provider: 'openai', model: 'gpt-4o-2024-08-06', usage });
	const prefix = `call/${encodeURIComponent(session.id)}/`;
	const rounds = n >= 100_000 ? 5 : 9;
	const summaries = [];
	const reads = [];
	let summary;
	for (let round = 0; round < rounds; round++) {
		let start = performance.now();
		summary = await session.summary();
		summaries.push(performance.now() - start);
		start = performance.now();
		await store.list(prefix);
		reads.push(performance.now() - start);
	}
	if (summary.calls !== n) throw new Error(`summary counted ${summary.calls} calls, not ${n}`);
	const [value, baseline] = [median(summaries), median(reads)];
	figures.push({
		figure: `endSession / summary of one session of ${n.toLocaleString('en')} calls (memory)`,
		value: `${value.toFixed(value < 10 ? 2 : 0)} ms`,
		baseline: `raw list of the session's calls: ${baseline.toFixed(baseline < 10 ? 2 : 0)} ms`,
		ratio: value / baseline,
		reading: `time, summary ÷ raw read (total ${summary.cost.toFixed()} USD, exact)`,
	});
}
const json = process.argv.includes('--json');
(json ? console.error : console.log)(figures);
if (json) console.log(JSON.stringify({ title: 'Session summaries', figures }));
