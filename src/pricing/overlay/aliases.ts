import type { MovingAlias } from '../types';

/**
 * Moving aliases, keyed `provider/alias`: the model each names over time. A call through one is
 * priced as the model the alias named when the call was made, unless the response names the model
 * that served it (that wins). An alias not listed here is an unknown model, never a stripped suffix.
 */
export const MOVING_ALIASES: Record<string, MovingAlias> = {
	// Mistral 3 launched 2025-12-02; `-latest` moved to Large 3 (2512) and the Ministral 3 models.
	'mistral/mistral-large-latest': {
		steps: [{ model: 'mistral-large-2411' }, { since: '2025-12-02', model: 'mistral-large-2512' }],
		source: 'https://docs.mistral.ai/getting-started/models/ (mistral-large-latest → mistral-large-2512), https://mistral.ai/news/mistral-3',
	},
	'mistral/mistral-large-3': { steps: [{ model: 'mistral-large-2512' }], source: 'https://docs.mistral.ai/getting-started/models/' },
	'mistral/ministral-3b-latest': {
		steps: [{ model: 'ministral-3b' }, { since: '2025-12-02', model: 'ministral-3b-2512' }],
		source: 'https://docs.mistral.ai/getting-started/models/ (ministral-3b-latest → ministral-3b-2512), https://mistral.ai/news/mistral-3',
	},
	'mistral/ministral-8b-latest': {
		steps: [{ model: 'ministral-8b-2410' }, { since: '2025-12-02', model: 'ministral-8b-2512' }],
		source: 'https://docs.mistral.ai/getting-started/models/ (ministral-8b-latest → ministral-8b-2512), https://mistral.ai/news/mistral-3',
	},
	'mistral/ministral-14b-latest': { steps: [{ model: 'ministral-14b-2512' }], source: 'https://docs.mistral.ai/getting-started/models/' },
	// Google moved gemini-pro-latest to Gemini 3.1 Pro on 2026-03-06 (its notice to API users, quoted in google-gemini/gemini-cli#20588).
	'google/gemini-pro-latest': {
		steps: [{ model: 'gemini-3-pro-preview' }, { since: '2026-03-06', model: 'gemini-3.1-pro-preview' }],
		source: 'https://ai.google.dev/gemini-api/docs/models#latest, https://github.com/google-gemini/gemini-cli/issues/20588',
	},
	// Anthropic's `-latest` aliases name one family each (claude-3-5-haiku-latest, claude-3-7-sonnet-latest and claude-3-opus-latest are catalog entries).
	'anthropic/claude-3-5-sonnet-latest': {
		steps: [{ model: 'claude-3-5-sonnet-20240620' }, { since: '2024-10-22', model: 'claude-3-5-sonnet-20241022' }],
		source: 'https://docs.anthropic.com/en/docs/about-claude/models (model aliases)',
	},
	// One-step aliases, each within one model family at one price: what the former `-latest` suffix
	// rule priced them as, kept as data. Their move dates are not listed (the family's price did not move).
	'xai/grok-3-latest': { steps: [{ model: 'grok-3' }], source: 'https://docs.x.ai/docs/models (aliases)' },
	'xai/grok-3-mini-latest': { steps: [{ model: 'grok-3-mini' }], source: 'https://docs.x.ai/docs/models (aliases)' },
	'xai/grok-2-latest': { steps: [{ model: 'grok-2-1212' }], source: 'https://docs.x.ai/docs/models (aliases)' },
	'xai/grok-2-vision-latest': { steps: [{ model: 'grok-2-vision-1212' }], source: 'https://docs.x.ai/docs/models (aliases)' },
	'xai/grok-4-latest': { steps: [{ model: 'grok-4-0709' }], source: 'https://docs.x.ai/docs/models (aliases)' },
	'openai/gpt-5-chat-latest': { steps: [{ model: 'gpt-5' }], source: 'https://platform.openai.com/docs/models/gpt-5-chat-latest (priced as GPT-5)' },
	'openai/gpt-5.1-chat-latest': { steps: [{ model: 'gpt-5.1' }], source: 'https://platform.openai.com/docs/models/gpt-5.1-chat-latest (priced as GPT-5.1)' },
	'openai/gpt-5.2-chat-latest': { steps: [{ model: 'gpt-5.2' }], source: 'https://platform.openai.com/docs/models/gpt-5.2-chat-latest (priced as GPT-5.2)' },
	'openai/gpt-5.3-chat-latest': { steps: [{ model: 'gpt-5.3' }], source: 'https://platform.openai.com/docs/models/gpt-5.3-chat-latest (priced as GPT-5.3)' },
	'openai/codex-mini-latest': { steps: [{ model: 'codex-mini' }], source: 'https://platform.openai.com/docs/models/codex-mini-latest' },
	'mistral/codestral-latest': { steps: [{ model: 'codestral' }], source: 'https://docs.mistral.ai/getting-started/models/' },
	'mistral/pixtral-large-latest': { steps: [{ model: 'pixtral-large' }], source: 'https://docs.mistral.ai/getting-started/models/' },
	'mistral/pixtral-12b-latest': { steps: [{ model: 'pixtral-12b' }], source: 'https://docs.mistral.ai/getting-started/models/' },
	'mistral/devstral-small-latest': { steps: [{ model: 'devstral-small' }], source: 'https://docs.mistral.ai/getting-started/models/' },
	'mistral/mistral-saba-latest': { steps: [{ model: 'mistral-saba' }], source: 'https://docs.mistral.ai/getting-started/models/' },
};
