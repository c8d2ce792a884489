import type { CostDetails } from '../model/record';
import { compactUsage, type Usage } from '../model/usage';
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
export type UsageDialect = (raw: unknown) => { usage: Usage; reportedCost?: string; costDetails?: CostDetails };

/**
 * OpenAI's usage, in either naming: Chat Completions (`prompt_tokens`, `completion_tokens`) or
 * Responses, Images and Realtime (`input_tokens`, `output_tokens`; Realtime's details are
 * `input_token_details`). Details are subsets of their totals: cached, cache write, audio and image
 * tokens sit inside the prompt (cached audio inside both cached and audio), reasoning, audio and
 * image tokens inside the completion.
 */
export function normalizeOpenAIUsage(raw: unknown, quirks: OpenAIUsageQuirks = {}): Usage {
	if (!isObject(raw)) throw new UsageFormatError('OpenAI usage must be an object');
	const chat = raw.prompt_tokens !== undefined || raw.completion_tokens !== undefined;
	// Embeddings that count only a total (Voyage's `{ total_tokens }`): all of it is input.
	const totalOnly = !chat && raw.input_tokens === undefined && raw.output_tokens === undefined;
	const prompt = count(chat ? raw.prompt_tokens : totalOnly ? raw.total_tokens : raw.input_tokens, chat ? 'prompt_tokens' : totalOnly ? 'total_tokens' : 'input_tokens');
	const completion = count(chat ? raw.completion_tokens : raw.output_tokens, chat ? 'completion_tokens' : 'output_tokens');
	const inDetails: Json = (chat ? raw.prompt_tokens_details : (raw.input_tokens_details ?? raw.input_token_details)) ?? {};
	const outDetails: Json = (chat ? raw.completion_tokens_details : (raw.output_tokens_details ?? raw.output_token_details)) ?? {};
	const cached = quirks.cached ?? count(inDetails.cached_tokens, 'cached_tokens');
	// Realtime splits its cached tokens by modality: cached audio has a price of its own.
	const cacheReadAudio = count(inDetails.cached_tokens_details?.audio_tokens, 'cached audio_tokens');
	// Cached images (gpt-image, Realtime) have a cache price of their own, in this naming only.
	const cacheReadImage = chat ? 0 : count(inDetails.cached_tokens_details?.image_tokens, 'cached image_tokens');
	const cacheRead = remainder(cached, cacheReadAudio + cacheReadImage, 'cached tokens');
	const cacheWrite5m = count(inDetails.cache_write_tokens, 'cache_write_tokens');
	const inputAudio = remainder(count(inDetails.audio_tokens, 'prompt audio_tokens'), cacheReadAudio, 'prompt audio tokens');
	// Image input priced apart from text (gpt-image-1) is reported in this naming only; in Chat
	// Completions' (xAI's) it bills as text.
	const inputImage = chat ? 0 : remainder(count(inDetails.image_tokens, 'prompt image_tokens'), cacheReadImage, 'prompt image tokens');
	const reasoning = count(outDetails.reasoning_tokens, 'reasoning_tokens');
	const outputAudio = count(outDetails.audio_tokens, 'completion audio_tokens');
	const outputImage = count(outDetails.image_tokens, 'completion image_tokens');
	const inside = (quirks.reasoningOutsideCompletion ? 0 : reasoning) + outputAudio + outputImage;
	return compactUsage({
		input: remainder(prompt, cached + cacheWrite5m + inputAudio + inputImage, 'prompt tokens'),
		cacheRead,
		cacheReadAudio,
		cacheReadImage,
		cacheWrite5m,
		inputAudio,
		inputImage,
		output: remainder(completion, inside, 'completion tokens'),
		reasoning,
		outputAudio,
		outputImage,
	});
}

export const openaiDialect: UsageDialect = (raw) => ({ usage: normalizeOpenAIUsage(raw) });
