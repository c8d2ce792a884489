import { compactUsage, type Usage } from '../core/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { count, isObject, type Json, parseJson, remainder } from './read';
import type { ProviderFormat, StreamReader, UsageReading } from './types';

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

function reading(model: unknown, usage: Json | undefined): UsageReading {
	return {
		provider: 'anthropic',
		...(typeof model === 'string' && model ? { model } : {}),
		...(usage ? { usage: normalizeAnthropicUsage(usage) } : {}),
		...(typeof usage?.service_tier === 'string' ? { serviceTier: usage.service_tier } : {}),
	};
}

/**
 * Anthropic Messages. A stream opens with `message_start` (the whole input side and a first output
 * count); each `message_delta` carries cumulative counts that overwrite, never add.
 */
export const anthropicMessages: ProviderFormat = {
	id: 'anthropic-messages',
	provider: 'anthropic',
	matches: (url) => url.pathname.endsWith('/v1/messages'),
	readBody(body) {
		if (!isObject(body) || body.type !== 'message' || !isObject(body.usage)) throw new UsageFormatError('not an Anthropic message');
		return reading(body.model, body.usage);
	},
	readUsage: normalizeAnthropicUsage,
	streamReader(): StreamReader {
		let model: unknown;
		let usage: Json | undefined;
		return {
			event({ event, data }) {
				const start = event === 'message_start' || (event === 'message' && data.includes('"message_start"'));
				const delta = event === 'message_delta' || (event === 'message' && data.includes('"message_delta"'));
				if (!start && !delta) return;
				const payload = parseJson(data) as Json;
				if (start && isObject(payload.message)) {
					model = payload.message.model;
					usage = { ...payload.message.usage };
				} else if (delta && isObject(payload.usage)) {
					usage = { ...usage, ...payload.usage };
				}
			},
			finish: () => reading(model, usage),
		};
	},
};
