import type { Usage } from '../../src/model/usage';

/**
 * Every fixture of the first three providers, with the result written by hand from the numbers in
 * the file and the catalog's prices (USD per million tokens). Arithmetic in each comment.
 */
export interface FixtureCase {
	/** Folder/file under test/fixtures/providers. */
	file: string;
	/** The API path the fixture was served from (detection reads it). */
	path: string;
	/** Who served it, as recorded. */
	provider: string;
	/**
	 * The test server is 127.0.0.1, not the provider's host: name the provider for it, as an app does
	 * for a proxy, when the path alone does not say who it is.
	 */
	register?: boolean;
	model: string;
	usage: Usage;
	/** The cost by the current catalog, where the catalog prices the model, or as the provider reported it. */
	cost?: string;
	costSource?: 'provider';
	/** `estimated` for streams that never carried (all of) their usage. */
	usageSource?: 'estimated';
	serviceTier?: string;
	/** The file wraps parsed chunks (`stream_chunks`), a body (`response_body`) or a transcript of chunks (`json_sequence`). */
	wrapped?: 'stream_chunks' | 'response_body' | 'json_sequence';
}

const CHAT = '/v1/chat/completions';
const RESPONSES = '/v1/responses';
const MESSAGES = '/v1/messages';
const gemini = (model: string, stream: boolean) => `/v1beta/models/${model}:${stream ? 'streamGenerateContent' : 'generateContent'}`;
const vertex = (model: string, stream: boolean) => `/v1beta1/projects/p/locations/us-east5/publishers/google/models/${model}:${stream ? 'streamGenerateContent' : 'generateContent'}`;

