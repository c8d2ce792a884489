// The server's settings, from environment variables (see the README).

export interface Config {
	/** Port to listen on (`PORT`, default 3000; 0 picks a free one). */
	port: number;
	/** Host to listen on (`HOST`, default 127.0.0.1). */
	host: string;
	/** Where sessions, calls and budget counters live (`REDIS_URL`). */
	redisUrl: string;
	/** The OpenAI-compatible API (`OPENAI_BASE_URL`, with its `/v1`). */
	openaiBaseUrl: string;
	openaiApiKey: string;
	/** The model asked for when a request names none (`OPENAI_MODEL`). */
	model: string;
	/** The most a reply may be, in tokens: also what the budget reserves for it (`MAX_OUTPUT_TOKENS`). */
	maxOutputTokens: number;
	/** Each user's daily budget in USD, a decimal string (`DAILY_BUDGET_USD`); none when empty. */
	dailyBudgetUsd: string | undefined;
	/** The time zone of the budget's calendar days (`BUDGET_TIME_ZONE`, default UTC). */
	budgetTimeZone: string;
	/** `OTEL_TRACES=console` prints every call's GenAI span on stdout. */
	consoleSpans: boolean;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function integer(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value.trim() === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got ${JSON.stringify(value)}`);
	return parsed;
}

/** The settings from `env`, with the defaults that run against a local look-alike of OpenAI. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
	const budget = env.DAILY_BUDGET_USD?.trim() ?? '0.05';
	if (budget && !DECIMAL.test(budget)) throw new Error(`DAILY_BUDGET_USD must be a decimal amount such as "5" or "0.50", got ${JSON.stringify(budget)}`);
	return {
		port: integer(env.PORT, 3000, 'PORT'),
		host: env.HOST || '127.0.0.1',
		redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
		openaiBaseUrl: env.OPENAI_BASE_URL || 'http://127.0.0.1:8788/v1',
		openaiApiKey: env.OPENAI_API_KEY || 'demo',
		model: env.OPENAI_MODEL || 'gpt-4o-mini',
		maxOutputTokens: integer(env.MAX_OUTPUT_TOKENS, 256, 'MAX_OUTPUT_TOKENS'),
		dailyBudgetUsd: budget || undefined,
		budgetTimeZone: env.BUDGET_TIME_ZONE?.trim() || 'UTC',
		consoleSpans: env.OTEL_TRACES === 'console',
	};
}
