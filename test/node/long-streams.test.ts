import { describe, expect, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { WHOLE_STREAM } from '../../src/observe/body-watchers';

const encoder = new TextEncoder();

/** An upstream that sends `text` in chunks of `size` bytes. */
function upstream(text: string, size: number): typeof fetch {
	const bytes = encoder.encode(text);
	return (async () =>
		new Response(
			new ReadableStream<Uint8Array>({
				start(controller) {
					for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size));
					controller.close();
				},
			}),
			{ headers: { 'content-type': 'text/event-stream' } },
		)) as typeof fetch;
}

async function record(text: string, path: string, size = 1000, request = '{"model":"m"}') {
	const events: TrackerEvent[] = [];
	const session = await createTracker({ fetch: upstream(text, size), onEvent: (event) => events.push(event) }).startSession();
	const body = await (await session.fetch(`https://api.example.test${path}`, { method: 'POST', body: request })).text();
	expect(body).toBe(text);
	await session.end('Success');
	return events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : []))[0]!;
}

const chatChunk = (content: string) => `data: {"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"${content}"}}],"usage":null}\n\n`;

describe('long streams: only the head and the tail are parsed', () => {
	it('finds the final usage chunk after 5 MB of content', async () => {
		const text = `${chatChunk('x'.repeat(1000)).repeat(5000)}data: {"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":1250000}}\n\ndata: [DONE]\n\n`;
		expect(text.length).toBeGreaterThan(50 * WHOLE_STREAM);
		for (const size of [997, 65536]) {
			expect(await record(text, '/v1/chat/completions', size)).toMatchObject({ usageSource: 'reported', usage: { input: 7, output: 1250000 }, model: 'gpt-4o-2024-08-06' });
		}
	});

	it('finds it in chunks far smaller than an event, most of them without an event boundary', async () => {
		const text = `${chatChunk('x'.repeat(1000)).repeat(300)}data: {"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":75000}}\n\ndata: [DONE]\n\n`;
		expect(text.length).toBeGreaterThan(5 * WHOLE_STREAM);
		expect(await record(text, '/v1/chat/completions', 37)).toMatchObject({ usageSource: 'reported', usage: { input: 7, output: 75000 }, model: 'gpt-4o-2024-08-06' });
	});

	it('keeps a final event longer than the tail whole (a Responses terminal event of 300 KB)', async () => {
		const long = 'z'.repeat(300_000);
		const text = [
			`event: response.created\ndata: {"type":"response.created","response":{"object":"response","model":"gpt-5-2025-08-07","usage":null}}\n\n`,
			`event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"${'z'.repeat(900)}"}\n\n`.repeat(400),
			`event: response.completed\ndata: {"type":"response.completed","response":{"object":"response","model":"gpt-5-2025-08-07","output":[{"content":[{"text":"${long}"}]}],"usage":{"input_tokens":11,"output_tokens":90000,"output_tokens_details":{"reasoning_tokens":0}}}}\n\n`,
		].join('');
		expect(await record(text, '/v1/responses', 4096)).toMatchObject({ usageSource: 'reported', usage: { input: 11, output: 90000 } });
	});

	it('reads message_start from the head and message_delta from the tail of a long Anthropic stream', async () => {
		const text = [
			`event: message_start\ndata: {"type":"message_start","message":{"model":"claude-haiku-4-5-20251001","usage":{"input_tokens":120,"cache_read_input_tokens":3000,"output_tokens":1}}}\n\n`,
			`event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'w'.repeat(500)}"}}\n\n`.repeat(2000),
			`event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":250000}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n`,
		].join('');
		// 120×1 + 3000×0.1 + 250000×5 = 1250420
		expect(await record(text, '/v1/messages', 3000)).toMatchObject({ usageSource: 'reported', usage: { input: 120, cacheRead: 3000, output: 250000 }, cost: '1.25042' });
	});

	it('estimates the output of a long stream cut short from the text it parsed, scaled to the whole', async () => {
		// 1000 events of 1000 characters each, no usage: ~1,000,000 characters → ~250,000 tokens.
		const text = chatChunk('x'.repeat(1000)).repeat(1000);
		const result = await record(text, '/v1/chat/completions', 4096);
		expect(result.usageSource).toBe('estimated');
		const output = result.usage.output!;
		// Scaled from the head and tail only: within 1 % of the exact 250,000.
		expect(Math.abs(output - 250_000) / 250_000).toBeLessThan(0.01);
	});
});

describe('large JSON bodies: usage read from the end, memory bounded', () => {
	async function recordJson(text: string, path: string) {
		const events: TrackerEvent[] = [];
		const bytes = encoder.encode(text);
		const fetch = (async () =>
			new Response(
				new ReadableStream<Uint8Array>({
					start(controller) {
						for (let at = 0; at < bytes.length; at += 16_384) controller.enqueue(bytes.slice(at, at + 16_384));
						controller.close();
					},
				}),
				{ headers: { 'content-type': 'application/json' } },
			)) as typeof globalThis.fetch;
		const session = await createTracker({ fetch, onEvent: (event) => events.push(event) }).startSession();
		expect(await (await session.fetch(`https://api.example.test${path}`, { method: 'POST', body: '{"model":"m"}' })).text()).toBe(text);
		await session.end('Success');
		return events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : []))[0]!;
	}

	it('reads a 20 MB embeddings response (1,500 × 3,072 floats) from its head and tail', async () => {
		const vector = Array.from({ length: 3072 }, (_, i) => (i % 7) / 10 - 0.3);
		const data = Array.from({ length: 1500 }, (_, index) => ({ object: 'embedding', index, embedding: vector }));
		const text = JSON.stringify({ object: 'list', data, model: 'text-embedding-3-large', usage: { prompt_tokens: 600000, total_tokens: 600000 } });
		expect(text.length).toBeGreaterThan(20_000_000);
		// text-embedding-3-large: 0.13 per million: 600000 × 0.13 = 78000 → 0.078
		expect(await recordJson(text, '/v1/embeddings')).toMatchObject({ model: 'text-embedding-3-large', usage: { input: 600000 }, cost: '0.078', usageSource: 'reported' });
	});

	it('takes the last usage object, not one a tool input holds earlier in the body', async () => {
		const text = JSON.stringify({
			id: 'msg_1',
			type: 'message',
			model: 'claude-haiku-4-5-20251001',
			content: [{ type: 'tool_use', name: 'report', input: { usage: { input_tokens: 999999 }, padding: 'p'.repeat(400_000) } }],
			usage: { input_tokens: 1000, output_tokens: 200 },
		});
		// claude-haiku-4-5: 1000×1 + 200×5 = 2000
		expect(await recordJson(text, '/v1/messages')).toMatchObject({ model: 'claude-haiku-4-5-20251001', usage: { input: 1000, output: 200 }, cost: '0.002' });
	});
});
