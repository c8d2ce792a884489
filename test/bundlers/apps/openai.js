// The tracker and one provider's prices: OpenAI's, not Anthropic's.
import { createTracker } from 'tokentab/core';
import openai from 'tokentab/prices/openai';

const tracker = createTracker({ catalog: openai });
tracker.startSession().then(async (session) => {
	await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000, output: 100 } });
	await session.record({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { input: 1000, output: 100 } });
	const summary = await tracker.endSession(session.id, 'Success');
	console.log(JSON.stringify({ cost: summary.cost.toFixed(), costKnown: summary.costKnown }));
});