export const fixtureCases: FixtureCase[] = [
	// gpt-4o: 2.5 in, 1.25 cached, 10 out. 14×2.5 + 37×10 = 405
	{ file: 'openai/openai-chat.json', provider: 'openai', path: CHAT, model: 'gpt-4o-2024-08-06', usage: { input: 14, output: 37 }, cost: '0.000405' },
	// gpt-5.4: 2.5 in, 15 out. 19×2.5 + 10×15 = 197.5
	{ file: 'openai/openai-chat.openapi-example.json', provider: 'openai', path: CHAT, model: 'gpt-5.4', usage: { input: 19, output: 10 }, cost: '0.0001975', serviceTier: 'default' },
	// 20×2.5 + 2×10 = 70
	{ file: 'openai/openai-chat.recorded-fantasy.json', provider: 'openai', path: CHAT, model: 'gpt-4o-2024-08-06', usage: { input: 20, output: 2 }, cost: '0.00007', serviceTier: 'default' },
	// 14×2.5 + 30×10 = 335
	{ file: 'openai/openai-chat-stream.sse', provider: 'openai', path: CHAT, model: 'gpt-4o-2024-08-06', usage: { input: 14, output: 30 }, cost: '0.000335' },
	{ file: 'openai/openai-chat-stream.recorded-fantasy.sse', provider: 'openai', path: CHAT, model: 'gpt-4o-2024-08-06', usage: { input: 20, output: 2 }, cost: '0.00007', serviceTier: 'default' },
	// text-embedding-3-large: 0.13. 1×0.13
	{ file: 'openai/openai-embeddings.json', provider: 'openai', path: '/v1/embeddings', model: 'text-embedding-3-large', usage: { input: 1 }, cost: '0.00000013' },
	// gpt-4o-mini: 0.15 in, 0.6 out. 14×0.15 + 50×0.6 = 32.1
	{ file: 'openai/openai-responses.json', provider: 'openai', path: RESPONSES, model: 'gpt-4o-mini-2024-07-18', usage: { input: 14, output: 50 }, cost: '0.0000321', serviceTier: 'default' },
	// 36×2.5 + 87×15 = 1395
	{ file: 'openai/openai-responses.openapi-example.json', provider: 'openai', path: RESPONSES, model: 'gpt-5.4', usage: { input: 36, output: 87 }, cost: '0.001395' },
	// o1: 15 in, 60 out (reasoning at the output rate). 81×15 + (203 + 832)×60 = 63315
	{ file: 'openai/openai-responses-reasoning.openapi-example.json', provider: 'openai', path: RESPONSES, model: 'o1-2024-12-17', usage: { input: 81, output: 203, reasoning: 832 }, cost: '0.063315' },
	// gpt-5: 1.25 in, 10 out. 19×1.25 + (22 + 64)×10 = 883.75
	{
		file: 'openai/openai-responses-reasoning.recorded-fantasy.json',
		provider: 'openai',
		path: RESPONSES,
		model: 'gpt-5-2025-08-07',
		usage: { input: 19, output: 22, reasoning: 64 },
		cost: '0.00088375',
		serviceTier: 'default',
	},
	// 37×2.5 + 11×15 = 257.5 (the stream holds a literal `...` line)
	{ file: 'openai/openai-responses-stream.openapi-example.sse', provider: 'openai', path: RESPONSES, model: 'gpt-5.4', usage: { input: 37, output: 11 }, cost: '0.0002575' },
	// 20×2.5 + 3×10 = 80
	{
		file: 'openai/openai-responses-stream.recorded-fantasy.sse',
		provider: 'openai',
		path: RESPONSES,
		model: 'gpt-4o-2024-08-06',
		usage: { input: 20, output: 3 },
		cost: '0.00008',
		serviceTier: 'default',
	},

	// claude-sonnet-4: 3 in, 15 out. 505×3 + 45×15 = 2190
	{ file: 'anthropic/anthropic-messages.json', provider: 'anthropic', path: MESSAGES, model: 'claude-sonnet-4-20250514', usage: { input: 505, output: 45 }, cost: '0.00219', serviceTier: 'standard' },
	// claude-haiku-4-5: 1 in, 5 out, $0.01 a search. 11306×1 + 163×5 = 12121 → 0.012121 + 0.01
	{
		file: 'anthropic/anthropic-messages-web-search.json',
		provider: 'anthropic',
		path: MESSAGES,
		model: 'claude-haiku-4-5-20251001',
		usage: { input: 11306, output: 163, webSearch: 1 },
		cost: '0.022121',
		serviceTier: 'standard',
	},
	// message_delta's cumulative 74 output overwrites message_start's 26. 656×1 + 74×5 = 1026
	{
		file: 'anthropic/anthropic-messages-stream.sse',
		provider: 'anthropic',
		path: MESSAGES,
		model: 'claude-haiku-4-5-20251001',
		usage: { input: 656, output: 74 },
		cost: '0.001026',
		serviceTier: 'standard',
	},
	// message_delta's input 13520 overwrites message_start's 2049 (search results). 13520×3 + 415×15 = 46785 → 0.046785 + 0.01
	{
		file: 'anthropic/anthropic-messages-stream-web-search.recorded-fantasy.sse',
		provider: 'anthropic',
		path: MESSAGES,
		model: 'claude-sonnet-4-20250514',
		usage: { input: 13520, output: 415, webSearch: 1 },
		cost: '0.056785',
		serviceTier: 'standard',
	},
	// claude-opus-4-8: 5 in, 25 out. 31×5 + 547×25 = 13830
	{
		file: 'anthropic/anthropic-messages-stream-fixture-with-iterations.sse',
		provider: 'anthropic',
		path: MESSAGES,
		model: 'claude-opus-4-8',
		usage: { input: 31, output: 547 },
		cost: '0.01383',
		serviceTier: 'standard',
	},

	// gemini-2.5-flash: 0.3 in, 0.03 cached, 2.5 out (thoughts too). 14×0.3 + (2 + 24)×2.5 = 69.2
	{
		file: 'gemini/gemini-generateContent.json',
		provider: 'google',
		path: gemini('gemini-2.5-flash', false),
		model: 'gemini-2.5-flash',
		usage: { input: 14, output: 2, reasoning: 24 },
		cost: '0.0000692',
	},
	// tool-use prompt tokens are input: (15 + 424)×0.3 + (102 + 142)×2.5 = 741.7
	{
		file: 'gemini/gemini-generateContent-tooluse-thinking.json',
		provider: 'google',
		path: gemini('gemini-2.5-flash', false),
		model: 'gemini-2.5-flash',
		usage: { input: 439, output: 102, reasoning: 142 },
		cost: '0.0007417',
	},
	// gemini-2.0-flash: 0.1 in, 0.4 out. 7×0.1 + 10×0.4 = 4.7
	{ file: 'gemini/gemini-streamGenerateContent-basic.sse', provider: 'google', path: gemini('gemini-2.0-flash', true), model: 'gemini-2.0-flash', usage: { input: 7, output: 10 }, cost: '0.0000047' },
	// 11×0.3 + (2 + 21)×2.5 = 60.8
	{
		file: 'gemini/gemini-streamGenerateContent.recorded-fantasy.sse',
		provider: 'google',
		path: gemini('gemini-2.5-flash', true),
		model: 'gemini-2.5-flash',
		usage: { input: 11, output: 2, reasoning: 21 },
		cost: '0.0000608',
	},
	// CRLF-separated, cumulative usage on every chunk (the last wins). 10×0.3 + (48 + 540)×2.5 = 1473
	{
		file: 'gemini/gemini-streamGenerateContent.sse',
		provider: 'google',
		path: gemini('gemini-2.5-flash', true),
		model: 'gemini-2.5-flash',
		usage: { input: 10, output: 48, reasoning: 540 },
		cost: '0.001473',
	},
	// Cache and tool-use counts appear from the 3rd chunk. Prompt 1844 holds 901 cached; tool use 1934 is input:
	// (1844 − 901 + 1934)×0.3 + 901×0.03 + (432 + 91)×2.5 = 863.1 + 27.03 + 1307.5 = 2197.63
	{
		file: 'gemini/gemini-stream-tooluse-cache-jsgenai-segments.json',
		provider: 'google',
		path: gemini('gemini-2.5-flash', true),
		model: 'gemini-2.5-flash',
		usage: { input: 2877, cacheRead: 901, output: 432, reasoning: 91 },
		cost: '0.00219763',
		wrapped: 'stream_chunks',
	},
	// Vertex: 13×0.3 + (2 + 39)×2.5 = 106.4
	{
		file: 'vertex/vertex-generateContent.json',
		provider: 'vertex',
		path: vertex('gemini-2.5-flash', false),
		model: 'gemini-2.5-flash',
		usage: { input: 13, output: 2, reasoning: 39 },
		cost: '0.0001064',
	},
	// Implicit caching: 12013 prompt holds 11243 cached. 770×0.3 + 11243×0.03 + (15 + 73)×2.5 = 231 + 337.29 + 220 = 788.29
	{
		file: 'vertex/vertex-generateContent-implicit-caching.json',
		provider: 'vertex',
		path: vertex('gemini-2.5-flash', false),
		model: 'gemini-2.5-flash',
		usage: { input: 770, cacheRead: 11243, output: 15, reasoning: 73 },
		cost: '0.00078829',
	},
	// 9×0.3 + (2 + 24)×2.5 = 67.7
	{
		file: 'vertex/vertex-generateContent.recorded-fantasy.json',
		provider: 'vertex',
		path: vertex('gemini-2.5-flash', false),
		model: 'gemini-2.5-flash',
		usage: { input: 9, output: 2, reasoning: 24 },
		cost: '0.0000677',
	},
	// 6×0.3 + (155 + 42)×2.5 = 494.3
	{
		file: 'vertex/vertex-generateContent-jsgenai-recording.json',
		provider: 'vertex',
		path: vertex('gemini-2.5-flash', false),
		model: 'gemini-2.5-flash',
		usage: { input: 6, output: 155, reasoning: 42 },
		cost: '0.0004943',
		wrapped: 'response_body',
	},
	// Intermediate chunks carry only trafficType. 9×0.3 + (9 + 36)×2.5 = 115.2
	{
		file: 'vertex/vertex-streamGenerateContent.recorded-fantasy.sse',
		provider: 'vertex',
		path: vertex('gemini-2.5-flash', true),
		model: 'gemini-2.5-flash',
		usage: { input: 9, output: 9, reasoning: 36 },
		cost: '0.0001152',
	},
	// 9×0.3 + (134 + 1067)×2.5 = 3005.2
	{
		file: 'vertex/vertex-streamGenerateContent.sse',
		provider: 'vertex',
		path: vertex('gemini-2.5-flash', true),
		model: 'gemini-2.5-flash',
		usage: { input: 9, output: 134, reasoning: 1067 },
		cost: '0.0030052',
	},

	// Azure OpenAI, v1 and deployment URL shapes. gpt-5-mini: reasoning inside completion: 76 − 64 = 12.
	{
		file: 'azure/azure-v1-chat.recorded-fantasy.json',
		provider: 'azure',
		register: true,
		path: '/openai/v1/chat/completions',
		model: 'gpt-5-mini-2025-08-07',
		usage: { input: 19, output: 12, reasoning: 64 },
		serviceTier: 'default',
	},
	// The first chunk has `model: ""` and prompt_filter_results; usage in the last, beside latency_checkpoint.
	{
		file: 'azure/azure-v1-chat-stream.recorded-fantasy.sse',
		provider: 'azure',
		register: true,
		path: '/openai/v1/chat/completions',
		model: 'gpt-5-mini-2025-08-07',
		usage: { input: 19, output: 12, reasoning: 64 },
		serviceTier: 'default',
	},
	// Responses on Azure echo the deployment name as the model. 208 − 192 = 16.
	{
		file: 'azure/azure-v1-responses-stream.recorded-fantasy.sse',
		provider: 'azure',
		register: true,
		path: '/openai/v1/responses',
		model: 'gpt-5-mini',
		usage: { input: 19, output: 16, reasoning: 192 },
		serviceTier: 'default',
	},
	// No include_usage: estimated from the text streamed, "Color" + " is" + " a" = 10 characters → 3 tokens
	// (the test's request body has no messages: 0 input). Lines end in a space; filter chunks have `model: ""`.
	{
		file: 'azure/azure-chat-stream-async-filter.docs-example.sse.txt',
		provider: 'azure',
		register: true,
		path: '/openai/deployments/my-gpt35/chat/completions?api-version=2024-10-21',
		model: 'gpt-35-turbo',
		usage: { output: 3 },
		usageSource: 'estimated',
	},

	// Anthropic on Bedrock: the native body, and the binary event stream whose chunks wrap base64 events.
	// Bedrock's Claude Haiku 4.5 (regional): 1.1 in, 5.5 out, 10 % over Anthropic's own. 16×1.1 + 18×5.5 = 116.6
	{
		file: 'bedrock/bedrock-invoke-anthropic.recorded-fantasy.json',
		provider: 'bedrock',
		path: '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke',
		model: 'claude-haiku-4-5-20251001',
		usage: { input: 16, output: 18 },
		cost: '0.0001166',
	},
	// message_start: 16 in, 5 out; message_delta: 18 out (cumulative).
	{
		file: 'bedrock/bedrock-invoke-with-response-stream-anthropic.recorded-fantasy.bin',
		provider: 'bedrock',
		path: '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke-with-response-stream',
		model: 'claude-haiku-4-5-20251001',
		usage: { input: 16, output: 18 },
		cost: '0.0001166',
	},
	// Anthropic on Vertex: message_start 16 in, 5 out; message_delta 16 out. claude-3-7-sonnet: 16×3 + 16×15 = 288
	{
		file: 'vertex/vertex-anthropic-streamRawPredict.recorded-fantasy.sse',
		provider: 'vertex',
		path: '/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-3-7-sonnet@20250219:streamRawPredict',
		model: 'claude-3-7-sonnet-20250219',
		usage: { input: 16, output: 16 },
		cost: '0.000288',
	},

	// Workers AI: cumulative usage on every chunk (13 in, 1022 out at the last); no model in the body but the path's.
	// The SDK test ends with a bare `[DONE]` line (no `data:`), which is not an event; the `choices: []` chunk is final.
	{
		file: 'cloudflare/workers-ai-run-stream.sdk-test.sse',
		provider: 'cloudflare',
		path: '/client/v4/accounts/acct/ai/run/@cf/meta/llama-3.3-70b-instruct-fp8-fast',
		model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
		usage: { input: 13, output: 1022 },
	},

	// Cohere v2 bills `billed_units` (5 in), not `tokens` (71 in). No model in the body: the request's.
	{ file: 'cohere/cohere-v2-chat.sdk-wire-test.json', provider: 'cohere', path: '/v2/chat', model: 'requested-model', usage: { input: 5, output: 418 } },
	{ file: 'cohere/cohere-v2-chat-stream.sdk-wire-test.sse', provider: 'cohere', path: '/v2/chat', model: 'requested-model', usage: { input: 5, output: 26 } },

	// Groq: timing floats inside usage are not tokens.
	{ file: 'groq/groq-chat.json', provider: 'groq', register: true, path: '/openai/v1/chat/completions', model: 'llama-3.1-8b-instant', usage: { input: 55, output: 76 } },
	{
		file: 'groq/groq-chat.recorded-fantasy.json',
		provider: 'groq',
		register: true,
		path: '/openai/v1/chat/completions',
		model: 'moonshotai/kimi-k2-instruct-0905',
		usage: { input: 20, output: 4 },
		serviceTier: 'on_demand',
	},
	// The same usage three times (x_groq.usage, usage on the finish chunk, a `choices: []` chunk): counted once.
	{
		file: 'groq/groq-chat-stream.recorded-fantasy.sse',
		provider: 'groq',
		register: true,
		path: '/openai/v1/chat/completions',
		model: 'moonshotai/kimi-k2-instruct-0905',
		usage: { input: 20, output: 4 },
		serviceTier: 'on_demand',
	},

	// Mistral: cached tokens inside prompt_tokens: 1013 − 1008 = 5.
	{ file: 'mistral/mistral-chat.json', provider: 'mistral', register: true, path: '/v1/chat/completions', model: 'mistral-large-latest', usage: { input: 11, output: 268 } },
	{ file: 'mistral/mistral-chat-cached.json', provider: 'mistral', register: true, path: '/v1/chat/completions', model: 'mistral-large-latest', usage: { input: 5, cacheRead: 1008, output: 30 } },
	{ file: 'mistral/mistral-chat-reasoning.json', provider: 'mistral', register: true, path: '/v1/chat/completions', model: 'mistral-small-latest', usage: { input: 77, output: 1114 } },
	// Usage rides on the finish chunk, not a separate one.
	{
		file: 'mistral/mistral-chat-stream.docs-chunks.txt',
		provider: 'mistral',
		register: true,
		path: '/v1/chat/completions',
		model: 'mistral-large-latest',
		usage: { input: 19, output: 7 },
		wrapped: 'json_sequence',
	},

	// OpenRouter: its own `cost` wins (0.00001255); leading whitespace before the JSON.
	{
		file: 'openrouter/openrouter-chat.recorded-fantasy.json',
		provider: 'openrouter',
		register: true,
		path: '/api/v1/chat/completions',
		model: 'openai/gpt-5.4-nano-20260317',
		usage: { input: 19, output: 7 },
		serviceTier: 'default',
		cost: '0.00001255',
		costSource: 'provider',
	},
	// A `: OPENROUTER PROCESSING` comment first; usage on a chunk whose choices are not empty.
	{
		file: 'openrouter/openrouter-chat-stream.recorded-fantasy.sse',
		provider: 'openrouter',
		register: true,
		path: '/api/v1/chat/completions',
		model: 'openai/gpt-5.4-nano-20260317',
		usage: { input: 19, output: 7 },
		serviceTier: 'default',
		cost: '0.00001255',
		costSource: 'provider',
	},

	// xAI: completion_tokens (2) excludes reasoning (125); 165 prompt, 156 cached. Its cost_in_usd_ticks
	// (731,000 × 1e-10 USD) wins: 0.0000731, which is also 9×0.2 + 156×0.05 + 127×0.5 = 73.1 by the price list.
	{
		file: 'xai/xai-chat.recorded-fantasy.json',
		provider: 'xai',
		register: true,
		path: '/v1/chat/completions',
		model: 'grok-4-fast-reasoning',
		usage: { input: 9, cacheRead: 156, output: 2, reasoning: 125 },
		cost: '0.0000731',
		costSource: 'provider',
	},
	{
		file: 'xai/xai-chat-stream.recorded-fantasy.sse',
		provider: 'xai',
		register: true,
		path: '/v1/chat/completions',
		model: 'grok-4-fast-reasoning',
		usage: { input: 1, cacheRead: 164, output: 2, reasoning: 129 },
		cost: '0.0000739',
		costSource: 'provider',
	},
];

/** Fixtures that hold a usage object only, recorded with `session.record({ provider, model, usage })`. */
export const usageCases: { file: string; provider: string; usage: Usage; reportedCost?: string }[] = [
	// DeepSeek: prompt 11 = 0 hits + 11 misses.
	{ file: 'deepseek/deepseek-usage.litellm-issue-5017.json', provider: 'deepseek', usage: { input: 11, output: 40 } },
	// 194 prompt holds 100 cache writes; cost 0.95 credits.
	{ file: 'openrouter/openrouter-usage.docs-example.json', provider: 'openrouter', usage: { input: 94, cacheWrite5m: 100, output: 2 }, reportedCost: '0.95' },
	// 125 prompt holds 98 cached.
	{ file: 'xai/xai-usage-chat.docs-example.json', provider: 'xai', usage: { input: 27, cacheRead: 98, output: 48 } },
	{ file: 'xai/xai-usage-responses.docs-example.json', provider: 'xai', usage: { input: 27, cacheRead: 98, output: 48 } },
];
