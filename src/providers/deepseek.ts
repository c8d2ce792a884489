import { normalizeOpenAIUsage, type UsageDialect } from './openai-usage';
import { count, isObject } from './read';

/** DeepSeek: `prompt_tokens` = `prompt_cache_hit_tokens` + `prompt_cache_miss_tokens`; hits are cache reads. */
export const deepseekDialect: UsageDialect = (raw) => {
	const hits = isObject(raw) && raw.prompt_cache_hit_tokens !== undefined ? count(raw.prompt_cache_hit_tokens, 'prompt_cache_hit_tokens') : undefined;
	return { usage: normalizeOpenAIUsage(raw, hits === undefined ? {} : { cached: hits }) };
};
