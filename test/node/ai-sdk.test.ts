import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { GoogleGenAI } from '@google/genai';
import { generateText, streamText } from 'ai';
import { describe, expect, inject, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';

const base = inject('llmServerUrl');
const fixture = (file: string) => `${base}/fixture/${file}`;

async function tracked() {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ onEvent: (event) => events.push(event) });
	const session = await tracker.startSession();
	return { session, records: () => events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : [])) };
}

/** What an AI SDK result says, without its generated ids and timestamps. */
const essence = (result: { text: string; finishReason: string; usage: unknown }) => ({ text: result.text, finishReason: result.finishReason, usage: result.usage });

describe('official @google/genai with httpOptions.fetch: session.fetch', () => {
	const client = (file: string, fetch: typeof globalThis.fetch) => new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: `${fixture(file)}/`, fetch } });

	it('generateContent', async () => {
		const { session } = await tracked();
		const tracked_ = await client('gemini/gemini-generateContent.json', session.fetch).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
		const direct = await client('gemini/gemini-generateContent.json', fetch).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
		expect(tracked_.text).toBe(direct.text);
		expect(tracked_.usageMetadata).toEqual(direct.usageMetadata);
		expect((await session.end('Success')).cost.toFixed()).toBe('0.0000692');
	});

	it('generateContentStream', async () => {
		const { session, records } = await tracked();
		const chunks: unknown[] = [];
		for await (const chunk of await client('gemini/gemini-streamGenerateContent.sse', session.fetch).models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hi' }))
			chunks.push(chunk.usageMetadata);
		expect(chunks.length).toBeGreaterThan(1);
		expect((await session.end('Success')).cost.toFixed()).toBe('0.001473');
		expect(records()[0]).toMatchObject({ stream: true, requestedModel: 'gemini-2.5-flash', usage: { input: 10, output: 48, reasoning: 540 } });
	});
});

describe('the ai SDK with fetch: session.fetch', () => {
	it('@ai-sdk/openai generateText and streamText (chat)', async () => {
		const { session } = await tracked();
		const provider = (file: string, fetch: typeof globalThis.fetch) => createOpenAI({ apiKey: 'sk-test', baseURL: `${fixture(file)}/v1`, fetch });
		const viaSession = await generateText({ model: provider('openai/openai-chat.json', session.fetch).chat('gpt-4o'), prompt: 'hi' });
		const direct = await generateText({ model: provider('openai/openai-chat.json', fetch).chat('gpt-4o'), prompt: 'hi' });
		expect(essence(viaSession)).toEqual(essence(direct));
		const stream = streamText({ model: provider('openai/openai-chat-stream.recorded-fantasy.sse', session.fetch).chat('gpt-4o'), prompt: 'hi' });
		let text = '';
		for await (const part of stream.textStream) text += part;
		expect(text.length).toBeGreaterThan(0);
		expect((await stream.usage).inputTokens).toBe(20);
		const summary = await session.end('Success');
		expect(summary.cost.toFixed()).toBe('0.000475'); // 0.000405 + 0.00007
		expect(summary.calls).toBe(2);
	});

	it('@ai-sdk/openai on the Responses API', async () => {
		const { session } = await tracked();
		const openai = createOpenAI({ apiKey: 'sk-test', baseURL: `${fixture('openai/openai-responses-stream.recorded-fantasy.sse')}/v1`, fetch: session.fetch });
		const stream = streamText({ model: openai.responses('gpt-4o'), prompt: 'hi' });
		for await (const _ of stream.textStream);
		expect((await session.end('Success')).cost.toFixed()).toBe('0.00008');
	});

	it('@ai-sdk/anthropic generateText and streamText', async () => {
		const { session } = await tracked();
		const anthropic = (file: string) => createAnthropic({ apiKey: 'sk-ant', baseURL: `${fixture(file)}/v1`, fetch: session.fetch });
		const result = await generateText({ model: anthropic('anthropic/anthropic-messages.json')('claude-sonnet-4-0'), prompt: 'hi' });
		expect(result.usage.inputTokens).toBe(505);
		const stream = streamText({ model: anthropic('anthropic/anthropic-messages-stream-web-search.recorded-fantasy.sse')('claude-sonnet-4-0'), prompt: 'hi' });
		await stream.consumeStream();
		const summary = await session.end('Success');
		expect(summary.cost.toFixed()).toBe('0.058975'); // 0.00219 + 0.056785
	});

	it('@ai-sdk/google generateText and streamText', async () => {
		const { session } = await tracked();
		const google = (file: string) => createGoogleGenerativeAI({ apiKey: 'g-key', baseURL: `${fixture(file)}/v1beta`, fetch: session.fetch });
		await generateText({ model: google('gemini/gemini-generateContent.json')('gemini-2.5-flash'), prompt: 'hi' });
		const stream = streamText({ model: google('gemini/gemini-streamGenerateContent.sse')('gemini-2.5-flash'), prompt: 'hi' });
		await stream.consumeStream();
		expect((await session.end('Success')).cost.toFixed()).toBe('0.0015422'); // 0.0000692 + 0.001473
	});

	it('streamText aborted half way: the abort reaches upstream, and the call is recorded as estimated', async () => {
		const { session, records } = await tracked();
		// 58 KB served 512 bytes every 5 ms: the message_start and some text arrive, then the app stops.
		const baseURL = `${fixture('anthropic/anthropic-messages-stream-web-search.recorded-fantasy.sse')}/v1`;
		const anthropic = createAnthropic({ apiKey: 'sk-ant', baseURL, fetch: (input, init) => session.fetch(`${input}?chunk=512&delay=5`, init) });
		const controller = new AbortController();
		const stream = streamText({ model: anthropic('claude-sonnet-4-0'), prompt: 'hi', abortSignal: controller.signal });
		let parts = 0;
		try {
			for await (const _ of stream.fullStream) if (++parts === 3) controller.abort();
		} catch {
			// The SDK may surface the abort as an error; either way the app has stopped.
		}
		const summary = await session.end('Indeterminate');
		expect(summary.calls).toBe(1);
		expect(summary.estimatedCalls).toBe(1);
		// message_start's exact input side is kept (2049); the output is at least what had streamed.
		expect(records()[0]).toMatchObject({ usageSource: 'estimated', usage: { input: 2049 } });
		expect(records()[0]!.usage.webSearch).toBeUndefined();
	});
});
