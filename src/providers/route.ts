import type { FormatId } from './formats';
import { type HostTable, hostOwner, hostTable, isLocalHost, type UrlRules } from './hosts';

/** What a request is: the wire format its response will speak, who serves it, and the model its URL names. */
export interface Route {
	/** The response's wire format; its reader loads with `loadFormat` (providers/formats.ts). */
	format: FormatId;
	provider: string;
	/** The model (or Bedrock model id, or Azure deployment) named by the URL. */
	model?: string;
	/** The URL names an Azure deployment, not a model. */
	deployment?: boolean;
	/**
	 * For a public host no rule names (`provider` is then the host): the provider whose API the path
	 * speaks. Its prices may estimate the call, flagged as an estimate, never as known.
	 */
	owner?: string;
}

/** A host or URL prefix the app names as a provider: an in-house gateway, a self-hosted model server. */
export interface ProviderRegistration {
	/** A host (`llm.internal.example`) or a URL prefix (`https://gw.example/openai/`). */
	match: string;
	provider: string;
}

/**
 * Hosts of the providers this library has code for, so they are named without a catalog
 * (`tokentab/core`); the catalog's rules (each provider's `url`) add every other one and win for
 * the very same rule. Vertex shares Google's domain: its hosts, and a Vertex path, name it.
 */
const BUILT_IN: UrlRules = {
	openai: ['api.openai.com'],
	azure: ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'],
	anthropic: ['api.anthropic.com', '.api.aws'],
	bedrock: ['.amazonaws.com'],
	// Regional Vertex hosts are `{region}-aiplatform.googleapis.com`: no plain rule but the domain's.
	vertex: ['aiplatform.googleapis.com', '.aiplatform.googleapis.com', '.rep.googleapis.com', '.googleapis.com'],
	google: ['generativelanguage.googleapis.com'],
	mistral: ['api.mistral.ai'],
	deepseek: ['api.deepseek.com'],
	groq: ['api.groq.com'],
	xai: ['api.x.ai'],
	openrouter: ['openrouter.ai'],
	cohere: ['api.cohere.com', 'api.cohere.ai'],
	cloudflare: ['api.cloudflare.com'],
	// Hugging Face's router: `/v1/…` names the provider in the model (see `gatewayModel`); the catalog's
	// `router.huggingface.co/{provider}` rules are more specific.
	huggingface: ['router.huggingface.co'],
};

const builtInTable = hostTable(BUILT_IN);
const tables = new WeakMap<UrlRules, HostTable>();

/** The host table of a catalog's rules over the built-in ones, built once per catalog. */
function tableOf(urls: UrlRules | undefined): HostTable {
	if (!urls) return builtInTable;
	let table = tables.get(urls);
	if (!table) tables.set(urls, (table = hostTable(BUILT_IN, urls)));
	return table;
}

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
	'perplexity-ai': 'perplexity',
	cerebras: 'cerebras',
	mistral: 'mistral',
	deepseek: 'deepseek',
	grok: 'xai',
	cohere: 'cohere',
};

/** The provider whose API a path speaks, when the host is unknown (a proxy, a local base URL). */
const NATIVE: Record<FormatId, string> = {
	'openai-chat': 'openai',
	'openai-responses': 'openai',
	'openai-images': 'openai',
	'openai-transcriptions': 'openai',
	'anthropic-messages': 'anthropic',
	gemini: 'google',
	'gemini-interactions': 'google',
	'bedrock-invoke': 'bedrock',
	'bedrock-converse': 'bedrock',
	'cohere-chat': 'cohere',
	'workers-ai': 'cloudflare',
};

/** Gemini's Interactions API: `POST /v1beta/interactions` creates (and bills) one; its sub-paths (cancel, auth tokens) do not. */
const INTERACTIONS = /\/v1(?:alpha|beta)?\/interactions$/;
const GEMINI = /\/models\/([^/:]+):(?:(?:stream)?generateContent|embedContent|batchEmbedContents)$/i;
const RAW_PREDICT = /\/publishers\/anthropic\/models\/([^/:]+):(?:stream)?rawPredict$/i;
const BEDROCK = /\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream)$/;
const AZURE_DEPLOYMENT = /\/openai\/deployments\/([^/]+)\//;
/** Workers AI: `/ai/run/@cf/…` on the REST API; `/run/@cf/…` or `/@cf/…` behind AI Gateway. */
const WORKERS_AI = /^(?:.*\/ai)?(?:\/run)?\/(@(?:cf|hf)\/.+)$/;

