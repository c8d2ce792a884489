import type { WireFormat } from './types';

/** The wire formats tokentab reads usage from, by id (a record's `format`). */
export type FormatId =
	| 'openai-chat'
	| 'openai-responses'
	| 'openai-images'
	| 'openai-transcriptions'
	| 'anthropic-messages'
	| 'gemini'
	| 'gemini-interactions'
	| 'bedrock-invoke'
	| 'bedrock-converse'
	| 'cohere-chat'
	| 'workers-ai';

/**
 * Each format's reader behind a dynamic import(): a chunk of its own in a bundle that splits, loaded
 * when a call is first routed to it (before the request is sent, so it is there when the response
 * comes), and never for a provider the app does not call.
 */
const LOADERS: Record<FormatId, () => Promise<WireFormat>> = {
	'openai-chat': () => import('./openai').then((module) => module.openaiChat),
	'openai-responses': () => import('./openai').then((module) => module.openaiResponses),
	'openai-images': () => import('./openai-media').then((module) => module.openaiImages),
	'openai-transcriptions': () => import('./openai-media').then((module) => module.openaiTranscriptions),
	'anthropic-messages': () => import('./anthropic').then((module) => module.anthropicMessages),
	gemini: () => import('./gemini').then((module) => module.gemini),
	'gemini-interactions': () => import('./gemini-interactions').then((module) => module.geminiInteractions),
	'bedrock-invoke': () => import('./bedrock').then((module) => module.bedrockInvoke),
	'bedrock-converse': () => import('./bedrock').then((module) => module.bedrockConverse),
	'cohere-chat': () => import('./cohere').then((module) => module.cohereChat),
	'workers-ai': () => import('./workers-ai').then((module) => module.workersAiRun),
};

const loading = new Map<FormatId, Promise<WireFormat>>();

/** The format's reader, loaded once; a load that failed (a chunk the network lost) is tried again next time. */
export function loadFormat(id: FormatId): Promise<WireFormat> {
	let format = loading.get(id);
	if (!format) {
		format = LOADERS[id]();
		loading.set(id, format);
		format.catch(() => loading.delete(id));
	}
	return format;
}
