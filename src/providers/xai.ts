import { normalizeOpenAIUsage, type UsageDialect } from './openai-usage';
import { reportedAmount } from './amount';
import { isObject } from './read';

/**
 * xAI: OpenAI's shape, but `completion_tokens` excludes reasoning (165 + 2 + 125 = 292 total in a
 * recorded response), and `cost_in_usd_ticks` reports the cost in 1e-10 USD.
 */
export const xaiDialect: UsageDialect = (raw) => {
	const reportedCost = isObject(raw) ? reportedAmount(raw.cost_in_usd_ticks, -10) : undefined;
	return { usage: normalizeOpenAIUsage(raw, { reasoningOutsideCompletion: true }), ...(reportedCost ? { reportedCost } : {}) };
};
