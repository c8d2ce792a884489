import type { ModelPrice } from '../types';

/** Hand entries for providers other than OpenAI, Anthropic and Google, each citing its page. */
export const extra: Record<string, Record<string, ModelPrice>> = {};

/** Why the overlay's prices differ from genai-prices', keyed `provider/genai id`. */
export const notes: Record<string, string> = {
	'openai/o3':
		'o3 launched at $10 input, $2.50 cached input, $40 output; the 2025-06-10 cut made it $2 / $0.50 / $8. genai-prices gives the cut cached price ($0.50) to the launch period too.',
};
