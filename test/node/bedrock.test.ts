import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { createEventStreamDecoder, type EventStreamMessage } from '../../src/providers/eventstream';
import { converseEvent, crc32, encodeMessage } from '../support/eventstream-encoder';

const FIXTURE = new URL('../fixtures/providers/bedrock/bedrock-invoke-with-response-stream-anthropic.recorded-fantasy.bin', import.meta.url);

function decodeAll(bytes: Uint8Array, chunk: number): EventStreamMessage[] {
	const messages: EventStreamMessage[] = [];
	const decoder = createEventStreamDecoder((message) => messages.push({ headers: message.headers, payload: message.payload.slice() }));
	for (let at = 0; at < bytes.length; at += chunk) decoder.push(bytes.slice(at, at + chunk));
	return messages;
}

async function serve(body: BodyInit, contentType: string, url: string, request = '{}') {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ onEvent: (event) => events.push(event), fetch: (async () => new Response(body, { headers: { 'content-type': contentType } })) as typeof fetch });
	const session = await tracker.startSession();
	await (await session.fetch(url, { method: 'POST', body: request })).arrayBuffer();
	await session.end('Success');
	return events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : []));
}

describe('AWS event stream', () => {
	it('decodes the recorded Bedrock stream the same however it is cut, and re-encodes it byte for byte', async () => {
		const bytes = new Uint8Array(await readFile(FIXTURE));
		const whole = decodeAll(bytes, bytes.length);
		expect(whole.map((message) => message.headers[':event-type'])).toEqual(Array(whole.length).fill('chunk'));
		for (const chunk of [1, 7, 100]) expect(decodeAll(bytes, chunk)).toEqual(whole);
		// The encoder used by the tests below writes exactly what AWS wrote, CRCs included.
		const again = whole.map((message) => encodeMessage(message.headers, message.payload));
		expect(Buffer.concat(again)).toEqual(Buffer.from(bytes));
		expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
	});

	it('refuses a message that claims to be huge instead of buffering it', () => {
		const decoder = createEventStreamDecoder(() => {});
		const prelude = new Uint8Array(12);
		new DataView(prelude.buffer).setUint32(0, 0x7fffffff);
		expect(() => decoder.push(prelude)).toThrow(/too large/);
	});
});

describe('Bedrock Converse', () => {
	const url = 'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse';

	it('reads usage from a Converse body, cache reads and writes apart', async () => {
		// Shape of the AWS API reference's Converse response (TokenUsage).
		const body = JSON.stringify({
			output: { message: { role: 'assistant', content: [{ text: 'Hello' }] } },
			stopReason: 'end_turn',
			usage: { inputTokens: 30, outputTokens: 12, totalTokens: 142, cacheReadInputTokens: 60, cacheWriteInputTokens: 40 },
			metrics: { latencyMs: 310 },
		});
		const [record] = await serve(body, 'application/json', url);
		expect(record).toMatchObject({
			provider: 'bedrock',
			format: 'bedrock-converse',
			requestedModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
			model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
			usage: { input: 30, cacheRead: 60, cacheWrite5m: 40, output: 12 },
			usageSource: 'reported',
		});
	});

	it('reads usage from the metadata event of a ConverseStream, 1h cache writes apart', async () => {
		const stream = Buffer.concat([
			converseEvent('messageStart', { role: 'assistant' }),
			converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello there' } }),
			converseEvent('contentBlockStop', { contentBlockIndex: 0 }),
			converseEvent('messageStop', { stopReason: 'end_turn' }),
			converseEvent('metadata', {
				usage: {
					inputTokens: 25,
					outputTokens: 3,
					totalTokens: 278,
					cacheReadInputTokens: 0,
					cacheWriteInputTokens: 250,
					cacheDetails: [
						{ ttl: '1h', inputTokens: 200 },
						{ ttl: '5m', inputTokens: 50 },
					],
				},
				metrics: { latencyMs: 420 },
			}),
		]);
		const [record] = await serve(stream, 'application/vnd.amazon.eventstream', url.replace('/converse', '/converse-stream'));
		expect(record).toMatchObject({ stream: true, usage: { input: 25, cacheWrite5m: 50, cacheWrite1h: 200, output: 3 }, usageSource: 'reported' });
	});

	it('estimates a ConverseStream cut before its metadata', async () => {
		const stream = Buffer.concat([converseEvent('messageStart', { role: 'assistant' }), converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'x'.repeat(40) } })]);
		const request = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'abc '.repeat(20) }] }] });
		const [record] = await serve(stream, 'application/vnd.amazon.eventstream', url.replace('/converse', '/converse-stream'), request);
		// input: 20 words + 4 for the message = 24; output: 40 characters, at 4 a token (a prompt under 200 characters) = 10
		expect(record).toMatchObject({ usage: { input: 24, output: 10 }, usageSource: 'estimated' });
	});
});
