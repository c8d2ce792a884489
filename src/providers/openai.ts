import { compactUsage } from '../model/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { deepseekDialect } from './deepseek';
import { mistralDialect } from './mistral';
import { openaiDialect, type UsageDialect } from './openai-usage';
import { openrouterDialect } from './openrouter';
import { parseJson, peekString } from './peek';
import { isObject, type Json, textChars } from './read';
import type { ReadContext, StreamReader, UsageReading, WireFormat } from './types';
import { xaiDialect } from './xai';

/** Providers whose OpenAI-shaped usage needs its own reading; every other provider reads as OpenAI. */
const DIALECTS: Record<string, UsageDialect> = { xai: xaiDialect, deepseek: deepseekDialect, mistral: mistralDialect, openrouter: openrouterDialect };

const dialectOf = (provider: string) => DIALECTS[provider] ?? openaiDialect;

/** A reading of an OpenAI-shaped body: its model, service tier and usage (read in the provider's dialect). */
export function reading(provider: string, body: Json, usage: unknown): UsageReading {
	const read = usage ? dialectOf(provider)(usage) : undefined;
	return {
		provider,
		...(typeof body.model === 'string' && body.model ? { model: body.model } : {}),
		...(read ? { usage: read.usage } : {}),
		...(read?.reportedCost ? { reportedCost: read.reportedCost } : {}),
		...(read?.costDetails ? { costDetails: read.costDetails } : {}),
		...(typeof body.service_tier === 'string' ? { serviceTier: body.service_tier } : {}),
	};
}

/** A stream's reading from the one event kept for the end, with what the earlier events told. */
function streamReading({ provider }: ReadContext, seen: { model?: string; kept?: string; outputChars: number }, read: (text: string) => UsageReading & { complete: boolean }): UsageReading {
	const result: UsageReading = seen.kept === undefined ? { provider, complete: false } : read(seen.kept);
	if (seen.model && !result.model) result.model = seen.model;
	result.outputChars = seen.outputChars;
	return result;
}

/** The `"usage":{` of a chunk (not a `"usage":null`), found without parsing. */
function hasUsage(data: string): boolean {
	for (let at = data.indexOf('"usage"'); at !== -1; at = data.indexOf('"usage"', at + 7)) {
		if (/^\s*:\s*\{/.test(data.slice(at + 7, at + 16))) return true;
	}
	return false;
}

const GENERATED_TEXT = ['content', 'reasoning_content', 'reasoning', 'refusal', 'arguments', 'response'];

/**
 * Chat Completions (and Embeddings, and legacy Completions), from OpenAI and every server that
 * speaks its shape. A stream carries usage in its last chunk, and only with `include_usage` on
 * OpenAI; some providers repeat it (Groq sends it three times) or make it cumulative (Workers AI):
 * the last one wins.
 */
export const openaiChat: WireFormat = {
	id: 'openai-chat',
	readBody(body, { provider }) {
		if (!isObject(body) || !('choices' in body || 'data' in body || 'usage' in body)) throw new UsageFormatError('not an OpenAI chat completion');
		return reading(provider, body, body.usage);
	},
	readUsage: (raw, provider) => dialectOf(provider)(raw),
	streamReader: (context) => chatStream(context, false),
};

/**
 * Follows a chat completion stream. The usage kept is the last one; it is final when it follows
 * the finish (a chunk with no choices, or one whose choice finished), or, for streams whose usage
 * is cumulative on every chunk, when `[DONE]` arrived.
 */
export function chatStream(context: ReadContext, cumulative: boolean): StreamReader {
	const seen: { model?: string; kept?: string; outputChars: number } = { outputChars: 0 };
	let done = false;
	return {
		event({ data }) {
			if (data.startsWith('[DONE]')) {
				done = true;
				return;
			}
			seen.model ??= peekString(data, 'model');
			seen.outputChars += textChars(data, GENERATED_TEXT);
			if (hasUsage(data)) seen.kept = data;
		},
		finish: () =>
			streamReading(context, seen, (text) => {
				const chunk = parseJson(text) as Json;
				const { choices } = chunk;
				const finished = Array.isArray(choices) ? choices.length === 0 || choices.some((choice) => isObject(choice) && choice.finish_reason != null) : !cumulative;
				return { ...reading(context.provider, chunk, chunk.usage ?? chunk.x_groq?.usage), complete: finished || done };
			}),
	};
}

const TERMINAL = ['response.completed', 'response.incomplete', 'response.failed'];

/**
 * A Responses reading with the tool calls billed per call, which its `output` lists and its usage
 * does not count: each web search (one `web_search_call` item a search; opening a page or finding
 * in one is not a search) and each file search.
 */
function responseReading(provider: string, response: Json): UsageReading {
	const result = reading(provider, response, response.usage);
	let webSearch = 0;
	let fileSearch = 0;
	for (const item of Array.isArray(response.output) ? response.output : []) {
		if (!isObject(item)) continue;
		if (item.type === 'web_search_call' && (!isObject(item.action) || item.action.type === 'search')) webSearch++;
		else if (item.type === 'file_search_call') fileSearch++;
	}
	if (result.usage && (webSearch || fileSearch)) result.usage = compactUsage({ ...result.usage, webSearch, fileSearch });
	return result;
}

/** The Responses API. Streams carry usage in the terminal event's `response` (and there is no `[DONE]`). */
export const openaiResponses: WireFormat = {
	id: 'openai-responses',
	readBody(body, { provider }) {
		if (!isObject(body) || body.object !== 'response') throw new UsageFormatError('not an OpenAI response object');
		return responseReading(provider, body);
	},
	readUsage: (raw, provider) => dialectOf(provider)(raw),
	streamReader(context): StreamReader {
		const seen: { model?: string; kept?: string; outputChars: number } = { outputChars: 0 };
		return {
			event({ event, data }) {
				if (data.startsWith('[DONE]')) return;
				// The model is the event's `response.model` (response.created, response.in_progress): one level down.
				seen.model ??= peekString(data, 'model', 2);
				if (event.endsWith('.delta') || data.includes('.delta"')) seen.outputChars += textChars(data, ['delta']);
				if (TERMINAL.includes(event) || TERMINAL.some((type) => data.includes(`"${type}"`))) seen.kept = data;
			},
			finish: () =>
				streamReading(context, seen, (text) => {
					const response = (parseJson(text) as Json).response;
					if (!isObject(response)) throw new UsageFormatError('terminal event without a response');
					return { ...responseReading(context.provider, response), complete: true };
				}),
		};
	},
};
