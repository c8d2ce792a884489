import { compactUsage, type Usage } from '../model/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { parseJson, peekString } from './peek';
import { count, isObject, type Json, remainder, textChars } from './read';
import type { StreamReader, UsageReading, WireFormat } from './types';

function modality(details: unknown, kind: string): number {
	if (!Array.isArray(details)) return 0;
	let total = 0;
	for (const item of details) if (isObject(item) && item.modality === kind) total += count(item.tokenCount, `${kind} tokenCount`);
	return total;
}

/**
 * Gemini's `usageMetadata`. `promptTokenCount` includes `cachedContentTokenCount`; thoughts and
 * tool-use prompt tokens sit outside both prompt and candidates (only the total holds them). Thoughts
 * bill as output and tool-use prompt tokens as input. Audio, image and video, cached or not, each get
 * their bucket (`promptTokensDetails` and `cacheTokensDetails` by modality; the prompt's count includes
 * the cached one): Google prices them apart on some models, and the catalog prices them as text where
 * Google does.
 */
export function normalizeGeminiUsage(raw: unknown): Usage {
	if (!isObject(raw)) throw new UsageFormatError('Gemini usageMetadata must be an object');
	const prompt = count(raw.promptTokenCount, 'promptTokenCount');
	const cached = count(raw.cachedContentTokenCount, 'cachedContentTokenCount');
	const cachedAudio = modality(raw.cacheTokensDetails, 'AUDIO');
	const cachedImage = modality(raw.cacheTokensDetails, 'IMAGE');
	const cachedVideo = modality(raw.cacheTokensDetails, 'VIDEO');
	const inputAudio = Math.max(0, modality(raw.promptTokensDetails, 'AUDIO') - cachedAudio);
	const inputImage = Math.max(0, modality(raw.promptTokensDetails, 'IMAGE') - cachedImage);
	const inputVideo = Math.max(0, modality(raw.promptTokensDetails, 'VIDEO') - cachedVideo);
	const candidates = count(raw.candidatesTokenCount, 'candidatesTokenCount');
	const outputAudio = modality(raw.candidatesTokensDetails, 'AUDIO');
	const outputImage = modality(raw.candidatesTokensDetails, 'IMAGE');
	return compactUsage({
		input: remainder(prompt, cached + inputAudio + inputImage + inputVideo, 'prompt tokens') + count(raw.toolUsePromptTokenCount, 'toolUsePromptTokenCount'),
		cacheRead: remainder(cached, cachedAudio + cachedImage + cachedVideo, 'cached tokens'),
		cacheReadAudio: cachedAudio,
		cacheReadImage: cachedImage,
		cacheReadVideo: cachedVideo,
		inputAudio,
		inputImage,
		inputVideo,
		output: remainder(candidates, outputAudio + outputImage, 'candidate tokens'),
		reasoning: count(raw.thoughtsTokenCount, 'thoughtsTokenCount'),
		outputAudio,
		outputImage,
	});
}

const TRAFFIC_TIERS: Record<string, string> = { ON_DEMAND_FLEX: 'flex', ON_DEMAND_PRIORITY: 'priority' };

function reading(provider: string, body: Json): UsageReading {
	const metadata = body.usageMetadata;
	const counted = isObject(metadata) && (metadata.promptTokenCount !== undefined || metadata.totalTokenCount !== undefined);
	const tier = isObject(metadata) ? TRAFFIC_TIERS[metadata.trafficType] : undefined;
	return {
		provider,
		...(typeof body.modelVersion === 'string' && body.modelVersion ? { model: body.modelVersion } : {}),
		...(counted ? { usage: normalizeGeminiUsage(metadata) } : {}),
		...(tier ? { serviceTier: tier } : {}),
	};
}

/**
 * Gemini API and Vertex AI `generateContent` / `streamGenerateContent?alt=sse`. Every stream chunk
 * carries cumulative `usageMetadata` (on Vertex, only the last has counts): the last one wins, and
 * it is final once a candidate has a `finishReason`.
 */
export const gemini: WireFormat = {
	id: 'gemini',
	readBody(body, { provider }) {
		if (!isObject(body) || !('candidates' in body || 'usageMetadata' in body)) throw new UsageFormatError('not a Gemini response');
		return reading(provider, body);
	},
	readUsage: (raw) => ({ usage: normalizeGeminiUsage(raw) }),
	streamReader({ provider }): StreamReader {
		let model: string | undefined;
		let last: string | undefined;
		let complete = false;
		let outputChars = 0;
		return {
			event({ data }) {
				model ??= peekString(data, 'modelVersion');
				outputChars += textChars(data, ['text']);
				if (data.includes('"promptTokenCount"')) last = data;
				// Final: a candidate finished, or the prompt was blocked (no candidate ever comes).
				if (data.includes('"finishReason"') || data.includes('"blockReason"')) complete = true;
			},
			finish() {
				const result = last === undefined ? { provider } : reading(provider, parseJson(last) as Json);
				return { ...result, ...(model && !result.model ? { model } : {}), complete: complete && last !== undefined, outputChars };
			},
		};
	},
};
