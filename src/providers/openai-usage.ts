import { compactUsage, type Usage } from '../core/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { count, isObject, type Json, remainder } from './read';

/** How a provider's OpenAI-shaped usage departs from OpenAI's. */
export interface OpenAIUsageQuirks {
	/** Cache reads reported in a field of the provider's own (DeepSeek, Mistral). */
	cached?: number;
	/** Reasoning tokens reported beside `completion_tokens` instead of inside it (xAI). */
	reasoningOutsideCompletion?: boolean;
}

/** A usage normalizer plus the cost the provider reported, if it reports one. */
export type UsageDialect = (raw: unknown) => { usage: Usage; reportedCost?: string };

/**
 * OpenAI's usage, in either naming: Chat Completions (`prompt_tokens`, `completion_tokens`) or
 * Responses (`input_tokens`, `output_tokens`). Details are subsets of their totals: cached, cache
 * write and audio tokens sit inside the prompt, reasoning and audio tokens inside the completion.
 */
export function normalizeOpenAIUsage(raw: unknown, quirks: OpenAIUsageQuirks = {}): Usage {
	if (!isObject(raw)) throw new UsageFormatError('OpenAI usage must be an object');
	const chat = raw.prompt_tokens !== undefined || raw.completion_tokens !== undefined;
	const prompt = count(chat ? raw.prompt_tokens : raw.input_tokens, chat ? 'prompt_tokens' : 'input_tokens');
	const completion = count(chat ? raw.completion_tokens : raw.output_tokens, chat ? 'completion_tokens' : 'output_tokens');
	const inDetails: Json = (chat ? raw.prompt_tokens_details : raw.input_tokens_details) ?? {};
	const outDetails: Json = (chat ? raw.completion_tokens_details : raw.output_tokens_details) ?? {};
	const cacheRead = quirks.cached ?? count(inDetails.cached_tokens, 'cached_tokens');
	const cacheWrite5m = count(inDetails.cache_write_tokens, 'cache_write_tokens');
	const inputAudio = count(inDetails.audio_tokens, 'prompt audio_tokens');
	const reasoning = count(outDetails.reasoning_tokens, 'reasoning_tokens');
	const outputAudio = count(outDetails.audio_tokens, 'completion audio_tokens');
	const outputImage = count(outDetails.image_tokens, 'completion image_tokens');
	const inside = (quirks.reasoningOutsideCompletion ? 0 : reasoning) + outputAudio + outputImage;
	return compactUsage({
		input: remainder(prompt, cacheRead + cacheWrite5m + inputAudio, 'prompt tokens'),
		cacheRead,
		cacheWrite5m,
		inputAudio,
		output: remainder(completion, inside, 'completion tokens'),
		reasoning,
		outputAudio,
		outputImage,
	});
}

export const openaiDialect: UsageDialect = (raw) => ({ usage: normalizeOpenAIUsage(raw) });
