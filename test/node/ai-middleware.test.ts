import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { convertArrayToReadableStream, MockLanguageModelV4 } from 'ai/test';
import { describe, expect, inject, it } from 'vitest';
import { tokentabMiddleware } from '../../src/ai';
import { createTracker, type Store, type TrackerEvent } from '../../src/index';

const base = inject('llmServerUrl');

async function tracked(store?: Store) {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ onEvent: (event) => events.push(event), ...(store ? { store } : {}) });
	const session = await tracker.startSession();
	return { session, events, records: () => events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : [])) };
}

// Anthropic-style usage: 100 uncached + 1000 cache reads + 200 cache writes in, 50 visible + 64 reasoning out.
const usage = { inputTokens: { total: 1300, noCache: 100, cacheRead: 1000, cacheWrite: 200 }, outputTokens: { total: 114, text: 50, reasoning: 64 } };
const buckets = { input: 100, cacheRead: 1000, cacheWrite5m: 200, output: 50, reasoning: 64 };
// claude-sonnet-4-0: 100 × $3 + 1000 × $0.30 + 200 × $3.75 + (50 + 64) × $15, per million
const cost = '0.00306';

describe('tokentabMiddleware with ai 7 and its mock language model', () => {
	it('generateText: records the SDK usage with the provider and the served model', async () => {
		const { session, records } = await tracked();
		const model = new MockLanguageModelV4({
			provider: 'anthropic.messages',
			modelId: 'claude-sonnet-4-0',
			doGenerate: { content: [{ type: 'text', text: 'hi' }], finishReason: { unified: 'stop', raw: 'end_turn' }, usage, warnings: [], response: { modelId: 'claude-sonnet-4-20250514' } },
		});
		const result = await generateText({ model: wrapLanguageModel({ model, middleware: tokentabMiddleware(session) }), prompt: 'hi' });
		expect(result.text).toBe('hi');
		const summary = await session.end('Success');
		expect(records()).toMatchObject([{ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage: buckets, usageSource: 'reported' }]);
		expect(summary.cost.toFixed()).toBe(cost);
	});

	it('streamText: records once, from the finish part, with the model of response-metadata', async () => {
		const { session, records } = await tracked();
		const model = new MockLanguageModelV4({
			provider: 'anthropic.messages',
			modelId: 'claude-sonnet-4-0',
			doStream: {
				stream: convertArrayToReadableStream([
					{ type: 'stream-start', warnings: [] },
					{ type: 'response-metadata', id: 'r1', modelId: 'claude-sonnet-4-20250514' },
					{ type: 'text-start', id: 't' },
					{ type: 'text-delta', id: 't', delta: 'hel' },
					{ type: 'text-delta', id: 't', delta: 'lo' },
					{ type: 'text-end', id: 't' },
					{ type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage },
				]),
			},
		});
		const stream = streamText({ model: wrapLanguageModel({ model, middleware: tokentabMiddleware(() => session) }), prompt: 'hi' });
		let text = '';
		for await (const part of stream.textStream) text += part;
		expect(text).toBe('hello');
		const summary = await session.end('Success');
		expect(summary.calls).toBe(1);
		expect(records()[0]).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage: buckets });
		expect(summary.cost.toFixed()).toBe(cost);
	});

	it("a gateway's model: provider and model from its `provider/model` id; totals without a breakdown", async () => {
		const { session, records } = await tracked();
		const model = new MockLanguageModelV4({
			provider: 'gateway',
			modelId: 'openai/gpt-4o',
			doGenerate: {
				content: [{ type: 'text', text: 'x' }],
				finishReason: { unified: 'stop', raw: 'stop' },
				usage: { inputTokens: { total: 1000, noCache: undefined, cacheRead: 800, cacheWrite: undefined }, outputTokens: { total: 100, text: undefined, reasoning: undefined } },
				warnings: [],
			},
		});
		await generateText({ model: wrapLanguageModel({ model, middleware: tokentabMiddleware(session) }), prompt: 'hi' });
		const summary = await session.end('Success');
		expect(records()[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o', usage: { input: 200, cacheRead: 800, output: 100 } });
		expect(summary.cost.toFixed()).toBe('0.0025'); // 200 × $2.5 + 800 × $1.25 + 100 × $10, per million
	});

	it('never fails the call: a broken store and no session are no errors to the app', async () => {
		const broken: Store = {
			get: async () => undefined,
			set: async () => Promise.reject(new Error('disk on fire')),
			list: async () => [],
			delete: async () => undefined,
		};
		const { session, events } = await tracked(broken);
		const model = () =>
			new MockLanguageModelV4({
				provider: 'openai.chat',
				modelId: 'gpt-4o',
				doGenerate: { content: [{ type: 'text', text: 'ok' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] },
			});
		expect((await generateText({ model: wrapLanguageModel({ model: model(), middleware: tokentabMiddleware(session) }), prompt: 'hi' })).text).toBe('ok');
		expect((await generateText({ model: wrapLanguageModel({ model: model(), middleware: tokentabMiddleware(() => undefined) }), prompt: 'hi' })).text).toBe('ok');
		expect((await session.summary()).calls).toBe(1);
		expect(events.some((event) => event.type.startsWith('store.') || event.type === 'call.unsaved')).toBe(true);
	});
});

describe('one or the other: @ai-sdk/openai against the local server, recorded by session.fetch or by the middleware', () => {
	const cases = [
		['chat completion', 'openai/openai-chat.json', 'chat', false, '0.000405'],
		['streamed chat completion', 'openai/openai-chat-stream.recorded-fantasy.sse', 'chat', true, '0.00007'],
		['Responses API with reasoning', 'openai/openai-responses-reasoning.recorded-fantasy.json', 'responses', false, '0.00088375'],
	] as const;

	it.each(cases)('%s: the same usage and cost either way, and each call counted once', async (_, file, api, stream, expected) => {
		const run = async (via: 'fetch' | 'middleware') => {
			const { session, records } = await tracked();
			const openai = createOpenAI({ apiKey: 'sk-test', baseURL: `${base}/fixture/${file}/v1`, ...(via === 'fetch' ? { fetch: session.fetch } : {}) });
			const plain = api === 'chat' ? openai.chat('gpt-4o') : openai.responses('gpt-5');
			const model = via === 'middleware' ? wrapLanguageModel({ model: plain, middleware: tokentabMiddleware(session) }) : plain;
			if (stream) await streamText({ model, prompt: 'hi' }).consumeStream();
			else await generateText({ model, prompt: 'hi' });
			const summary = await session.end('Success');
			return { cost: summary.cost.toFixed(), calls: summary.calls, usage: summary.usage, model: records()[0]?.model };
		};
		const [viaFetch, viaMiddleware] = [await run('fetch'), await run('middleware')];
		expect(viaFetch).toMatchObject({ cost: expected, calls: 1 });
		expect(viaMiddleware).toEqual(viaFetch);
	});
});
