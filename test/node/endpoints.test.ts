import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleGenAI } from '@google/genai';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/model/record';
import { createTracker } from '../../src/index';
import { readBody } from '../support/test-server';

// Every endpoint of the newest SDKs that bills (openai 7, @google/genai 3), called through the SDK
// against a local server that answers in the endpoint's wire format, JSON and stream; and the
// endpoints that do not bill, never recorded.

type Handler = (body: string, req: IncomingMessage) => { json?: unknown; sse?: unknown[] };
let handle: Handler;
const seen: string[] = [];

let server: ReturnType<typeof createServer>;
let origin: string;

beforeAll(async () => {
	server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
		const body = (await readBody(req)).toString('latin1');
		seen.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
		const answer = handle(body, req);
		if (answer.sse) {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			for (const event of answer.sse) {
				const type = (event as { type?: string; event_type?: string }).type ?? (event as { event_type?: string }).event_type;
				res.write(`event: ${type}\ndata: ${JSON.stringify(event)}\n\n`);
			}
			res.end();
		} else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The provider's real host, answered by the local server. */
const toLocal: typeof fetch = (input, init) => {
	const request = input instanceof Request ? input : undefined;
	const url = new URL(request ? request.url : String(input));
	return fetch(`${origin}${url.pathname}${url.search}`, request ? new Request(`${origin}${url.pathname}${url.search}`, request) : init);
};

async function tracked() {
	const records: CallRecord[] = [];
	const tracker = createTracker({ fetch: toLocal, onEvent: (event) => event.type === 'call.recorded' && records.push(event.record) });
	const session = await tracker.startSession();
	return { session, records };
}

const openai = (fetch: typeof globalThis.fetch) => new OpenAI({ apiKey: 'k', fetch, maxRetries: 0 });
const google = (fetch: typeof globalThis.fetch) => new GoogleGenAI({ apiKey: 'k', httpOptions: { fetch } });

// ------------------------------------------------------------------------------------------------
// Gemini Interactions API

/** Interactions usage as the API reports it: totals and per-modality breakdowns. */
const interactionUsage = {
	total_input_tokens: 12_000,
	total_cached_tokens: 4_000,
	total_thought_tokens: 300,
	total_tool_use_tokens: 200,
	total_output_tokens: 500,
	total_tokens: 13_000,
	input_tokens_by_modality: [
		{ modality: 'text', tokens: 10_000 },
		{ modality: 'audio', tokens: 2_000 },
	],
	cached_tokens_by_modality: [
		{ modality: 'text', tokens: 3_000 },
		{ modality: 'audio', tokens: 1_000 },
	],
	output_tokens_by_modality: [{ modality: 'text', tokens: 500 }],
};
const interaction = (extra: Record<string, unknown> = {}) => ({
	id: 'int-1',
	object: 'interaction',
	model: 'gemini-2.5-flash',
	status: 'completed',
	created: '2026-12-01T00:00:00Z',
	updated: '2026-12-01T00:00:01Z',
	steps: [],
	usage: interactionUsage,
	...extra,
});

// gemini-2.5-flash: i0.3 cr0.03 o2.5 ai1 ca0.1. Uncached text 7000 + tool use 200, audio 1000;
// cached text 3000, audio 1000; output 500 + thoughts 300:
// 7200×0.3 + 1000×1 + 3000×0.03 + 1000×0.1 + 800×2.5 = 2160 + 1000 + 90 + 100 + 2000 = 5350 µ$
const INTERACTION_USAGE = { input: 7_200, inputAudio: 1_000, cacheRead: 3_000, cacheReadAudio: 1_000, output: 500, reasoning: 300 };

describe('Gemini Interactions API (client.interactions.create)', () => {
	it('JSON: its usage, every modality and the cache counted once', async () => {
		handle = () => ({ json: interaction() });
		const { session, records } = await tracked();
		await google(session.fetch).interactions.create({ model: 'gemini-2.5-flash', input: 'hi' });
		await session.summary();
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({ provider: 'google', format: 'gemini-interactions', model: 'gemini-2.5-flash', usage: INTERACTION_USAGE, cost: '0.00535' });
	});

	it('stream: interaction.created … interaction.completed', async () => {
		handle = () => ({
			sse: [
				{ event_type: 'interaction.created', interaction: { id: 'int-1', model: 'gemini-2.5-flash', status: 'in_progress' } },
				{ event_type: 'content.delta', index: 0, delta: { type: 'text', text: 'Hello' } },
				{ event_type: 'interaction.completed', interaction: { id: 'int-1', model: 'gemini-2.5-flash', status: 'completed', usage: interactionUsage } },
			],
		});
		const { session, records } = await tracked();
		const stream = await google(session.fetch).interactions.create({ model: 'gemini-2.5-flash', input: 'hi', stream: true });
		for await (const _ of stream);
		await session.summary();
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({ stream: true, usageSource: 'reported', usage: INTERACTION_USAGE, cost: '0.00535' });
	});

	it('automatic continuation: each hop is its own billed interaction, recorded once, its usage its own', async () => {
		let hop = 0;
		handle = () => {
			hop++;
			const usage = { total_input_tokens: 1_000 * hop, total_output_tokens: 100 };
			return { json: hop === 1 ? interaction({ id: 'int-1', status: 'requires_continuation', continuation_token: 'c1', usage }) : interaction({ id: `int-${hop}`, usage }) };
		};
		const { session, records } = await tracked();
		const result = await google(session.fetch).interactions.create({ model: 'gemini-2.5-flash', input: 'hi' });
		await session.summary();
		expect(hop).toBe(2);
		expect(records.map((r) => r.usage)).toEqual([
			{ input: 1_000, output: 100 },
			{ input: 2_000, output: 100 },
		]);
		// The SDK sums the hops for the app: the records add up to what it reports, no token twice.
		expect(result.usage?.total_input_tokens).toBe(3_000);
	});

	it('a service tier applies as for generateContent (flex at half price)', async () => {
		handle = () => ({ json: interaction({ service_tier: 'flex' }) });
		const { session, records } = await tracked();
		await google(session.fetch).interactions.create({ model: 'gemini-2.5-flash', input: 'hi', service_tier: 'flex' });
		await session.summary();
		expect(records[0]).toMatchObject({ serviceTier: 'flex', cost: '0.002675' });
	});
});

// ------------------------------------------------------------------------------------------------
// OpenAI images and audio

// gpt-image-1: i5 cr1.25 o40 ii10 ci2.5. Text 40 (10 cached), image 60 (20 cached), output 4160:
// 30×5 + 10×1.25 + 40×10 + 20×2.5 + 4160×40 = 150 + 12.5 + 400 + 50 + 166400 = 167012.5 µ$
const imageUsage = {
	input_tokens: 100,
	input_tokens_details: { text_tokens: 40, image_tokens: 60, cached_tokens: 30, cached_tokens_details: { text_tokens: 10, image_tokens: 20 } },
	output_tokens: 4160,
	total_tokens: 4260,
};
const IMAGE_COST = '0.1670125';

describe('OpenAI images (gpt-image token usage)', () => {
	it('generations, JSON', async () => {
		handle = () => ({ json: { created: 1, data: [{ b64_json: 'aGk=' }], usage: imageUsage } });
		const { session, records } = await tracked();
		await openai(session.fetch).images.generate({ model: 'gpt-image-1', prompt: 'a cat' });
		await session.summary();
		expect(records[0]).toMatchObject({
			provider: 'openai',
			format: 'openai-images',
			requestedModel: 'gpt-image-1',
			usage: { input: 30, cacheRead: 10, inputImage: 40, cacheReadImage: 20, output: 4160 },
			cost: IMAGE_COST,
		});
	});

	it('generations, stream: image_generation.completed carries the usage', async () => {
		handle = () => ({
			sse: [
				{ type: 'image_generation.partial_image', b64_json: 'aGk=', partial_image_index: 0, created_at: 1, size: '1024x1024', quality: 'low', background: 'opaque', output_format: 'png' },
				{ type: 'image_generation.completed', b64_json: 'aGk=', created_at: 1, size: '1024x1024', quality: 'low', background: 'opaque', output_format: 'png', usage: imageUsage },
			],
		});
		const { session, records } = await tracked();
		const stream = await openai(session.fetch).images.generate({ model: 'gpt-image-1', prompt: 'a cat', stream: true, partial_images: 1 });
		for await (const _ of stream);
		await session.summary();
		expect(records[0]).toMatchObject({ stream: true, usageSource: 'reported', cost: IMAGE_COST });
	});

	it("edits, multipart: the model read from the form's text fields", async () => {
		handle = () => ({ json: { created: 1, data: [{ b64_json: 'aGk=' }], usage: imageUsage } });
		const { session, records } = await tracked();
		await openai(session.fetch).images.edit({ model: 'gpt-image-1', prompt: 'a hat', image: await toFile(Buffer.from('png'), 'cat.png', { type: 'image/png' }) });
		await session.summary();
		expect(records[0]).toMatchObject({ format: 'openai-images', requestedModel: 'gpt-image-1', cost: IMAGE_COST });
	});
});

describe('OpenAI audio transcriptions', () => {
	const file = async () => toFile(Buffer.from('RIFF'), 'a.wav', { type: 'audio/wav' });
	// gpt-4o-transcribe: i2.5 o10 ai6. Audio 900, text 100, output 50: 900×6 + 100×2.5 + 50×10 = 5400 + 250 + 500 = 6150 µ$
	const tokens = { type: 'tokens', input_tokens: 1000, input_token_details: { text_tokens: 100, audio_tokens: 900 }, output_tokens: 50, total_tokens: 1050 };

	it('usage in tokens, JSON', async () => {
		handle = () => ({ json: { text: 'hello', usage: tokens } });
		const { session, records } = await tracked();
		await openai(session.fetch).audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await file() });
		await session.summary();
		expect(records[0]).toMatchObject({ format: 'openai-transcriptions', requestedModel: 'gpt-4o-transcribe', usage: { input: 100, inputAudio: 900, output: 50 }, cost: '0.00615' });
	});

	it('usage in tokens, stream: transcript.text.done', async () => {
		handle = () => ({
			sse: [
				{ type: 'transcript.text.delta', delta: 'hel' },
				{ type: 'transcript.text.done', text: 'hello', usage: tokens },
			],
		});
		const { session, records } = await tracked();
		const stream = await openai(session.fetch).audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await file(), stream: true });
		for await (const _ of stream);
		await session.summary();
		expect(records[0]).toMatchObject({ stream: true, cost: '0.00615' });
	});

	it('usage in seconds (whisper-1): recorded, unpriced, saying why, never a known $0', async () => {
		handle = () => ({ json: { text: 'hello', usage: { type: 'duration', seconds: 12 } } });
		const { session, records } = await tracked();
		await openai(session.fetch).audio.transcriptions.create({ model: 'whisper-1', file: await file() });
		await session.summary();
		expect(records[0]!.cost).toBeUndefined();
		expect(records[0]!.problem).toContain('billed by duration (12 s)');
	});
});

