/**
 * The base URLs of providers, beside genai-prices' `api_pattern` (a regular expression per provider,
 * which `npm run prices:update` turns into plain URL rules): where the pattern cannot be said as plain
 * rules, or where a provider's own docs name hosts the pattern misses. Each line cites the page.
 * Rules: `host` (that host), `.suffix` (any host under it), `host/path` (that host, under that path).
 */
export const hosts: Record<string, { add?: string[]; replace?: string[] }> = {
	// OpenAI's regional hosts (us., eu., au., in., jp.api.openai.com) are left out on purpose: data
	// residency endpoints bill a 10% uplift for models released on or after 2026-03-05
	// (https://developers.openai.com/api/docs/guides/data-residency), which the catalog does not price,
	// so a call there is an estimate from OpenAI's prices, flagged, until the app registers the host.
	// https://docs.together.ai/docs/inference/openai-compatibility: `https://api.together.ai/v1` (api.together.xyz still serves).
	together: { add: ['api.together.ai'] },
	// `https://api\.moonshot\.` ends in a wildcard: https://platform.kimi.ai/docs/api/overview (global) and
	// https://platform.kimi.com/docs/api/overview (China) name the two hosts.
	moonshotai: { replace: ['api.moonshot.ai', 'api.moonshot.cn'] },
	// https://docs.baseten.co/quickstart: Model APIs at inference.baseten.co; dedicated deployments at
	// model-{id}.api.baseten.co (https://ai-sdk.dev/providers/ai-sdk-providers/baseten).
	baseten: { add: ['.api.baseten.co'] },
	// Copilot's API host depends on the plan and arrives with the token (api.individual., api.business.githubcopilot.com):
	// https://docs.getbifrost.ai/providers/supported-providers/github-copilot
	'github-copilot': { add: ['.githubcopilot.com'] },
	// https://platform.minimax.io/docs/api-reference/text-openai-api (api.minimax.io) and
	// https://platform.minimaxi.com/docs/api-reference/responses-create (api.minimaxi.com); the
	// pattern's other spellings (api.minimaxi.io, api.minimax.com) are kept, as it lists them.
	minimax: { add: ['api.minimax.chat'] },
	// Bedrock's runtime is `bedrock-runtime.{region}.amazonaws.com` (and `-fips`): a region label is
	// not a plain rule, so any amazonaws.com host with a Bedrock path (https://docs.aws.amazon.com/general/latest/gr/bedrock.html).
	bedrock: { replace: ['.amazonaws.com'] },
	// Workers AI's REST API is https://api.cloudflare.com/client/v4/accounts/{account}/ai/… (https://developers.cloudflare.com/workers-ai/get-started/rest-api/):
	// an account label is not a plain rule, so the host, whose LLM paths are Workers AI's.
	cloudflare: { replace: ['api.cloudflare.com'] },
};
