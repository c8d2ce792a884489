import { anthropicMessages } from './anthropic';
import { bedrockConverse, bedrockInvoke } from './bedrock';
import { cohereChat } from './cohere';
import { gemini } from './gemini';
import { openaiChat, openaiResponses } from './openai';
import type { WireFormat } from './types';
import { workersAiRun } from './workers-ai';

/** What a request is: the wire format its response will speak, who serves it, and the model its URL names. */
export interface Route {
	format: WireFormat;
	provider: string;
	/** The model (or Bedrock model id, or Azure deployment) named by the URL. */
	model?: string;
	/** The URL names an Azure deployment, not a model. */
	deployment?: boolean;
}

/** A host or URL prefix the app names as a provider: an in-house gateway, a self-hosted model server. */
export interface ProviderRegistration {
	/** A host (`llm.internal.example`) or a URL prefix (`https://gw.example/openai/`). */
	match: string;
	provider: string;
}

/** Known hosts, by suffix, and who they are. */
const HOSTS: [suffix: string, provider: string][] = [
	['api.openai.com', 'openai'],
	['.openai.azure.com', 'azure'],
	['.cognitiveservices.azure.com', 'azure'],
	['.services.ai.azure.com', 'azure'],
	['api.anthropic.com', 'anthropic'],
	['.amazonaws.com', 'bedrock'],
	['.api.aws', 'anthropic'],
	['aiplatform.googleapis.com', 'vertex'],
	['.rep.googleapis.com', 'vertex'],
	['generativelanguage.googleapis.com', 'google'],
	['api.mistral.ai', 'mistral'],
	['api.deepseek.com', 'deepseek'],
	['api.groq.com', 'groq'],
	['api.x.ai', 'xai'],
	['openrouter.ai', 'openrouter'],
	['api.cohere.com', 'cohere'],
	['api.cohere.ai', 'cohere'],
	['api.cloudflare.com', 'cloudflare'],
];

/** Cloudflare AI Gateway's provider slugs. */
const GATEWAY_SLUGS: Record<string, string> = {
	openai: 'openai',
	'azure-openai': 'azure',
	anthropic: 'anthropic',
	'aws-bedrock': 'bedrock',
	'google-ai-studio': 'google',
	'google-vertex-ai': 'vertex',
	'workers-ai': 'cloudflare',
	openrouter: 'openrouter',
	groq: 'groq',
	mistral: 'mistral',
	deepseek: 'deepseek',
	grok: 'xai',
	cohere: 'cohere',
};

/** The provider whose API a path speaks, when the host is unknown (a proxy, a local base URL). */
const NATIVE: Record<string, string> = {
	'openai-chat': 'openai',
	'openai-responses': 'openai',
	'anthropic-messages': 'anthropic',
	gemini: 'google',
	'bedrock-invoke': 'bedrock',
	'bedrock-converse': 'bedrock',
	'cohere-chat': 'cohere',
	'workers-ai': 'cloudflare',
};

const GEMINI = /\/models\/([^/:]+):(?:stream)?generateContent$/i;
const RAW_PREDICT = /\/publishers\/anthropic\/models\/([^/:]+):(?:stream)?rawPredict$/i;
const BEDROCK = /\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream)$/;
const AZURE_DEPLOYMENT = /\/openai\/deployments\/([^/]+)\//;
/** Workers AI: `/ai/run/@cf/…` on the REST API; `/run/@cf/…` or `/@cf/…` behind AI Gateway. */
const WORKERS_AI = /^(?:.*\/ai)?(?:\/run)?\/(@(?:cf|hf)\/.+)$/;

/** The format of a path, the model it names, and who serves it when only the path can say (Vertex). */
function byPath(path: string): (Omit<Route, 'provider'> & { provider?: string }) | undefined {
	let match: RegExpExecArray | null;
	if (path.endsWith('/chat/completions') || path.endsWith('/completions') || path.endsWith('/embeddings')) return { format: openaiChat };
	if (path.endsWith('/responses')) return { format: openaiResponses };
	if (path.endsWith('/v1/messages')) return { format: anthropicMessages };
	if ((match = GEMINI.exec(path))) return { format: gemini, model: match[1]!, ...(path.includes('/projects/') ? { provider: 'vertex' } : {}) };
	if ((match = RAW_PREDICT.exec(path))) return { format: anthropicMessages, model: match[1]!, provider: 'vertex' };
	if ((match = BEDROCK.exec(path))) return { format: match[2]!.startsWith('invoke') ? bedrockInvoke : bedrockConverse, model: decodeURIComponent(match[1]!) };
	if (path.endsWith('/v2/chat')) return { format: cohereChat };
	if ((match = WORKERS_AI.exec(path))) return { format: workersAiRun, model: decodeURIComponent(match[1]!) };
	return undefined;
}

function hostProvider(host: string): string | undefined {
	for (const [suffix, provider] of HOSTS) if (host === suffix || host.endsWith(suffix.startsWith('.') ? suffix : `.${suffix}`)) return provider;
	return undefined;
}

/**
 * Routes a POST: registrations first, then Cloudflare AI Gateway (whose path names the provider),
 * then the host; the path decides the format. A known path on an unknown host is the provider that
 * path belongs to, so a proxy or `http://127.0.0.1:8787/v1/chat/completions` is tracked too.
 */
export function routeOf(url: URL, registrations: readonly ProviderRegistration[] = []): Route | undefined {
	let path = url.pathname;
	let provider: string | undefined;
	const href = url.href;
	for (const registration of registrations) {
		if (registration.match === url.host || (registration.match.includes('/') && href.startsWith(registration.match))) {
			provider = registration.provider;
			break;
		}
	}
	if (!provider && url.host === 'gateway.ai.cloudflare.com') {
		const [, version, , , slug, ...rest] = path.split('/');
		if (version === 'v1' && slug) {
			// `compat` speaks OpenAI's API for every provider; the model (`openai/gpt-4o`) says whose.
			provider = slug === 'compat' ? 'compat' : GATEWAY_SLUGS[slug];
			path = `/${rest.join('/')}`;
		}
	}
	provider ??= hostProvider(url.host);
	const found = byPath(path);
	if (!found) return undefined;
	provider ??= found.provider ?? NATIVE[found.format.id]!;
	const deployment = provider === 'azure' ? AZURE_DEPLOYMENT.exec(path)?.[1] : undefined;
	return {
		format: found.format,
		...(found.model === undefined ? {} : { model: found.model }),
		provider,
		...(deployment ? { model: decodeURIComponent(deployment), deployment: true } : {}),
	};
}

/** AI Gateway's `compat` endpoint names the provider in the model: `google-ai-studio/gemini-2.5-flash`. */
export function gatewayModel(model: string): { provider: string; model: string } | undefined {
	const slash = model.indexOf('/');
	const provider = slash === -1 ? undefined : GATEWAY_SLUGS[model.slice(0, slash)];
	return provider ? { provider, model: model.slice(slash + 1) } : undefined;
}
