import { imageTokenCeiling } from './media-tokens';
import { type RequestParts, requestParts } from './request-parts';
import { TEXT_RULE } from './text-tokens';
import type { Usage } from '../model/usage';

/**
 * Framing a chat API adds around the text, bounded generously: OpenAI documents 3 tokens a message
 * and 3 to prime the reply (the tiktoken cookbook), function definitions are rendered into a
 * system message with a few words of framing each, and Anthropic adds a tool-use system prompt of
 * 313–346 tokens, and 245–1,300 for each of its own tools (bash, text editor, computer use).
 */
const REQUEST_FRAMING = 16;
const MESSAGE_FRAMING = 8;
const TOOL_FRAMING = 16;
const ANTHROPIC_TOOL_PROMPT = 400;
const BUILTIN_TOOL = 1_300;
/** The estimate's framing: OpenAI's 4 tokens a message (3, and the role). */
export const TOKENS_PER_MESSAGE = 4;
/** Input tokens assumed for a request with parts whose size it does not show, unless the app says otherwise: the largest context window (2 Mi, Gemini 1.5 Pro's). */
export const UNSIZED_INPUT_TOKENS = 2_097_152;

/** Whose tokenizer and rules apply. */
export interface EstimateTarget {
	provider: string;
	model: string | undefined;
	/** The most input a request with unsized parts (audio, files, server-held history) is taken at. */
	unsizedInputTokens?: number;
}

/** The most input tokens the provider can bill for a request, from its parts: text bytes, framing, media ceilings. */
export function inputTokenBound(parts: RequestParts, target: EstimateTarget): number {
	if (parts.unsized.length) return target.unsizedInputTokens ?? UNSIZED_INPUT_TOKENS;
	const anthropicTools = target.provider === 'anthropic' && parts.tools ? ANTHROPIC_TOOL_PROMPT : 0;
	return (
		parts.bytes +
		REQUEST_FRAMING +
		parts.messages * MESSAGE_FRAMING +
		parts.tools * TOOL_FRAMING +
		anthropicTools +
		parts.builtinTools * BUILTIN_TOOL +
		parts.images * imageTokenCeiling(target.provider, target.model)
	);
}

/** The typical input of a request: the script-aware estimate of its text, framing, images at their ceiling; unsized parts unseen. */
export function inputTokenEstimate(parts: RequestParts, target: EstimateTarget): number {
	return parts.estimate + parts.messages * TOKENS_PER_MESSAGE + parts.images * imageTokenCeiling(target.provider, target.model);
}

/** Output tokens per character of the streamed text when the prompt is too short to tell its script mix. */
const DEFAULT_TOKENS_PER_CHAR = 0.25;
const MIN_SAMPLE_CHARS = 200;

export interface UsageEstimate {
	usage: Usage;
	/** What was estimated and by which rule. */
	estimate: string;
	/** The most the provider can have billed: text bytes, media ceilings, the requested output limit. */
	upper: Usage;
}

/**
 * Fills in a call's missing or partial usage: exact counts stay; what is missing is estimated.
 * The prompt's text is estimated by the script-aware rule; the streamed output, seen only as a
 * count of characters, at the prompt's tokens a character (a reply is mostly in its prompt's
 * script). The upper bound takes the prompt's UTF-8 bytes and the request's output limit (or 3
 * tokens a character streamed, the most UTF-8 bytes a UTF-16 code unit can need, when it sets none).
 */
export function estimateUsage(reported: Usage | undefined, request: unknown, outputChars: number, target: EstimateTarget = { provider: '', model: undefined }): UsageEstimate {
	const parts = requestParts(request);
	const perChar = parts.chars >= MIN_SAMPLE_CHARS ? parts.estimate / parts.chars : DEFAULT_TOKENS_PER_CHAR;
	const output = Math.ceil(outputChars * perChar);
	const usage: Usage = { ...reported };
	const upper: Usage = { ...reported };
	const notes: string[] = [];
	if (!reported) {
		const input = inputTokenEstimate(parts, target);
		if (input) usage.input = input;
		upper.input = Math.max(input, inputTokenBound(parts, target));
		notes.push(`input from ${parts.chars} request characters`);
	}
	const seen = (usage.output ?? 0) + (usage.reasoning ?? 0);
	if (output > seen) {
		usage.output = output - (usage.reasoning ?? 0);
		notes.push(`output from ${outputChars} streamed characters at ${perChar.toFixed(3)} tokens a character`);
	}
	const limit = requestedMaxOutput(request);
	const outputCeiling = limit === undefined ? 3 * outputChars : limit * requestedChoices(request);
	const upperOutput = Math.max(outputCeiling, (usage.output ?? 0) + (usage.reasoning ?? 0));
	upper.output = upperOutput - (upper.reasoning ?? 0);
	if (reported) notes.push('the rest as reported');
	return { usage, upper, estimate: `${notes.join('; ')} (${TEXT_RULE}; +${TOKENS_PER_MESSAGE} a message)` };
}

/** How many choices a request asks for (`n`, Gemini's `candidateCount`): each may write up to the output limit. */
export function requestedChoices(request: unknown): number {
	if (typeof request !== 'object' || request === null) return 1;
	const r = request as Record<string, any>;
	const value = r.n ?? r.generationConfig?.candidateCount;
	return Number.isSafeInteger(value) && value > 1 ? value : 1;
}

/** The output limit a request sets, across the chat APIs tokentab knows; `undefined` when it sets none. */
export function requestedMaxOutput(request: unknown): number | undefined {
	if (typeof request !== 'object' || request === null) return undefined;
	const r = request as Record<string, any>;
	const value = r.max_completion_tokens ?? r.max_output_tokens ?? r.max_tokens ?? r.generationConfig?.maxOutputTokens ?? r.inferenceConfig?.maxTokens ?? r.max_tokens_to_sample;
	return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
