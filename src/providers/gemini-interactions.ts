import type { Usage } from '../model/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { normalizeGeminiUsage } from './gemini';
import { parseJson, peekString } from './peek';
import { isObject, type Json, textChars } from './read';
import type { StreamReader, UsageReading, WireFormat } from './types';

/** `[{ modality: 'audio', tokens: 5 }]` in generateContent's shape (`[{ modality: 'AUDIO', tokenCount: 5 }]`). */
function byModality(list: unknown): { modality: string; tokenCount: unknown }[] | undefined {
	if (!Array.isArray(list)) return undefined;
	return list.filter(isObject).map((item) => ({ modality: String(item.modality ?? '').toUpperCase(), tokenCount: item.tokens }));
}

/**
 * The Interactions API's `usage`, read as generateContent's `usageMetadata` is (its fields are the
 * same counts under other names): `total_input_tokens` holds `total_cached_tokens`; thoughts and
 * tool-use tokens sit outside input and output; each has a per-modality breakdown.
 */
export function normalizeInteractionUsage(raw: unknown): Usage {
	if (!isObject(raw)) throw new UsageFormatError('Interactions usage must be an object');
	return normalizeGeminiUsage({
		promptTokenCount: raw.total_input_tokens,
		cachedContentTokenCount: raw.total_cached_tokens,
		candidatesTokenCount: raw.total_output_tokens,
		thoughtsTokenCount: raw.total_thought_tokens,
		toolUsePromptTokenCount: raw.total_tool_use_tokens,
		promptTokensDetails: byModality(raw.input_tokens_by_modality),
		cacheTokensDetails: byModality(raw.cached_tokens_by_modality),
		candidatesTokensDetails: byModality(raw.output_tokens_by_modality),
	});
}

function reading(provider: string, interaction: Json): UsageReading {
	return {
		provider,
		...(typeof interaction.model === 'string' && interaction.model ? { model: interaction.model } : {}),
		...(isObject(interaction.usage) ? { usage: normalizeInteractionUsage(interaction.usage) } : {}),
		...(typeof interaction.service_tier === 'string' ? { serviceTier: interaction.service_tier } : {}),
	};
}

/**
 * Gemini's Interactions API (`POST /v1beta/interactions`), JSON or streamed (`interaction.created`,
 * `content.delta` … `interaction.completed`, whose `interaction.usage` counts the call). Each HTTP
 * response is one interaction on the server, billed on its own: the SDK's automatic continuation
 * sends one request per hop, each reporting only its hop's tokens (the SDK sums them for the app), so
 * each is recorded once. With `previous_interaction_id` the earlier turns are part of this
 * interaction's input and are counted in its `total_input_tokens` (cached ones in `total_cached_tokens`).
 */
export const geminiInteractions: WireFormat = {
	id: 'gemini-interactions',
	readBody(body, { provider }) {
		if (!isObject(body) || !('usage' in body || 'status' in body)) throw new UsageFormatError('not a Gemini interaction');
		return reading(provider, body);
	},
	readUsage: (raw) => ({ usage: normalizeInteractionUsage(raw) }),
	streamReader({ provider }): StreamReader {
		let model: string | undefined;
		let last: string | undefined;
		let outputChars = 0;
		return {
			event({ event, data }) {
				// The interaction of a lifecycle event is one level down.
				model ??= peekString(data, 'model', 2);
				if (event === 'content.delta' || data.includes('"content.delta"')) outputChars += textChars(data, ['text']);
				else if (event === 'interaction.completed' || data.includes('"interaction.completed"')) last = data;
			},
			finish() {
				const interaction = last === undefined ? undefined : (parseJson(last) as Json).interaction;
				const result = isObject(interaction) ? reading(provider, interaction) : { provider };
				return { ...result, ...(model && !result.model ? { model } : {}), complete: last !== undefined && result.usage !== undefined, outputChars };
			},
		};
	},
};
