import type { TokentabDurableObject } from 'tokentab/cloudflare';

/** The Worker's bindings and vars (wrangler.jsonc), and its secrets. */
export interface Env {
	/** tokentab's Durable Object: one object per user holds that user's sessions. */
	TOKENTAB: DurableObjectNamespace<TokentabDurableObject>;
	/** Where OpenAI-style requests go: an origin, the request's path is kept (`https://api.openai.com`). */
	OPENAI_BASE_URL: string;
	/** Where Anthropic-style requests go (`https://api.anthropic.com`). */
	ANTHROPIC_BASE_URL: string;
	/** The gateway's own provider keys (secrets): clients never see them. */
	OPENAI_API_KEY?: string;
	ANTHROPIC_API_KEY?: string;
	/** The users: a JSON object from access token to user id (a secret in production). */
	USER_TOKENS?: string;
	/**
	 * A request header that names the user, trusted as is: only behind something that sets it, such
	 * as Cloudflare Access (`cf-access-authenticated-user-email`). Unset: users come from tokens only.
	 */
	USER_HEADER?: string;
	/**
	 * Beta features clients may turn on with the gateway's key, comma-separated as the providers name
	 * them (`"prompt-caching-2024-07-31,assistants=v2"`); the `anthropic-beta` / `openai-beta` values
	 * not listed are dropped. Empty: no beta header is forwarded.
	 */
	ALLOWED_BETAS?: string;
	/** Each user's budget per calendar day, in USD (`"5"`); empty: no budget. */
	DAILY_BUDGET_USD?: string;
	/** The time zone whose calendar days the budget follows (`"Europe/Berlin"`); default UTC. */
	BUDGET_TIME_ZONE?: string;
}

/** The API family of a proxied request, by its path. */
export type Api = 'openai' | 'anthropic';
