import Big from 'big.js';
import { normalizeOpenAIUsage, type UsageDialect } from './openai-usage';
import { reportedAmount } from './amount';
import { isObject } from './read';

/**
 * OpenRouter: OpenAI's shape plus `cost`, the amount charged in credits (USD), which wins over a
 * catalog price. With the app's own provider key (BYOK, `is_byok: true`) `cost` is only OpenRouter's
 * fee, and `cost_details.upstream_inference_cost` is what the provider charged that key: the call
 * cost their sum, both parts kept. Without `is_byok` the upstream cost repeats `cost` and is not added
 * (https://openrouter.ai/docs/use-cases/usage-accounting).
 */
export const openrouterDialect: UsageDialect = (raw) => {
	const usage = normalizeOpenAIUsage(raw);
	if (!isObject(raw)) return { usage };
	const fee = reportedAmount(raw.cost);
	const upstream = raw.is_byok === true && isObject(raw.cost_details) ? reportedAmount(raw.cost_details.upstream_inference_cost) : undefined;
	if (upstream !== undefined) {
		const gateway = fee ?? '0';
		return { usage, reportedCost: new Big(gateway).plus(upstream).toFixed(), costDetails: { fee: gateway, upstream } };
	}
	return { usage, ...(fee ? { reportedCost: fee } : {}) };
};
