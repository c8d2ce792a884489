// `tokentab`: the tracker with the whole catalog.
import { createTracker } from 'tokentab';

const tracker = createTracker();
tracker.startSession().then(async (session) => {
	await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000, output: 100 } });
	await session.record({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { input: 1000, output: 100 } });
	const summary = await tracker.endSession(session.id, 'Success');
	console.log(JSON.stringify({ cost: summary.cost.toFixed(), costKnown: summary.costKnown }));
});
