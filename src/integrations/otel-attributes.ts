import type { CallRecord } from '../model/record';
import type { SessionMeta } from '../model/summary';
import type { Usage } from '../model/usage';

/** An OpenTelemetry attribute map: strings, numbers and booleans only (the API's `Attributes`, without importing it). */
export type GenAiAttributes = Record<string, string | number | boolean>;

/** tokentab's provider ids in the GenAI conventions' `gen_ai.provider.name` values; others go as they are. */
const PROVIDER_NAMES: Record<string, string> = {
	openai: 'openai',
	azure: 'azure.ai.openai',
	anthropic: 'anthropic',
	google: 'gcp.gemini',
	vertex: 'gcp.vertex_ai',
	bedrock: 'aws.bedrock',
	xai: 'x_ai',
	mistral: 'mistral_ai',
	deepseek: 'deepseek',
	groq: 'groq',
	cohere: 'cohere',
	perplexity: 'perplexity',
};

/** The operation a wire format performs (`gen_ai.operation.name`); chat unless the format says otherwise. */
const OPERATIONS: Record<string, string> = { gemini: 'generate_content' };

export const providerName = (provider: string): string => PROVIDER_NAMES[provider] ?? provider;
export const operationName = (record: CallRecord): string => OPERATIONS[record.format ?? ''] ?? 'chat';

const sum = (usage: Usage, buckets: (keyof Usage)[]): number => buckets.reduce((total, bucket) => total + (usage[bucket] ?? 0), 0);

/** Input tokens with the cached ones included, as `gen_ai.usage.input_tokens` says; output with reasoning included. */
export function tokenCounts(usage: Usage): { input: number; output: number; cacheRead: number; cacheCreation: number; reasoning: number } {
	return {
		input: sum(usage, ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'inputAudio', 'inputImage', 'inputVideo', 'cacheReadAudio']),
		output: sum(usage, ['output', 'reasoning', 'outputAudio', 'outputImage', 'outputVideo']),
		cacheRead: sum(usage, ['cacheRead', 'cacheReadAudio']),
		cacheCreation: sum(usage, ['cacheWrite5m', 'cacheWrite1h']),
		reasoning: usage.reasoning ?? 0,
	};
}

/**
 * How far a call's cost can be trusted: `provider-reported` (the provider billed it), `estimated`
 * (usage estimated by tokentab, as for a cut stream), `known` (priced from reported usage), or
 * `unknown` (no price: the cost attribute is absent).
 */
export type CostStatus = 'known' | 'estimated' | 'provider-reported' | 'unknown';

export function costStatus(record: CallRecord): CostStatus {
	if (record.cost === undefined) return 'unknown';
	if (record.costSource === 'provider') return 'provider-reported';
	// An unknown host priced from another provider's rows (`estimatedFrom`) is an estimate too.
	return record.usageSource === 'estimated' || record.estimatedFrom !== undefined ? 'estimated' : 'known';
}

/** `server.address` and `server.port` from a record's host (`[::1]:8787` → `::1`, 8787). */
function serverAttributes(host: string): GenAiAttributes {
	const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
	if (!match) return {};
	const address = match[1]!.replace(/^\[(.*)\]$/, '$1');
	return match[2] === undefined ? { 'server.address': address } : { 'server.address': address, 'server.port': Number(match[2]) };
}

/** The low-cardinality attributes shared by spans and metrics. */
export function callAttributes(record: CallRecord): GenAiAttributes {
	const attributes: GenAiAttributes = { 'gen_ai.operation.name': operationName(record), 'gen_ai.provider.name': providerName(record.provider) };
	if (record.requestedModel !== undefined) attributes['gen_ai.request.model'] = record.requestedModel;
	if (record.model !== undefined) attributes['gen_ai.response.model'] = record.model;
	if (record.failed) attributes['error.type'] = record.status === undefined ? '_OTHER' : String(record.status);
	if (record.host !== undefined) Object.assign(attributes, serverAttributes(record.host));
	return attributes;
}

/** Every attribute of a call's span: the GenAI ones, the session's, and tokentab's cost as an exact decimal string. */
export function spanAttributes(record: CallRecord, session: SessionMeta): GenAiAttributes {
	const tokens = tokenCounts(record.usage);
	const attributes: GenAiAttributes = {
		...callAttributes(record),
		'gen_ai.request.stream': record.stream,
		'gen_ai.usage.input_tokens': tokens.input,
		'gen_ai.usage.output_tokens': tokens.output,
		'session.id': session.id,
		'tokentab.call.id': record.id,
		'tokentab.usage.source': record.usageSource,
		'tokentab.cost.status': costStatus(record),
	};
	if (tokens.cacheRead) attributes['gen_ai.usage.cache_read.input_tokens'] = tokens.cacheRead;
	if (tokens.cacheCreation) attributes['gen_ai.usage.cache_creation.input_tokens'] = tokens.cacheCreation;
	if (tokens.reasoning) attributes['gen_ai.usage.reasoning.output_tokens'] = tokens.reasoning;
	if (session.userId !== undefined) attributes['user.id'] = session.userId;
	for (const [key, value] of Object.entries(session.tags)) attributes[`tokentab.tag.${key}`] = value;
	if (record.cost !== undefined) Object.assign(attributes, { 'tokentab.cost': record.cost, 'tokentab.cost.currency': 'USD' });
	if (record.priceKey !== undefined) attributes['tokentab.price.key'] = record.priceKey;
	if (record.catalogVersion !== undefined) attributes['tokentab.catalog.version'] = record.catalogVersion;
	if (record.status !== undefined) attributes['http.response.status_code'] = record.status;
	if (record.problem !== undefined) attributes['tokentab.problem'] = record.problem;
	return attributes;
}
