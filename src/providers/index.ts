import { anthropicMessages } from './anthropic';
import { bedrockConverse, bedrockInvoke } from './bedrock';
import { cohereChat } from './cohere';
import { gemini } from './gemini';
import { geminiInteractions } from './gemini-interactions';
import { openaiChat, openaiResponses } from './openai';
import type { WireFormat } from './types';
import { workersAiRun } from './workers-ai';

/** Names users may give `session.record()`, beside the provider ids. */
const PROVIDER_ALIASES: Record<string, string> = { gemini: 'google' };

export function canonicalProvider(provider: string): string {
	return PROVIDER_ALIASES[provider] ?? provider;
}

const OPENAI_SHAPED = [openaiChat, openaiResponses];

/** The formats a provider's raw usage and bodies come in, for `session.record()`; the first reads its usage objects. */
const FORMATS_OF: Record<string, WireFormat[]> = {
	openai: OPENAI_SHAPED,
	azure: OPENAI_SHAPED,
	mistral: [openaiChat],
	deepseek: [openaiChat],
	groq: [openaiChat],
	xai: OPENAI_SHAPED,
	openrouter: [openaiChat],
	cloudflare: [workersAiRun, openaiChat],
	anthropic: [anthropicMessages],
	google: [gemini, geminiInteractions],
	vertex: [gemini, anthropicMessages],
	bedrock: [bedrockConverse, bedrockInvoke],
	cohere: [cohereChat],
};

export function formatsOf(provider: string): WireFormat[] {
	return FORMATS_OF[provider] ?? [];
}

export type { WireFormat } from './types';
