// Usage details the official docs describe beyond the recorded fixtures, each checked against a hand
// computation from the catalog's prices (USD per million tokens, per call for tools).
import { describe, expect, it } from 'vitest';
import { type CallRecord, createTracker } from '../../src/index';

/** A tracker whose fetch answers every call with `body` (JSON, or an SSE text when `sse`), and the records it made. */
function answering(body: unknown, { headers = {}, sse = false }: { headers?: Record<string, string>; sse?: boolean } = {}) {
	const records: CallRecord[] = [];
	const tracker = createTracker({
		fetch: (async () => new Response(sse ? String(body) : JSON.stringify(body), { headers: { 'content-type': sse ? 'text/event-stream' : 'application/json', ...headers } })) as typeof fetch,
		onEvent: (event) => event.type === 'call.recorded' && records.push(event.record),
	});
	return { tracker, records };
}

async function call(tracker: ReturnType<typeof createTracker>, url: string, request: unknown) {
	const session = await tracker.startSession();
	await (await session.fetch(url, { method: 'POST', body: JSON.stringify(request) })).text();
	await session.end('Success');
}

const webSearch = (id: string, action = 'search') => ({ type: 'web_search_call', id, status: 'completed', action: { type: action, query: id } });
const responseBody = {
	id: 'resp_1',
	object: 'response',
	model: 'gpt-4o-2024-08-06',
	status: 'completed',
	output: [
		webSearch('ws_1'),
		webSearch('ws_2'),
		{ ...webSearch('ws_3', 'open_page'), action: { type: 'open_page', url: 'https://example.com' } },
		{ type: 'file_search_call', id: 'fs_1', status: 'completed', queries: ['q'] },
		{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'hi', annotations: [] }] },
	],
	usage: { input_tokens: 1000, input_tokens_details: { cached_tokens: 0 }, output_tokens: 100, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1100 },
};

describe('OpenAI Responses: tool calls billed per call, counted from the output', () => {
	// gpt-4o: i2.5 o10 ws0.01 fs0.0025. 1000×2.5 + 100×10 = 3500 µ$ = 0.0035; two searches 0.02; one file search 0.0025.
	const expected = { usage: { input: 1000, output: 100, webSearch: 2, fileSearch: 1 }, cost: '0.026' };

	it('JSON: each web search (not a page opened) and each file search', async () => {
		const { tracker, records } = answering(responseBody);
		await call(tracker, 'https://api.openai.com/v1/responses', { model: 'gpt-4o', tools: [{ type: 'web_search' }], input: 'q' });
		expect(records[0]).toMatchObject(expected);
	});

	it('a stream: from the terminal event', async () => {
		const events = [
			`event: response.created\ndata: ${JSON.stringify({ type: 'response.created', response: { ...responseBody, status: 'in_progress', output: [], usage: null } })}\n\n`,
			`event: response.output_text.delta\ndata: ${JSON.stringify({ type: 'response.output_text.delta', delta: 'hi' })}\n\n`,
			`event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', response: responseBody })}\n\n`,
		].join('');
		const { tracker, records } = answering(events, { sse: true });
		await call(tracker, 'https://api.openai.com/v1/responses', { model: 'gpt-4o', stream: true, input: 'q' });
		expect(records[0]).toMatchObject({ ...expected, usageSource: 'reported' });
	});
});

