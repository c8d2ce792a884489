// One server process of the Redis budget race: its own tracker and Redis connection, `calls`
// concurrent calls into one enforced global budget. Prints what it saw as JSON on its last line.
// Runs the built package (dist), as a deployed server would.
//   node redis-budget-worker.mjs <redis url> <llm server url> <calls> <limit> <processes>
import { createClient } from 'redis';
import { BudgetExceededError, createTracker } from '../../dist/index.js';
import { redisStore } from '../../dist/redis.js';

const [redisUrl, base, calls, limit, processes] = process.argv.slice(2);
const client = await createClient({ url: redisUrl }).connect();
const events = [];
const tracker = createTracker({
	store: redisStore(client),
	budgets: [{ name: 'race', scope: 'global', limit, window: 'day', mode: 'enforce' }],
	onEvent: (event) => event.type.startsWith('store.') && events.push(event.type),
});
const session = await tracker.startSession();
const body = JSON.stringify({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'y'.repeat(40) }] });
const url = `${base}/fixture/openai/openai-chat.json/v1/chat/completions?delay=5`;
// A barrier: every process fires its calls once all are connected and ready, so their reservations interleave.
// The last to arrive releases all at once (BLPOP wakes each waiting process).
if ((await client.incr('race-barrier')) === Number(processes))
	await client.rPush(
		'race-go',
		Array.from({ length: Number(processes) }, () => 'go'),
	);
await client.blPop('race-go', 0);
let sent = 0;
let refused = 0;
await Promise.all(
	Array.from({ length: Number(calls) }, async () => {
		try {
			await (await session.fetch(url, { method: 'POST', body })).text();
			sent++;
		} catch (error) {
			if (!(error instanceof BudgetExceededError)) throw error;
			refused++;
		}
	}),
);
const summary = await session.end('Success');
await client.close();
console.log(JSON.stringify({ sessionId: session.id, sent, refused, cost: summary.cost.toFixed(), calls: summary.calls, events }));
