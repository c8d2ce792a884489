import { lazy } from '../model/lazy';
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
	'openai-chat': lazy(() => import('./openai').then((module) => module.openaiChat)),
	'openai-responses': lazy(() => import('./openai').then((module) => module.openaiResponses)),
	'openai-images': lazy(() => import('./openai-media').then((module) => module.openaiImages)),
	'openai-transcriptions': lazy(() => import('./openai-media').then((module) => module.openaiTranscriptions)),
	'anthropic-messages': lazy(() => import('./anthropic').then((module) => module.anthropicMessages)),
	gemini: lazy(() => import('./gemini').then((module) => module.gemini)),
	'gemini-interactions': lazy(() => import('./gemini-interactions').then((module) => module.geminiInteractions)),
	'bedrock-invoke': lazy(() => import('./bedrock').then((module) => module.bedrockInvoke)),
	'bedrock-converse': lazy(() => import('./bedrock').then((module) => module.bedrockConverse)),
	'cohere-chat': lazy(() => import('./cohere').then((module) => module.cohereChat)),
	'workers-ai': lazy(() => import('./workers-ai').then((module) => module.workersAiRun)),
};

/** The format's reader, loaded once; a load that failed (a chunk the network lost) is tried again next time. */
export const loadFormat = (id: FormatId): Promise<WireFormat> => LOADERS[id]();
