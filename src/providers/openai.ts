import { compactUsage, type Usage } from '../core/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { count, isObject, type Json, parseJson, peekString, remainder, streamReading } from './read';
import type { ProviderFormat, StreamReader, UsageReading } from './types';

/**
 * OpenAI's usage, in either naming: Chat Completions (`prompt_tokens`, `completion_tokens`) or
 * Responses (`input_tokens`, `output_tokens`). Details are subsets of their totals: cached, cache
 * write and audio tokens sit inside the prompt, reasoning and audio tokens inside the completion.
 */
export function normalizeOpenAIUsage(raw: unknown): Usage {
	if (!isObject(raw)) throw new UsageFormatError('OpenAI usage must be an object');
	const chat = raw.prompt_tokens !== undefined || raw.completion_tokens !== undefined;
	const prompt = count(chat ? raw.prompt_tokens : raw.input_tokens, chat ? 'prompt_tokens' : 'input_tokens');
	const completion = count(chat ? raw.completion_tokens : raw.output_tokens, chat ? 'completion_tokens' : 'output_tokens');
	const inDetails: Json = (chat ? raw.prompt_tokens_details : raw.input_tokens_details) ?? {};
	const outDetails: Json = (chat ? raw.completion_tokens_details : raw.output_tokens_details) ?? {};
	const cacheRead = count(inDetails.cached_tokens, 'cached_tokens');
	const cacheWrite5m = count(inDetails.cache_write_tokens, 'cache_write_tokens');
	const inputAudio = count(inDetails.audio_tokens, 'prompt audio_tokens');
	const reasoning = count(outDetails.reasoning_tokens, 'reasoning_tokens');
	const outputAudio = count(outDetails.audio_tokens, 'completion audio_tokens');
	return compactUsage({
		input: remainder(prompt, cacheRead + cacheWrite5m + inputAudio, 'prompt tokens'),
		cacheRead,
		cacheWrite5m,
		inputAudio,
		output: remainder(completion, reasoning + outputAudio, 'completion tokens'),
		reasoning,
		outputAudio,
	});
}

function reading(body: Json, usage: unknown): UsageReading {
	return {
		provider: 'openai',
		...(typeof body.model === 'string' && body.model ? { model: body.model } : {}),
		...(usage ? { usage: normalizeOpenAIUsage(usage) } : {}),
		...(typeof body.service_tier === 'string' ? { serviceTier: body.service_tier } : {}),
	};
}

function pathEndsWith(url: URL, suffix: string): boolean {
	return url.pathname.endsWith(suffix);
}

/** Chat Completions and Embeddings. A stream carries usage in its last chunk, and only with `include_usage`. */
export const openaiChat: ProviderFormat = {
	id: 'openai-chat',
	provider: 'openai',
	matches: (url) => pathEndsWith(url, '/chat/completions') || pathEndsWith(url, '/embeddings'),
	readBody(body) {
		if (!isObject(body) || !('choices' in body || 'data' in body || 'usage' in body)) {
			throw new UsageFormatError('not an OpenAI chat completion');
		}
		return reading(body, body.usage);
	},
	readUsage: normalizeOpenAIUsage,
	streamReader(): StreamReader {
		let model: string | undefined;
		let last: string | undefined;
		return {
			event({ data }) {
				model ??= peekString(data, 'model');
				// Usage chunks repeat (Groq sends three); the last one wins, parsed once at the end.
				const at = data.indexOf('"usage"');
				if (at !== -1 && /^\s*:\s*\{/.test(data.slice(at + 7, at + 16))) last = data;
			},
			finish: () =>
				streamReading('openai', model, last, (text) => {
					const chunk = parseJson(text) as Json;
					return reading(chunk, chunk.usage ?? chunk.x_groq?.usage);
				}),
		};
	},
};

const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed'];

/** The Responses API. Streams carry usage in the terminal event's `response` (and there is no `[DONE]`). */
export const openaiResponses: ProviderFormat = {
	id: 'openai-responses',
	provider: 'openai',
	matches: (url) => pathEndsWith(url, '/responses'),
	readBody(body) {
		if (!isObject(body) || body.object !== 'response') throw new UsageFormatError('not an OpenAI response object');
		return reading(body, body.usage);
	},
	readUsage: normalizeOpenAIUsage,
	streamReader(): StreamReader {
		let model: string | undefined;
		let terminal: string | undefined;
		return {
			event({ event, data }) {
				model ??= peekString(data, 'model');
				if (TERMINAL.includes(event) || TERMINAL.some((type) => data.includes(`"${type}"`))) terminal = data;
			},
			finish: () =>
				streamReading('openai', model, terminal, (text) => {
					const response = (parseJson(text) as Json).response;
					if (!isObject(response)) throw new UsageFormatError('terminal event without a response');
					return reading(response, response.usage);
				}),
		};
	},
};
