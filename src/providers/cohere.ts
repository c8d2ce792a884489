import { compactUsage, type Usage } from '../model/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { parseJson } from './peek';
import { count, isObject, type Json, textChars } from './read';
import type { StreamReader, WireFormat } from './types';

/**
 * Cohere v2 usage. `tokens` counts everything the model saw; `billed_units` counts what is billed
 * (71 tokens in, 5 billed, in Cohere's own example): the bill follows `billed_units`.
 */
export function normalizeCohereUsage(raw: unknown): Usage {
	if (!isObject(raw)) throw new UsageFormatError('Cohere usage must be an object');
	const billed: Json = isObject(raw.billed_units) ? raw.billed_units : (raw.tokens ?? {});
	return compactUsage({
		input: count(billed.input_tokens, 'input_tokens'),
		output: count(billed.output_tokens, 'output_tokens'),
	});
}

/** Cohere v2 `/v2/chat`. Neither the body nor the stream names the model; the request does. */
export const cohereChat: WireFormat = {
	id: 'cohere-chat',
	readBody(body, { provider }) {
		if (!isObject(body) || !isObject(body.usage)) throw new UsageFormatError('not a Cohere v2 chat response');
		return { provider, usage: normalizeCohereUsage(body.usage) };
	},
	readUsage: (raw) => ({ usage: normalizeCohereUsage(raw) }),
	streamReader({ provider }): StreamReader {
		let end: string | undefined;
		let outputChars = 0;
		return {
			event({ event, data }) {
				if (event === 'message-end' || data.includes('"message-end"')) end = data;
				else if (event === 'content-delta' || data.includes('"content-delta"')) outputChars += textChars(data, ['text']);
			},
			finish() {
				const usage = end === undefined ? undefined : (parseJson(end) as Json).delta?.usage;
				return { provider, ...(isObject(usage) ? { usage: normalizeCohereUsage(usage) } : {}), complete: isObject(usage), outputChars };
			},
		};
	},
};
