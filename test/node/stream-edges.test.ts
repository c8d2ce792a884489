// Streams at their edges: cut in the middle of an event, a terminal event over a megabyte, a
// prompt blocked before any candidate, head and tail that would overlap, CR-only line ends, a
// Bedrock tool call cut short. Each checked against what the provider bills.
import { describe, expect, it } from 'vitest';
import { type CallRecord, createTracker } from '../../src/index';
import { converseEvent } from '../support/eventstream-encoder';

const enc = new TextEncoder();

/** Records one streamed call: the upstream sends `chunks` one a read, then closes (or drops the connection). */
async function record(url: string, chunks: (string | Uint8Array)[], request: unknown, { drop = false, type = 'text/event-stream' } = {}): Promise<CallRecord> {
	let i = 0;
	const fetch = (async () =>
		new Response(
			new ReadableStream<Uint8Array>(
				{
					pull(controller) {
						const chunk = chunks[i++];
						if (chunk !== undefined) controller.enqueue(typeof chunk === 'string' ? enc.encode(chunk) : chunk);
						else if (drop) controller.error(new TypeError('terminated'));
						else controller.close();
					},
				},
				{ highWaterMark: 0 },
			),
			{ headers: { 'content-type': type } },
		)) as typeof globalThis.fetch;
	const records: CallRecord[] = [];
	const session = await createTracker({ fetch, onEvent: (event) => event.type === 'call.recorded' && records.push(event.record) }).startSession();
	await (await session.fetch(url, { method: 'POST', body: JSON.stringify(request) })).arrayBuffer().catch(() => undefined);
	await session.end('Success');
	return records[0]!;
}

const split = (text: string, size: number) => {
	const bytes = enc.encode(text);
	const chunks: Uint8Array[] = [];
	for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
	return chunks;
};

describe('a stream cut in the middle of an event keeps what came before it (estimated)', () => {
	it('Anthropic: the input side from message_start, exactly', async () => {
		const r = await record(
			'https://api.anthropic.com/v1/messages',
			[
				`event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[],"usage":{"input_tokens":1000,"cache_read_input_tokens":2000,"output_tokens":1}}}\n\n`,
				`event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'x'.repeat(400)}"}}\n\n`,
				`event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tok`,
			],
			{ model: 'claude-sonnet-4-0', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] },
			{ drop: true },
		);
		expect(r).toMatchObject({ usageSource: 'estimated', usage: { input: 1000, cacheRead: 2000 } });
		expect(r.problem).toBeUndefined();
	});

	it('Gemini: the last whole cumulative usageMetadata', async () => {
		const chunk = (text: string, count: number) =>
			`data: {"candidates":[{"content":{"parts":[{"text":"${text}"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":${count},"totalTokenCount":${10 + count}},"modelVersion":"gemini-2.5-flash"}\r\n\r\n`;
		const r = await record(
			'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
			[chunk('Hello', 2), chunk(' world', 4), 'data: {"candidates":[{"content":{"parts":[{"text":" again"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":10,"candida'],
			{ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
			{ drop: true },
		);
		expect(r.usageSource).toBe('estimated');
		expect(r.usage.input).toBe(10);
		expect(r.usage.output).toBeGreaterThanOrEqual(4);
	});

	it('OpenAI Responses: cut before its terminal event, the model from response.created (one level down)', async () => {
		const r = await record(
			'https://api.openai.com/v1/responses',
			[
				'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1,"status":"in_progress","model":"gpt-4.1-2025-04-14","output":[],"usage":null}}\n\n',
				`event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"${'x'.repeat(400)}"}\n\n`,
			],
			{ prompt: { id: 'pmpt_1' }, input: 'hi', stream: true }, // a stored prompt names the model: the request names none
			{ drop: true },
		);
		expect(r).toMatchObject({ model: 'gpt-4.1-2025-04-14', usageSource: 'estimated' });
		expect(r.cost).toBeDefined();
	});

	it('OpenAI chat: cut in its final usage chunk, estimated and priced', async () => {
		const r = await record(
			'https://api.openai.com/v1/chat/completions',
			[
				'data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"Hello world"},"finish_reason":null}],"usage":null}\n\n',
				'data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":50,"completion_tok',
			],
			{ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } },
			{ drop: true },
		);
		expect(r.usageSource).toBe('estimated');
		expect(r.cost).toBeDefined();
	});
});

