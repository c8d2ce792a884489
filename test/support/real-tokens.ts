import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * What gpt-4o really bills for an OpenAI chat request, at most: its text by o200k_base (gpt-4o's
 * tokenizer, from gpt-tokenizer), 3 tokens a message and 3 to prime the reply (OpenAI's cookbook
 * rule), an image at the most OpenAI's guide gives one at high detail (85 + 8 tiles × 170), and
 * the output at its limit × the choices (a model that writes all it may).
 */
export const GPT_4O_IMAGE_MAX = 85 + 8 * 170;

export function realUsage(body: unknown): { prompt_tokens: number; completion_tokens: number } {
	const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, any>;
	let prompt = 3;
	for (const message of Array.isArray(request.messages) ? request.messages : []) {
		prompt += 3;
		if (typeof message?.name === 'string') prompt += 1 + countTokens(message.name);
		if (typeof message?.role === 'string') prompt += countTokens(message.role);
		const content = message?.content;
		if (typeof content === 'string') prompt += countTokens(content);
		else if (Array.isArray(content)) {
			for (const part of content) {
				if (part?.type === 'text' && typeof part.text === 'string') prompt += countTokens(part.text);
				else if (part?.type === 'image_url') prompt += GPT_4O_IMAGE_MAX;
			}
		}
	}
	const limit = request.max_completion_tokens ?? request.max_tokens ?? 0;
	const choices = Number.isSafeInteger(request.n) && request.n > 1 ? request.n : 1;
	return { prompt_tokens: prompt, completion_tokens: limit * choices };
}