describe('cached audio has a price of its own', () => {
	it('Gemini: cacheTokensDetails split cached audio from cached text', async () => {
		const session = await createTracker().startSession();
		const record = await session.record({
			provider: 'google',
			model: 'gemini-2.5-flash',
			usage: {
				promptTokenCount: 3000,
				cachedContentTokenCount: 2000,
				candidatesTokenCount: 100,
				thoughtsTokenCount: 400,
				totalTokenCount: 3500,
				promptTokensDetails: [
					{ modality: 'TEXT', tokenCount: 1500 },
					{ modality: 'AUDIO', tokenCount: 1500 },
				],
				cacheTokensDetails: [
					{ modality: 'TEXT', tokenCount: 1000 },
					{ modality: 'AUDIO', tokenCount: 1000 },
				],
			},
		});
		expect(record.usage).toEqual({ input: 500, inputAudio: 500, cacheRead: 1000, cacheReadAudio: 1000, output: 100, reasoning: 400 });
		// i0.3 ai1 cr0.03 ca0.1 o2.5: 500×0.3 + 500×1 + 1000×0.03 + 1000×0.1 + 100×2.5 + 400×2.5 = 150 + 500 + 30 + 100 + 250 + 1000 = 2030 µ$
		expect(record.cost).toBe('0.00203');
	});

	it('Gemini 2.5 Pro, whose audio costs what text does and lists no cached-audio price: a cache read', async () => {
		const session = await createTracker().startSession();
		const record = await session.record({
			provider: 'google',
			model: 'gemini-2.5-pro',
			usage: {
				promptTokenCount: 2000,
				cachedContentTokenCount: 1000,
				candidatesTokenCount: 100,
				cacheTokensDetails: [{ modality: 'AUDIO', tokenCount: 1000 }],
				promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 2000 }],
			},
		});
		expect(record.usage).toEqual({ inputAudio: 1000, cacheReadAudio: 1000, output: 100 });
		// i1.25 ai1.25 cr0.125 o10: 1000×1.25 + 1000×0.125 + 100×10 = 1250 + 125 + 1000 = 2375 µ$
		expect(record.cost).toBe('0.002375');
	});

	it('OpenAI Realtime: input_token_details, its cached tokens split by modality', async () => {
		const session = await createTracker().startSession();
		const record = await session.record({
			provider: 'openai',
			model: 'gpt-realtime',
			usage: {
				total_tokens: 2000,
				input_tokens: 1500,
				output_tokens: 500,
				input_token_details: { text_tokens: 500, audio_tokens: 1000, image_tokens: 0, cached_tokens: 600, cached_tokens_details: { text_tokens: 200, audio_tokens: 400, image_tokens: 0 } },
				output_token_details: { text_tokens: 100, audio_tokens: 400 },
			},
		});
		expect(record.usage).toEqual({ input: 300, cacheRead: 200, inputAudio: 600, cacheReadAudio: 400, output: 100, outputAudio: 400 });
		// i4 cr0.4 ai32 ca0.4 o16 ao64: 300×4 + 200×0.4 + 600×32 + 400×0.4 + 100×16 + 400×64 = 1200 + 80 + 19200 + 160 + 1600 + 25600 = 47840 µ$
		expect(record.cost).toBe('0.04784');
	});
	it('OpenAI Realtime: cached images at the cached image price, not counted twice; uncached images at the image price', async () => {
		const session = await createTracker().startSession();
		const record = await session.record({
			provider: 'openai',
			model: 'gpt-realtime',
			usage: {
				input_tokens: 1500,
				output_tokens: 0,
				input_token_details: { text_tokens: 500, audio_tokens: 600, image_tokens: 400, cached_tokens: 700, cached_tokens_details: { text_tokens: 200, audio_tokens: 300, image_tokens: 200 } },
			},
		});
		// Uncached: text 300, audio 300, image 200; cached: text 200, audio 300, image 200.
		expect(record.usage).toEqual({ input: 300, cacheRead: 200, inputAudio: 300, cacheReadAudio: 300, inputImage: 200, cacheReadImage: 200 });
		// i4 cr0.4 ai32 ca0.4 ii5 ci0.5: 300×4 + 200×0.4 + 300×32 + 300×0.4 + 200×5 + 200×0.5 = 1200 + 80 + 9600 + 120 + 1000 + 100 = 12100 µ$
		expect(record.cost).toBe('0.0121');
	});
});