describe('long streams', () => {
	it('a Responses terminal event over a megabyte (it echoes long instructions) still gives its usage', async () => {
		const instructions = 'You are a helpful assistant. '.repeat(42000); // ~1.2 MB
		const response = (status: string, usage: string) =>
			`{"id":"resp_1","object":"response","status":"${status}","instructions":"${instructions}","model":"gpt-4.1-2025-04-14","output":[],"tools":[],"usage":${usage}}`;
		const text =
			`event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":${response('in_progress', 'null')}}\n\n` +
			'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"item_id":"m","output_index":0,"content_index":0,"delta":"Hi"}\n\n' +
			`event: response.completed\ndata: {"type":"response.completed","sequence_number":2,"response":${response('completed', '{"input_tokens":300000,"input_tokens_details":{"cached_tokens":0},"output_tokens":2,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":300002}')}}\n\n`;
		const r = await record('https://api.openai.com/v1/responses', split(text, 16384), { model: 'gpt-4.1', instructions, input: 'hi', stream: true });
		expect(r).toMatchObject({ usageSource: 'reported', usage: { input: 300000, output: 2 } });
		expect(r.problem).toBeUndefined();
	});

	it('head and tail never read one event twice (the estimate of a long stream is the same however it is chunked)', async () => {
		const event = (n: number) => `data: {"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"${'x'.repeat(n)}"}}],"usage":null}\n\n`;
		const [second, third, fourth] = [event(10_000), event(80_000), event(10_000)];
		const chunks = [': keepalive\n\n', event(10), second + third + fourth.slice(0, 5000), fourth.slice(5000)];
		const chunked = await record('https://api.openai.com/v1/chat/completions', chunks, { model: 'gpt-4o' });
		const whole = await record('https://api.openai.com/v1/chat/completions', [chunks.join('')], { model: 'gpt-4o' });
		expect(whole.usage.output).toBe(25003); // 100,010 characters of content at about 4 a token, rounded up
		expect(chunked.usage.output).toBe(whole.usage.output);
	});

	it('CR-only line ends in a stream over 8 MB: message_start is still read from the head', async () => {
		const text = [
			'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[],"usage":{"input_tokens":1000,"cache_read_input_tokens":2000,"output_tokens":1}}}\n\n',
			`event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'abcdefgh'.repeat(120)}"}}\n\n`.repeat(9000),
			'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":77}}\n\n',
			'event: message_stop\ndata: {"type":"message_stop"}\n\n',
		]
			.join('')
			.replace(/\n/g, '\r');
		const r = await record('https://api.anthropic.com/v1/messages', split(text, 65536), { model: 'claude-sonnet-4-0' });
		expect(r).toMatchObject({ usageSource: 'reported', usage: { input: 1000, cacheRead: 2000, output: 77 } });
	});
});

describe('endings that carry no finish', () => {
	it('Gemini: a prompt blocked before any candidate is final (reported), not estimated', async () => {
		const r = await record(
			'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
			[
				'data: {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8,"promptTokensDetails":[{"modality":"TEXT","tokenCount":8}]},"modelVersion":"gemini-2.5-flash","responseId":"r1"}\r\n\r\n',
			],
			{ contents: [{ role: 'user', parts: [{ text: 'something blocked' }] }] },
		);
		expect(r).toMatchObject({ usageSource: 'reported', usage: { input: 8 } });
	});

	it('Bedrock ConverseStream cut during a tool call: the tool input counts as generated output in the estimate', async () => {
		const r = await record(
			'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream',
			[
				converseEvent('messageStart', { role: 'assistant' }),
				converseEvent('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't1', name: 'write_file' } } }),
				...Array.from({ length: 20 }, () => converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: `{\\"content\\":\\"${'y'.repeat(200)}` } } })),
			],
			{ messages: [{ role: 'user', content: [{ text: 'write it' }] }] },
			{ drop: true, type: 'application/vnd.amazon.eventstream' },
		);
		expect(r.usageSource).toBe('estimated');
		expect(r.usage.output ?? 0).toBeGreaterThan(900); // ~4,300 characters at about 4 a token
	});
});
