import { compactUsage, type Usage } from '../model/usage';
import { UsageFormatError } from '../errors/UsageFormatError';
import { anthropicMessages, anthropicStream } from './anthropic';
import { createEventStreamDecoder, type EventStreamMessage } from './eventstream';
import { parseJson } from './peek';
import { count, isObject, type Json, textChars } from './read';
import type { ChunkReader, ReadContext, UsageReading, WireFormat } from './types';

/** Follows one AWS event stream message by message. */
interface MessageReader {
	message(message: EventStreamMessage): void;
	finish(): UsageReading;
}

/** A message reader fed from the stream's bytes, through the event stream's decoder. */
function decoded(reader: MessageReader): ChunkReader {
	const decoder = createEventStreamDecoder((message) => reader.message(message));
	return { chunk: (bytes) => decoder.push(bytes), finish: () => reader.finish() };
}

const decoder = new TextDecoder();
const json = (payload: Uint8Array) => parseJson(decoder.decode(payload)) as Json;

function base64Text(base64: string): string {
	const binary = atob(base64);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return decoder.decode(bytes);
}

/**
 * Bedrock Converse usage. `inputTokens` excludes the cache; `cacheDetails` splits cache writes by
 * lifetime (`5m`, `1h`), and writes without a split count as 5-minute writes.
 */
export function normalizeConverseUsage(raw: unknown): Usage {
	if (!isObject(raw)) throw new UsageFormatError('Bedrock usage must be an object');
	const written = count(raw.cacheWriteInputTokens, 'cacheWriteInputTokens');
	let write1h = 0;
	for (const detail of Array.isArray(raw.cacheDetails) ? raw.cacheDetails : []) {
		if (isObject(detail) && detail.ttl === '1h') write1h += count(detail.inputTokens, 'cacheDetails inputTokens');
	}
	return compactUsage({
		input: count(raw.inputTokens, 'inputTokens'),
		cacheRead: count(raw.cacheReadInputTokens, 'cacheReadInputTokens'),
		cacheWrite5m: Math.max(0, written - write1h),
		cacheWrite1h: write1h,
		output: count(raw.outputTokens, 'outputTokens'),
	});
}

/** Counts Bedrock reports for any model: response headers on InvokeModel, a metrics object at a stream's end. */
function invocationUsage(input: unknown, output: unknown): Usage | undefined {
	if (input === undefined && output === undefined) return undefined;
	const number = (value: unknown) => (typeof value === 'string' ? Number(value) : value);
	return compactUsage({ input: count(number(input), 'input token count'), output: count(number(output), 'output token count') });
}

/**
 * InvokeModel and InvokeModelWithResponseStream. Anthropic models answer in Anthropic's own body and
 * events (with their cache counts); any other model is read from Bedrock's token-count headers, or
 * from the `amazon-bedrock-invocationMetrics` of the stream's last chunk.
 */
export const bedrockInvoke: WireFormat = {
	id: 'bedrock-invoke',
	readBody(body, context) {
		const tier = context.headers.get('x-amzn-bedrock-service-tier');
		let reading: UsageReading;
		if (isObject(body) && body.type === 'message') reading = anthropicMessages.readBody(body, context);
		else {
			const usage = invocationUsage(context.headers.get('x-amzn-bedrock-input-token-count') ?? undefined, context.headers.get('x-amzn-bedrock-output-token-count') ?? undefined);
			if (!usage) throw new UsageFormatError('no Bedrock token counts in the response');
			reading = { provider: context.provider, usage };
		}
		// The tier Bedrock served the call in (`flex`, `priority` …), as InvokeModel reports it.
		if (tier) reading.serviceTier = tier;
		return reading;
	},
	readUsage: (raw) => ({ usage: normalizeConverseUsage(raw) }),
	chunkReader({ provider }: ReadContext): ChunkReader {
		const anthropic = anthropicStream(provider);
		let metrics: Json | undefined;
		let outputChars = 0;
		return decoded({
			message({ headers, payload }: EventStreamMessage) {
				if (headers[':event-type'] !== 'chunk') return;
				const text = base64Text(String(json(payload).bytes ?? ''));
				if (text.includes('"type"')) anthropic.event({ event: 'message', data: text });
				if (text.includes('amazon-bedrock-invocationMetrics')) metrics = (parseJson(text) as Json)['amazon-bedrock-invocationMetrics'];
				else if (!text.includes('"type"')) outputChars += textChars(text, ['generation', 'outputText', 'completion']);
			},
			finish(): UsageReading {
				const reading = anthropic.finish();
				if (reading.usage) return reading;
				const usage = isObject(metrics) ? invocationUsage(metrics.inputTokenCount, metrics.outputTokenCount) : undefined;
				return { provider, ...(usage ? { usage } : {}), complete: usage !== undefined, outputChars: outputChars + (reading.outputChars ?? 0) };
			},
		});
	},
};

/** Converse's service tier: `{ type: 'flex' }` (a plain string in older responses). */
function serviceTier(value: unknown): string | undefined {
	const type = isObject(value) ? value.type : value;
	return typeof type === 'string' && type ? type : undefined;
}

/** Converse and ConverseStream: usage in the body, or in the stream's final `metadata` event. There is no model in either. */
export const bedrockConverse: WireFormat = {
	id: 'bedrock-converse',
	readBody(body, { provider }) {
		if (!isObject(body) || !isObject(body.usage) || body.usage.inputTokens === undefined) throw new UsageFormatError('not a Bedrock Converse response');
		const tier = serviceTier(body.serviceTier);
		return { provider, usage: normalizeConverseUsage(body.usage), ...(tier ? { serviceTier: tier } : {}) };
	},
	readUsage: (raw) => ({ usage: normalizeConverseUsage(raw) }),
	chunkReader({ provider }): ChunkReader {
		let metadata: Json | undefined;
		let outputChars = 0;
		return decoded({
			message({ headers, payload }) {
				const type = headers[':event-type'];
				if (type === 'metadata') metadata = json(payload);
				// Text, a tool's input and reasoning are all generated (billed as output).
				else if (type === 'contentBlockDelta') outputChars += textChars(decoder.decode(payload), ['text', 'input']);
			},
			finish: () => {
				const tier = serviceTier(metadata?.serviceTier);
				return {
					provider,
					...(isObject(metadata?.usage) ? { usage: normalizeConverseUsage(metadata.usage) } : {}),
					...(tier ? { serviceTier: tier } : {}),
					complete: isObject(metadata?.usage),
					outputChars,
				};
			},
		});
	},
};
