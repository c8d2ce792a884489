import { UsageFormatError } from '../errors/UsageFormatError';
import { reading } from './openai';
import { parseJson } from './peek';
import { isObject, type Json, textChars } from './read';
import type { ReadContext, StreamReader, WireFormat } from './types';

/**
 * A stream whose usage is in one terminal event (`image_generation.completed`, `transcript.text.done`):
 * that event is kept whole (an image's is large, and read once at the end), the deltas counted.
 */
function terminalEventStream(context: ReadContext, terminal: readonly string[], read: (event: Json) => ReturnType<WireFormat['readBody']>): StreamReader {
	let kept: string | undefined;
	let outputChars = 0;
	return {
		event({ event, data }) {
			if (terminal.includes(event) || terminal.some((type) => data.includes(`"${type}"`))) kept = data;
			else outputChars += textChars(data, ['delta']);
		},
		finish() {
			const result = kept === undefined ? { provider: context.provider } : read(parseJson(kept) as Json);
			return { ...result, complete: kept !== undefined, outputChars };
		},
	};
}

/**
 * Images: `/images/generations` and `/images/edits`. gpt-image models report tokens in the Responses
 * naming (`input_tokens_details.{text_tokens, image_tokens}`, output image tokens); a stream ends with
 * `image_generation.completed` or `image_edit.completed`, which carries the usage. DALL·E reports
 * none: its calls are unpriced.
 */
export const openaiImages: WireFormat = {
	id: 'openai-images',
	readBody(body, { provider }) {
		if (!isObject(body) || !('data' in body || 'usage' in body)) throw new UsageFormatError('not an OpenAI images response');
		return reading(provider, body, body.usage);
	},
	readUsage: (raw, provider) => ({ usage: reading(provider, {}, raw).usage ?? {} }),
	streamReader: (context) => terminalEventStream(context, ['image_generation.completed', 'image_edit.completed'], (event) => reading(context.provider, event, event.usage)),
};

/** A transcription's usage: tokens (gpt-4o-transcribe), or a duration (whisper-1), which no token price bills. */
function transcriptionUsage(usage: unknown): unknown {
	if (isObject(usage) && usage.type === 'duration') throw new UsageFormatError(`billed by duration (${Number(usage.seconds)} s), not by tokens`);
	return usage;
}

/**
 * Audio transcriptions (`/audio/transcriptions`): `usage` in tokens (`input_token_details.audio_tokens`
 * are audio input) or in seconds; a stream's `transcript.text.done` carries it. A response in text,
 * SRT or VTT has no usage.
 */
export const openaiTranscriptions: WireFormat = {
	id: 'openai-transcriptions',
	readBody(body, { provider }) {
		if (!isObject(body) || !('text' in body || 'usage' in body)) throw new UsageFormatError('not an OpenAI transcription');
		return reading(provider, body, transcriptionUsage(body.usage));
	},
	readUsage: (raw, provider) => ({ usage: reading(provider, {}, transcriptionUsage(raw)).usage ?? {} }),
	streamReader: (context) => terminalEventStream(context, ['transcript.text.done'], (event) => reading(context.provider, event, transcriptionUsage(event.usage))),
};
