import type { Usage } from './usage';

/**
 * How tokentab estimates a count the provider did not give: about 4 characters of text per token
 * (OpenAI's rule of thumb for English), plus 4 tokens of framing per message. It is a rough figure,
 * used only for calls whose usage never arrived, and such calls are marked `estimated`.
 */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_MESSAGE = 4;

export const tokensFromChars = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);

/** Request fields that hold what the model reads, across the chat APIs tokentab knows. */
const TEXT_FIELDS = new Set(['messages', 'input', 'contents', 'system', 'systemInstruction', 'instructions', 'prompt', 'tools', 'tool_config']);
/** Keys under those fields that are labels, ids or binary data rather than text the model reads as tokens. */
const NOT_TEXT = new Set(['type', 'role', 'id', 'tool_call_id', 'tool_use_id', 'cache_control', 'data', 'image_url', 'url', 'mime_type', 'mimeType', 'detail']);

function chars(value: unknown): number {
	if (typeof value === 'string') return value.length;
	if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + chars(item), 0);
	if (typeof value !== 'object' || value === null) return 0;
	let sum = 0;
	for (const [key, item] of Object.entries(value)) if (!NOT_TEXT.has(key)) sum += chars(item);
	return sum;
}

/** Estimated prompt tokens of a parsed request body (OpenAI, Anthropic, Gemini, Cohere, Bedrock shapes). */
export function estimatePromptTokens(request: unknown): { tokens: number; chars: number } {
	if (typeof request !== 'object' || request === null) return { tokens: 0, chars: 0 };
	let text = 0;
	let messages = 0;
	for (const [key, value] of Object.entries(request)) {
		if (!TEXT_FIELDS.has(key)) continue;
		text += chars(value);
		if (Array.isArray(value) && (key === 'messages' || key === 'contents' || key === 'input')) messages += value.length;
	}
	return { tokens: tokensFromChars(text) + messages * TOKENS_PER_MESSAGE, chars: text };
}

/** Fills in a call's missing or partial usage: exact counts stay; what is missing is estimated. */
export function estimateUsage(reported: Usage | undefined, request: unknown, outputChars: number): { usage: Usage; estimate: string } {
	const output = tokensFromChars(outputChars);
	const usage: Usage = { ...reported };
	const parts: string[] = [];
	if (!reported) {
		const prompt = estimatePromptTokens(request);
		if (prompt.tokens) usage.input = prompt.tokens;
		parts.push(`input from ${prompt.chars} request characters`);
	}
	const seen = (usage.output ?? 0) + (usage.reasoning ?? 0);
	if (output > seen) {
		usage.output = output - (usage.reasoning ?? 0);
		parts.push(`output from ${outputChars} streamed characters`);
	}
	if (reported) parts.push('the rest as reported');
	return { usage, estimate: `${parts.join('; ')} (~${CHARS_PER_TOKEN} characters a token, +${TOKENS_PER_MESSAGE} a message)` };
}

/** The output limit a request sets, across the chat APIs tokentab knows; `undefined` when it sets none. */
/** How many choices a request asks for (`n`, Gemini's `candidateCount`): each may write up to the output limit. */
export function requestedChoices(request: unknown): number {
	if (typeof request !== 'object' || request === null) return 1;
	const r = request as Record<string, any>;
	const value = r.n ?? r.generationConfig?.candidateCount;
	return Number.isSafeInteger(value) && value > 1 ? value : 1;
}

export function requestedMaxOutput(request: unknown): number | undefined {
	if (typeof request !== 'object' || request === null) return undefined;
	const r = request as Record<string, any>;
	const value = r.max_completion_tokens ?? r.max_output_tokens ?? r.max_tokens ?? r.generationConfig?.maxOutputTokens ?? r.inferenceConfig?.maxTokens ?? r.max_tokens_to_sample;
	return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
