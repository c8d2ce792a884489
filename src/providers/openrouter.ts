import { normalizeOpenAIUsage, type UsageDialect } from './openai-usage';
import { isObject, reportedAmount } from './read';

/** OpenRouter: OpenAI's shape plus `cost`, the amount charged in credits (USD), which wins over a catalog price. */
export const openrouterDialect: UsageDialect = (raw) => {
	const reportedCost = isObject(raw) ? reportedAmount(raw.cost) : undefined;
	return { usage: normalizeOpenAIUsage(raw), ...(reportedCost ? { reportedCost } : {}) };
};
