import { anthropicMessages } from './anthropic';
import { gemini } from './gemini';
import { openaiChat, openaiResponses } from './openai';
import type { ProviderFormat } from './types';

/** Every wire format tokentab reads. Adding a provider is adding its file and one entry here. */
export const formats: readonly ProviderFormat[] = [openaiChat, openaiResponses, anthropicMessages, gemini];

/** Names users may give `session.record()`, beside the catalog ids. */
const PROVIDER_ALIASES: Record<string, string> = { gemini: 'google' };

export function canonicalProvider(provider: string): string {
	return PROVIDER_ALIASES[provider] ?? provider;
}

/** The format a POST to this URL speaks, by its path alone: no body is read to decide. */
export function formatForUrl(url: URL): ProviderFormat | undefined {
	for (const format of formats) if (format.matches(url)) return format;
	return undefined;
}

export function formatsOf(provider: string): ProviderFormat[] {
	return formats.filter((format) => format.provider === provider);
}

export type { ProviderFormat, StreamReader, UsageReading } from './types';