// ------------------------------------------------------------------------------------------------
// Gemini embeddings

describe('Gemini embedContent and batchEmbedContents', () => {
	it("the SDK's batchEmbedContents (one content and two), and embedContent: their usageMetadata priced", async () => {
		// 1,000 tokens a content.
		handle = (body, req) => {
			const contents = req.url!.includes('batchEmbedContents') ? (JSON.parse(body) as { requests: unknown[] }).requests.length : 1;
			const embeddings = Array.from({ length: contents }, () => ({ values: [0.1] }));
			const usageMetadata = { promptTokenCount: 1_000 * contents, totalTokenCount: 1_000 * contents };
			return { json: req.url!.includes('batchEmbedContents') ? { embeddings, usageMetadata } : { embedding: embeddings[0], usageMetadata } };
		};
		const { session, records } = await tracked();
		const client = google(session.fetch);
		await client.models.embedContent({ model: 'gemini-embedding-001', contents: 'hi' });
		await client.models.embedContent({ model: 'gemini-embedding-001', contents: ['hi', 'there'] });
		await (
			await session.fetch('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent', {
				method: 'POST',
				body: JSON.stringify({ content: { parts: [{ text: 'hi' }] } }),
			})
		).text();
		await session.summary();
		// gemini-embedding-001: i0.15
		expect(records.map((r) => [r.requestedModel ?? r.model, r.usage, r.cost])).toEqual([
			['gemini-embedding-001', { input: 1_000 }, '0.00015'],
			['gemini-embedding-001', { input: 2_000 }, '0.0003'],
			['gemini-embedding-001', { input: 1_000 }, '0.00015'],
		]);
		expect(seen.slice(-3).map((line) => line.split(':').at(-1))).toEqual(['batchEmbedContents', 'batchEmbedContents', 'embedContent']);
	});
});

// ------------------------------------------------------------------------------------------------

describe('endpoints that do not bill are never recorded', () => {
	it('countTokens, input token counts and GET retrievals', async () => {
		handle = (_body, req) => ({
			json: req.url!.includes('countTokens')
				? { totalTokens: 5 }
				: req.url!.includes('input_tokens')
					? { object: 'response.input_tokens', input_tokens: 5 }
					: { id: 'resp_1', object: 'response', created_at: 1, status: 'completed', model: 'gpt-4o', output: [], usage: { input_tokens: 5, output_tokens: 1, total_tokens: 6 } },
		});
		const { session, records } = await tracked();
		await google(session.fetch).models.countTokens({ model: 'gemini-2.5-flash', contents: 'hi' });
		await openai(session.fetch).responses.inputTokens.count({ model: 'gpt-4o', input: 'hi' });
		await openai(session.fetch).responses.retrieve('resp_1');
		const summary = await session.summary();
		expect(seen.slice(-3).map((line) => line.split(' ')[0])).toEqual(['POST', 'POST', 'GET']);
		expect(records).toHaveLength(0);
		expect(summary.calls).toBe(0);
	});
});
