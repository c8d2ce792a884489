import { compactUsage, type Usage } from '../model/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { parseJson } from './peek';
import { count, isObject, type Json, remainder, textChars } from './read';
import type { StreamReader, UsageReading, WireFormat } from './types';

/**
 * Anthropic's usage. `input_tokens` excludes the cache: reads and writes have their own counts, and
 * `cache_creation` splits writes by lifetime (5 minutes, 1 hour). `output_tokens` includes thinking,
 * which newer responses also report in `output_tokens_details.thinking_tokens`.
 */
export function normalizeAnthropicUsage(raw: unknown): Usage {
	if (!isObject(raw)) throw new UsageFormatError('Anthropic usage must be an object');
	const written = count(raw.cache_creation_input_tokens, 'cache_creation_input_tokens');
	const split: Json = isObject(raw.cache_creation) ? raw.cache_creation : {};
	const write1h = count(split.ephemeral_1h_input_tokens, 'ephemeral_1h_input_tokens');
	// The split is absent on older responses and never re-sent on a stream's message_delta: the total decides.
	const write5m = Math.max(count(split.ephemeral_5m_input_tokens, 'ephemeral_5m_input_tokens'), written - write1h);
	const output = count(raw.output_tokens, 'output_tokens');
	const thinking = count(raw.output_tokens_details?.thinking_tokens, 'thinking_tokens');
	return compactUsage({
		input: count(raw.input_tokens, 'input_tokens'),
		cacheRead: count(raw.cache_read_input_tokens, 'cache_read_input_tokens'),
		cacheWrite5m: write5m,
		cacheWrite1h: write1h,
		output: remainder(output, thinking, 'output tokens'),
		reasoning: thinking,
		webSearch: count(raw.server_tool_use?.web_search_requests, 'web_search_requests'),
	});
}

function reading(provider: string, model: unknown, usage: Json | undefined): UsageReading {
	// Fast mode (`speed: "fast"`) is billed at a premium over the tier it reports (`standard`): its own tier.
	const tier = usage?.speed === 'fast' ? 'fast' : usage?.service_tier;
	return {
		provider,
		...(typeof model === 'string' && model ? { model } : {}),
		...(usage ? { usage: normalizeAnthropicUsage(usage) } : {}),
		...(typeof tier === 'string' ? { serviceTier: tier } : {}),
	};
}

const GENERATED_TEXT = ['text', 'thinking', 'partial_json'];

/**
 * Anthropic Messages, direct and through Bedrock, Vertex and Foundry. A stream opens with
 * `message_start` (the whole input side and a first output count); the `message_delta` near its
 * end carries cumulative counts that overwrite, never add.
 */
export const anthropicMessages: WireFormat = {
	id: 'anthropic-messages',
	readBody(body, { provider }) {
		if (!isObject(body) || body.type !== 'message' || !isObject(body.usage)) throw new UsageFormatError('not an Anthropic message');
		return reading(provider, body.model, body.usage);
	},
	readUsage: (raw) => ({ usage: normalizeAnthropicUsage(raw) }),
	streamReader({ provider }) {
		return anthropicStream(provider);
	},
};

/** Follows Anthropic's stream events, however they arrive (SSE, or Bedrock's event stream). */
export function anthropicStream(provider: string): StreamReader {
	let model: unknown;
	let usage: Json | undefined;
	let complete = false;
	let outputChars = 0;
	return {
		event({ event, data }) {
			const type = event === 'message' ? /"type"\s*:\s*"(\w+)"/.exec(data)?.[1] : event;
			if (type === 'content_block_delta') {
				outputChars += textChars(data, GENERATED_TEXT);
			} else if (type === 'message_start') {
				const message = (parseJson(data) as Json).message;
				if (isObject(message)) {
					model = message.model;
					usage = { ...message.usage };
				}
			} else if (type === 'message_delta') {
				const delta = (parseJson(data) as Json).usage;
				if (isObject(delta)) {
					usage = { ...usage, ...delta };
					complete = true;
				}
			}
		},
		finish: () => ({ ...reading(provider, model, usage), complete, outputChars }),
	};
}