/** The format of a path, the model it names, and who serves it when only the path can say (Vertex). */
function byPath(path: string): (Omit<Route, 'provider'> & { provider?: string }) | undefined {
	let match: RegExpExecArray | null;
	if (path.endsWith('/chat/completions') || path.endsWith('/completions') || path.endsWith('/embeddings')) return { format: 'openai-chat' };
	if (path.endsWith('/responses')) return { format: 'openai-responses' };
	if (path.endsWith('/images/generations') || path.endsWith('/images/edits')) return { format: 'openai-images' };
	if (path.endsWith('/audio/transcriptions')) return { format: 'openai-transcriptions' };
	if (path.endsWith('/v1/messages')) return { format: 'anthropic-messages' };
	if ((match = GEMINI.exec(path))) return { format: 'gemini', model: match[1]!, ...(path.includes('/projects/') ? { provider: 'vertex' } : {}) };
	if ((match = RAW_PREDICT.exec(path))) return { format: 'anthropic-messages', model: match[1]!, provider: 'vertex' };
	if ((match = BEDROCK.exec(path))) return { format: match[2]!.startsWith('invoke') ? 'bedrock-invoke' : 'bedrock-converse', model: decodeURIComponent(match[1]!) };
	if (path.endsWith('/v2/chat')) return { format: 'cohere-chat' };
	if (INTERACTIONS.test(path)) return { format: 'gemini-interactions' };
	if ((match = WORKERS_AI.exec(path))) return { format: 'workers-ai', model: decodeURIComponent(match[1]!) };
	return undefined;
}

/**
 * Routes a POST: registrations first, then Cloudflare AI Gateway (whose path names the provider),
 * then the host, by the built-in and the catalog's URL rules (`urls`); the path decides the format.
 * A known path on an unknown host is tracked too: on a loopback or private address (a local proxy,
 * `http://127.0.0.1:8787/v1/chat/completions`) as the provider the path belongs to; on a public
 * host as that host, never as another provider (its prices may only estimate it: `owner`).
 */
export function routeOf(url: URL, registrations: readonly ProviderRegistration[] = [], urls?: UrlRules): Route | undefined {
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
			// A slug the catalog names as a provider (`cerebras`, `deepseek`) is that provider.
			provider = slug === 'compat' ? 'compat' : (GATEWAY_SLUGS[slug] ?? (urls && Object.hasOwn(urls, slug) ? slug : undefined));
			path = `/${rest.join('/')}`;
		}
	}
	const found = byPath(path);
	if (!found) return undefined;
	const native = found.provider ?? NATIVE[found.format];
	let owner: string | undefined;
	if (!provider) {
		const byHost = hostOwner(tableOf(urls), url.hostname, url.pathname);
		// A Vertex path names Vertex on any Google host.
		if (byHost) provider = found.provider ?? byHost;
		else if (isLocalHost(url.hostname)) provider = native;
		else [provider, owner] = [url.hostname, native];
	}
	const deployment = provider === 'azure' ? AZURE_DEPLOYMENT.exec(path)?.[1] : undefined;
	return {
		format: found.format,
		...(found.model === undefined ? {} : { model: found.model }),
		provider,
		...(owner ? { owner } : {}),
		...(deployment ? { model: decodeURIComponent(deployment), deployment: true } : {}),
	};
}

/**
 * Routers whose model names the provider that serves it: AI Gateway's `compat` endpoint
 * (`google-ai-studio/gemini-2.5-flash`), and Hugging Face's router (`openai/gpt-oss-120b:cerebras`,
 * https://huggingface.co/docs/inference-providers; `:fastest` and `:cheapest` are policies, not
 * providers, and leave it unnamed).
 */
export function gatewayModel(provider: string, model: string): { provider: string; model: string } | undefined {
	if (provider === 'huggingface') {
		const colon = model.lastIndexOf(':');
		const slug = colon === -1 ? '' : model.slice(colon + 1);
		return slug && slug !== 'fastest' && slug !== 'cheapest' ? { provider: `huggingface_${slug}`, model: model.slice(0, colon) } : undefined;
	}
	if (provider !== 'compat') return undefined;
	const slash = model.indexOf('/');
	const vendor = slash === -1 ? undefined : GATEWAY_SLUGS[model.slice(0, slash)];
	return vendor ? { provider: vendor, model: model.slice(slash + 1) } : undefined;
}
