import { normalizeOpenAIUsage, type UsageDialect } from './openai-usage';
import { count, isObject } from './read';

/** Mistral: cached tokens (inside `prompt_tokens`) under `prompt_tokens_details`, its misspelt twin `prompt_token_details`, or `num_cached_tokens`. */
export const mistralDialect: UsageDialect = (raw) => {
	if (!isObject(raw)) return { usage: normalizeOpenAIUsage(raw) };
	const cached = raw.prompt_tokens_details?.cached_tokens ?? raw.prompt_token_details?.cached_tokens ?? raw.num_cached_tokens;
	return { usage: normalizeOpenAIUsage(raw, { cached: count(cached, 'cached_tokens') }) };
};
