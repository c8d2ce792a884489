/** Names readers and users give providers → the catalog provider that holds their prices. */
export const PROVIDER_IDS: Record<string, string> = {
	gemini: 'google',
	vertex: 'google',
	'vertex-ai': 'google',
	vertexai: 'google',
	aws: 'bedrock',
	'amazon-bedrock': 'bedrock',
	'x-ai': 'xai',
	grok: 'xai',
	'workers-ai': 'cloudflare',
	'azure-openai': 'azure',
	mistralai: 'mistral',
	'together-ai': 'together',
	together_ai: 'together',
	moonshot: 'moonshotai',
};

/** The catalog provider for a provider name (`gemini` → `google`). */
export const catalogProvider = (provider: string): string => PROVIDER_IDS[provider] ?? provider;
