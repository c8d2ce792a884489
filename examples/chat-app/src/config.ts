// The app's settings: which API to call, where, with what key, model and budget. Kept in
// localStorage; `?server=`, `?provider=`, `?model=` and `?budget=` in the page URL change them once
// (handy to point the app at another server, and used by the end-to-end test).

export type Provider = 'openai' | 'anthropic';

export interface Settings {
	provider: Provider;
	/**
	 * The API's base URL, as the official SDKs take it: OpenAI-compatible ones end in `/v1`
	 * (`https://api.openai.com/v1`, `https://openrouter.ai/api/v1`), Anthropic's does not
	 * (`https://api.anthropic.com`).
	 */
	baseUrl: string;
	/** Sent as `Authorization: Bearer` (OpenAI) or `x-api-key` (Anthropic). The demo server takes any. */
	apiKey: string;
	model: string;
	/** The reply's token limit: it also bounds what a budget reserves for the call. */
	maxTokens: number;
	/** Budget per chat, USD, as a decimal string (`'0.05'`). */
	budget: string;
}

/** The local demo server (`node examples/demo/serve.mjs`): no key, no network. */
export const DEMO_SERVER = import.meta.env.VITE_DEMO_SERVER ?? 'http://127.0.0.1:8788';

export const DEFAULT_MODELS: Record<Provider, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5' };

/** The default base URL of a provider on a server origin (the demo server answers both APIs). */
export const baseUrlFor = (provider: Provider, server = DEMO_SERVER) => (provider === 'openai' ? `${server.replace(/\/$/, '')}/v1` : server.replace(/\/$/, ''));

const KEY = 'tokentab-chat:settings';
const DECIMAL = /^\d+(\.\d+)?$/;

export function defaultSettings(server = DEMO_SERVER): Settings {
	return { provider: 'openai', baseUrl: baseUrlFor('openai', server), apiKey: 'demo-key', model: DEFAULT_MODELS.openai, maxTokens: 256, budget: '0.05' };
}

/** Settings from storage, then the page URL's overrides (saved, so a reload keeps them). */
export function loadSettings(search = location.search): Settings {
	let settings = defaultSettings();
	try {
		const saved: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
		if (saved && typeof saved === 'object') settings = validSettings({ ...settings, ...saved });
	} catch {
		// Unreadable settings: start from the defaults.
	}
	const query = new URLSearchParams(search);
	const server = query.get('server');
	const provider = query.get('provider');
	if (provider === 'openai' || provider === 'anthropic') settings = { ...settings, provider, model: DEFAULT_MODELS[provider], baseUrl: baseUrlFor(provider, server ?? DEMO_SERVER) };
	if (server) settings.baseUrl = baseUrlFor(settings.provider, server);
	const model = query.get('model');
	if (model) settings.model = model;
	const budget = query.get('budget');
	if (budget && DECIMAL.test(budget)) settings.budget = budget;
	if (query.size) {
		// Saved, and taken off the address: a reload, or a change in Settings, is not undone by them.
		saveSettings(settings);
		history.replaceState(null, '', location.pathname);
	}
	return settings;
}

export function saveSettings(settings: Settings): void {
	localStorage.setItem(KEY, JSON.stringify(validSettings(settings)));
}

/** Keeps only well-formed values; anything else falls back to the default. */
export function validSettings(input: Partial<Settings>): Settings {
	const fallback = defaultSettings();
	const provider = input.provider === 'anthropic' ? 'anthropic' : 'openai';
	return {
		provider,
		baseUrl: typeof input.baseUrl === 'string' && /^https?:\/\//.test(input.baseUrl) ? input.baseUrl.replace(/\/+$/, '') : baseUrlFor(provider),
		apiKey: typeof input.apiKey === 'string' ? input.apiKey : fallback.apiKey,
		model: typeof input.model === 'string' && input.model.trim() ? input.model.trim() : DEFAULT_MODELS[provider],
		maxTokens: Number.isSafeInteger(input.maxTokens) && input.maxTokens! > 0 ? input.maxTokens! : fallback.maxTokens,
		budget: typeof input.budget === 'string' && DECIMAL.test(input.budget) ? input.budget : fallback.budget,
	};
}
