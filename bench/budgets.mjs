// What an enforced budget adds to one tracked call: session.fetch with and without one, on loopback
// (the server in its own process), alternating rounds, medians. The budget is big enough never to refuse.
import { spawn } from 'node:child_process';
import { createTracker } from 'tokentab';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const child = spawn(process.execPath, [new URL('./llm-server.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => child.stdout.once('data', (data) => resolve(Number(String(data).trim()))));
const url = `http://127.0.0.1:${port}/json/v1/chat/completions`;
const request = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** A long chat: a system prompt and 60 turns of English prose, ~60 KB, as a chat app sends its history on every call. */
function conversation() {
	const prose = 'The quick brown fox jumps over the lazy dog, and then explains why in detail. ';
	const messages = [{ role: 'system', content: 'You are helpful. '.repeat(20) }];
	for (let turn = 0; turn < 60; turn++) messages.push({ role: 'user', content: prose.repeat(4) }, { role: 'assistant', content: prose.repeat(8) });
	return { model: 'gpt-4o', max_tokens: 300, messages };
}
const cases = [
	['JSON ~2 KB', request({ model: 'gpt-4o', max_tokens: 300, messages: [{ role: 'user', content: 'hello' }] })],
	['a ~60 KB conversation', request(conversation())],
];

async function perCall(session, n, init) {
	const start = performance.now();
	for (let i = 0; i < n; i++) await (await session.fetch(url, init)).arrayBuffer();
	return (performance.now() - start) / n;
}

try {
	const plain = await createTracker().startSession({ userId: 'u' });
	const budgets = [
		{ scope: 'session', limit: '1000000', mode: 'enforce' },
		{ scope: 'user', limit: '1000000', window: 'day', timeZone: 'Europe/Berlin', mode: 'enforce', thresholds: [0.5, 0.8, 1] },
	];
	const budgeted = await createTracker({ budgets }).startSession({ userId: 'u' });
	const figures = [];
	for (const [name, init] of cases) {
		await perCall(plain, 200, init);
		await perCall(budgeted, 200, init);
		const a = [];
		const b = [];
		for (let round = 0; round < 15; round++) {
			a.push(await perCall(plain, 100, init));
			b.push(await perCall(budgeted, 100, init));
		}
		const [without, withBudget] = [median(a), median(b)];
		figures.push({
			figure: `session.fetch, ${name}, 2 enforced budgets (memory store)`,
			value: `${withBudget.toFixed(3)} ms`,
			baseline: `${without.toFixed(3)} ms (session.fetch without budgets)`,
			ratio: withBudget / without,
			reading: `time, with budgets ÷ without; ${((withBudget - without) * 1000).toFixed(0)} µs added a call`,
		});
	}
	// With --json (bench/run.mjs) the table goes to stderr and the figures, as JSON, last on stdout.
	const json = process.argv.includes('--json');
	(json ? console.error : console.log)(figures);
	if (json) console.log(JSON.stringify({ title: 'Budgets', figures }));
} finally {
	child.kill();
}