describe('more of what a usage object says', () => {
	it('gpt-image-1: input image tokens are priced as images', async () => {
		const session = await createTracker().startSession();
		const record = await session.record({
			provider: 'openai',
			model: 'gpt-image-1',
			usage: { input_tokens: 1050, input_tokens_details: { text_tokens: 50, image_tokens: 1000 }, output_tokens: 4160, total_tokens: 5210 },
		});
		expect(record.usage).toEqual({ input: 50, inputImage: 1000, output: 4160 });
		// i5 ii10 o40: 50×5 + 1000×10 + 4160×40 = 250 + 10000 + 166400 = 176650 µ$
		expect(record.cost).toBe('0.17665');
	});

	it("xAI's image tokens (Chat Completions naming) stay input, billed as text", async () => {
		const session = await createTracker().startSession();
		const record = await session.record({
			provider: 'xai',
			model: 'grok-4',
			usage: { prompt_tokens: 1000, completion_tokens: 10, prompt_tokens_details: { text_tokens: 200, image_tokens: 800, cached_tokens: 0 } },
		});
		expect(record.usage).toEqual({ input: 1000, output: 10 });
	});

	it('record({ usage }) keeps the cost the provider put in it (OpenRouter usage.cost, xAI ticks), as fetch does', async () => {
		const session = await createTracker().startSession();
		const openrouter = await session.record({ provider: 'openrouter', model: 'openai/gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, cost: 0.00123 } });
		expect(openrouter).toMatchObject({ cost: '0.00123', costSource: 'provider' });
		const xai = await session.record({ provider: 'xai', model: 'grok-4', usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, cost_in_usd_ticks: 37756000 } });
		expect(xai).toMatchObject({ cost: '0.0037756', costSource: 'provider' }); // 37,756,000 × 1e-10
	});
});

describe('service tiers the response names in its own way', () => {
	it('Anthropic fast mode (usage.speed "fast") is its own tier: unpriced without a fast price, never the standard rate', async () => {
		const { tracker, records } = answering({
			id: 'msg_1',
			type: 'message',
			role: 'assistant',
			model: 'claude-opus-4-6',
			content: [{ type: 'text', text: 'hi' }],
			stop_reason: 'end_turn',
			usage: { input_tokens: 1000, output_tokens: 1000, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard', speed: 'fast' },
		});
		await call(tracker, 'https://api.anthropic.com/v1/messages', { model: 'claude-opus-4-6', speed: 'fast', max_tokens: 10, messages: [] });
		expect(records[0]).toMatchObject({ serviceTier: 'fast', usage: { input: 1000, output: 1000 } });
		expect(records[0]!.cost).toBeUndefined();
	});

	it('Bedrock Converse: serviceTier { type: "flex" }, unpriced without a flex price; { type: "default" } is standard', async () => {
		const converse = (type: string) => ({
			output: { message: { role: 'assistant', content: [{ text: 'hi' }] } },
			stopReason: 'end_turn',
			usage: { inputTokens: 1000, outputTokens: 1000, totalTokens: 2000 },
			metrics: { latencyMs: 100 },
			serviceTier: { type },
		});
		const url = 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse';
		const flex = answering(converse('flex'));
		await call(flex.tracker, url, { messages: [], serviceTier: { type: 'flex' } });
		expect(flex.records[0]).toMatchObject({ serviceTier: 'flex' });
		expect(flex.records[0]!.cost).toBeUndefined();
		const standard = answering(converse('default'));
		await call(standard.tracker, url, { messages: [] });
		expect(standard.records[0]).toMatchObject({ serviceTier: 'default', cost: '0.004' }); // i0.8 o3.2: 1000×0.8 + 1000×3.2 = 4000 µ$
	});

	it('Bedrock InvokeModel: the tier from its X-Amzn-Bedrock-Service-Tier header', async () => {
		const { tracker, records } = answering(
			{ output: 'hi' },
			{ headers: { 'x-amzn-bedrock-input-token-count': '1000', 'x-amzn-bedrock-output-token-count': '1000', 'x-amzn-bedrock-service-tier': 'priority' } },
		);
		await call(tracker, 'https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/invoke', { messages: [] });
		expect(records[0]).toMatchObject({ serviceTier: 'priority', usage: { input: 1000, output: 1000 } });
		expect(records[0]!.cost).toBeUndefined();
	});
});

describe('cached tokens of every modality (Gemini cacheTokensDetails)', () => {
	// A response whose prompt and cache are split by modality, as usageMetadata reports them.
	const usageMetadata = {
		promptTokenCount: 10_000,
		cachedContentTokenCount: 6_000,
		candidatesTokenCount: 100,
		promptTokensDetails: [
			{ modality: 'TEXT', tokenCount: 2_000 },
			{ modality: 'IMAGE', tokenCount: 2_000 },
			{ modality: 'VIDEO', tokenCount: 5_000 },
			{ modality: 'AUDIO', tokenCount: 1_000 },
		],
		cacheTokensDetails: [
			{ modality: 'TEXT', tokenCount: 1_000 },
			{ modality: 'IMAGE', tokenCount: 1_000 },
			{ modality: 'VIDEO', tokenCount: 3_500 },
			{ modality: 'AUDIO', tokenCount: 500 },
		],
	};
	const url = (model: string) => `https://generativelanguage.googleapis.com/v1beta/models/${model}:generateContent`;

	it('a cached video or image token gets its bucket, priced as Google prices it: cached text where video and image cost what text does', async () => {
		const { tracker, records } = answering({ candidates: [{ finishReason: 'STOP' }], usageMetadata, modelVersion: 'gemini-2.5-flash' });
		await call(tracker, url('gemini-2.5-flash'), {});
		expect(records[0]!.usage).toEqual({
			input: 1_000,
			inputImage: 1_000,
			inputVideo: 1_500,
			inputAudio: 500,
			cacheRead: 1_000,
			cacheReadImage: 1_000,
			cacheReadVideo: 3_500,
			cacheReadAudio: 500,
			output: 100,
		});
		// gemini-2.5-flash: i0.3 (text, image, video) cr0.03 ai1 ca0.1 o2.5:
		// (1000+1000+1500)×0.3 + 500×1 + (1000+1000+3500)×0.03 + 500×0.1 + 100×2.5 = 1050 + 500 + 165 + 50 + 250 = 2015 µ$
		expect(records[0]!.prices).toMatchObject({ inputVideo: '0.3', cacheReadVideo: '0.03', cacheReadImage: '0.03' });
		expect(records[0]!.cost).toBe('0.002015');
	});

	it('a cached video token where video costs more than text and its cache has no price is unpriced, never billed as uncached video', async () => {
		const { tracker, records } = answering({ candidates: [{ finishReason: 'STOP' }], usageMetadata, modelVersion: 'gemini-3.1-flash-live-preview' });
		await call(tracker, url('gemini-3.1-flash-live-preview'), {});
		expect(records[0]!.cost).toBeUndefined();
		expect(records[0]!.problem).toContain('cacheReadVideo');
	});
});
