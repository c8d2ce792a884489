import type { FormatId } from './formats';

/** Names users may give `session.record()`, beside the provider ids. */
const PROVIDER_ALIASES: Record<string, string> = { gemini: 'google' };

export function canonicalProvider(provider: string): string {
	return PROVIDER_ALIASES[provider] ?? provider;
}

const OPENAI_SHAPED: FormatId[] = ['openai-chat', 'openai-responses'];

/** The formats a provider's raw usage and bodies come in, for `session.record()`; the first reads its usage objects. */
const FORMATS_OF: Record<string, FormatId[]> = {
	openai: OPENAI_SHAPED,
	azure: OPENAI_SHAPED,
	mistral: ['openai-chat'],
	deepseek: ['openai-chat'],
	groq: ['openai-chat'],
	xai: OPENAI_SHAPED,
	openrouter: ['openai-chat'],
	cloudflare: ['workers-ai', 'openai-chat'],
	anthropic: ['anthropic-messages'],
	google: ['gemini', 'gemini-interactions'],
	vertex: ['gemini', 'anthropic-messages'],
	bedrock: ['bedrock-converse', 'bedrock-invoke'],
	cohere: ['cohere-chat'],
};

export function formatsOf(provider: string): FormatId[] {
	return FORMATS_OF[provider] ?? [];
}
