// Only the tracker: `tokentab/core` with custom prices. No catalog, IndexedDB, ky or Durable Object.
import { createTracker } from 'tokentab/core';

const tracker = createTracker({ prices: { 'openai/gpt-4o': { input: '2.5', output: '10' } } });
tracker.startSession().then(async (session) => {
	await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000, output: 100 } });
	const summary = await tracker.endSession(session.id, 'Success');
	console.log(JSON.stringify({ cost: summary.cost.toFixed(), costKnown: summary.costKnown }));
});
