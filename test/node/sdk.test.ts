import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, inject, it } from 'vitest';
import { createTracker } from '../../src/index';

const base = inject('llmServerUrl');
const messages = [{ role: 'user' as const, content: 'Say hello' }];

/** Runs the same SDK call through plain fetch and through session.fetch; returns both results and the summary. */
async function both<T>(call: (fetch: typeof globalThis.fetch) => Promise<T>) {
	const tracker = createTracker();
	const session = await tracker.startSession();
	const tracked = await call(session.fetch);
	const direct = await call(globalThis.fetch);
	return { tracked, direct, summary: await tracker.endSession(session.id, 'Success') };
}

async function drain<T>(stream: AsyncIterable<T>): Promise<T[]> {
	const items: T[] = [];
	for await (const item of stream) items.push(item);
	return items;
}

const openai = (file: string, fetch: typeof globalThis.fetch) => new OpenAI({ apiKey: 'sk-test', baseURL: `${base}/fixture/openai/${file}/v1`, fetch, maxRetries: 0 });
const anthropic = (file: string, fetch: typeof globalThis.fetch) => new Anthropic({ apiKey: 'sk-ant-test', baseURL: `${base}/fixture/anthropic/${file}`, fetch, maxRetries: 0 });

describe('official openai SDK with fetch: session.fetch', () => {
	it('chat completion', async () => {
		const { tracked, direct, summary } = await both((fetch) => openai('openai-chat.json', fetch).chat.completions.create({ model: 'gpt-4o', messages }));
		expect(tracked).toEqual(direct);
		expect(tracked.usage?.completion_tokens).toBe(37);
		expect(summary.cost.toFixed()).toBe('0.000405');
		expect(summary.byModel[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o-2024-08-06' });
	});

	it('streamed chat completion with include_usage', async () => {
		const { tracked, direct, summary } = await both(async (fetch) =>
			drain(await openai('openai-chat-stream.recorded-fantasy.sse', fetch).chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } })),
		);
		expect(tracked).toEqual(direct);
		expect(tracked.length).toBeGreaterThan(2);
		expect(summary.cost.toFixed()).toBe('0.00007');
		expect(summary.calls).toBe(1);
	});

	it('responses, plain and streamed', async () => {
		const plain = await both((fetch) => openai('openai-responses-reasoning.recorded-fantasy.json', fetch).responses.create({ model: 'gpt-5', input: 'hi' }));
		expect(plain.tracked).toEqual(plain.direct);
		expect(plain.summary.cost.toFixed()).toBe('0.00088375');
		expect(plain.summary.usage).toEqual({ input: 19, output: 22, reasoning: 64 });

		const streamed = await both(async (fetch) => drain(await openai('openai-responses-stream.recorded-fantasy.sse', fetch).responses.create({ model: 'gpt-4o', input: 'hi', stream: true })));
		expect(streamed.tracked).toEqual(streamed.direct);
		expect(streamed.summary.cost.toFixed()).toBe('0.00008');
	});

	it('embeddings', async () => {
		const { tracked, direct, summary } = await both((fetch) => openai('openai-embeddings.json', fetch).embeddings.create({ model: 'text-embedding-3-large', input: 'x', encoding_format: 'float' }));
		expect(tracked).toEqual(direct);
		expect(summary.cost.toFixed()).toBe('0.00000013');
	});
});

describe('official @anthropic-ai/sdk with fetch: session.fetch', () => {
	it('message', async () => {
		const { tracked, direct, summary } = await both((fetch) => anthropic('anthropic-messages.json', fetch).messages.create({ model: 'claude-sonnet-4-0', max_tokens: 100, messages }));
		expect(tracked).toEqual(direct);
		expect(summary.cost.toFixed()).toBe('0.00219');
		expect(summary.byModel[0]?.model).toBe('claude-sonnet-4-20250514');
	});

	it('streamed message events', async () => {
		const { tracked, direct, summary } = await both(async (fetch) =>
			drain(await anthropic('anthropic-messages-stream.sse', fetch).messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages, stream: true })),
		);
		expect(tracked).toEqual(direct);
		expect(tracked.at(-1)?.type).toBe('message_stop');
		expect(summary.cost.toFixed()).toBe('0.001026');
	});

	it('messages.stream() helper, with web search', async () => {
		const { tracked, direct, summary } = await both((fetch) =>
			anthropic('anthropic-messages-stream-web-search.recorded-fantasy.sse', fetch).messages.stream({ model: 'claude-sonnet-4-0', max_tokens: 100, messages }).finalMessage(),
		);
		expect(tracked).toEqual(direct);
		expect(tracked.usage.input_tokens).toBe(13520);
		expect(summary.usage).toEqual({ input: 13520, output: 415, webSearch: 1 });
		expect(summary.cost.toFixed()).toBe('0.056785');
	});
});
