import type { MovingAlias } from '../types';

const MISTRAL = 'https://docs.mistral.ai/getting-started/models/';
const MISTRAL_3 = `${MISTRAL}, https://mistral.ai/news/mistral-3`;
const ANTHROPIC = 'https://docs.anthropic.com/en/docs/about-claude/models';
const XAI = 'https://docs.x.ai/docs/models';
const OPENAI = 'https://platform.openai.com/docs/models';
/** Mistral 3 launched on 2025-12-02: its `-latest` aliases moved to Large 3 (2512) and the Ministral 3 models then. */
const MISTRAL_3_LAUNCH = '2025-12-02';

/** An alias that has named one model (within one family, at one price) for as long as it is priced here. */
const one = (model: string, source: string): MovingAlias => ({ steps: [{ model }], source });

/**
 * Moving aliases, keyed `provider/alias`: the model each names over time. A call through one is
 * priced as the model the alias named when the call was made, unless the response names the model
 * that served it (that wins). An alias not listed here is an unknown model, never a stripped suffix.
 */
export const MOVING_ALIASES: Record<string, MovingAlias> = {
	'mistral/mistral-large-latest': { steps: [{ model: 'mistral-large-2411' }, { since: MISTRAL_3_LAUNCH, model: 'mistral-large-2512' }], source: MISTRAL_3 },
	'mistral/ministral-3b-latest': { steps: [{ model: 'ministral-3b' }, { since: MISTRAL_3_LAUNCH, model: 'ministral-3b-2512' }], source: MISTRAL_3 },
	'mistral/ministral-8b-latest': { steps: [{ model: 'ministral-8b-2410' }, { since: MISTRAL_3_LAUNCH, model: 'ministral-8b-2512' }], source: MISTRAL_3 },
	'mistral/ministral-14b-latest': one('ministral-14b-2512', MISTRAL_3),
	'mistral/mistral-large-3': one('mistral-large-2512', MISTRAL_3),
	// Google moved gemini-pro-latest to Gemini 3.1 Pro on 2026-03-06 (its notice to API users, quoted in
	// google-gemini/gemini-cli#20588). gemini-flash-latest and gemini-flash-lite-latest are not listed:
	// no dated record of their moves was found (see unpublished.ts).
	'google/gemini-pro-latest': {
		steps: [{ model: 'gemini-3-pro-preview' }, { since: '2026-03-06', model: 'gemini-3.1-pro-preview' }],
		source: 'https://ai.google.dev/gemini-api/docs/models, https://github.com/google-gemini/gemini-cli/issues/20588',
	},
	// claude-3-5-haiku-latest, claude-3-7-sonnet-latest and claude-3-opus-latest are catalog entries.
	'anthropic/claude-3-5-sonnet-latest': { steps: [{ model: 'claude-3-5-sonnet-20240620' }, { since: '2024-10-22', model: 'claude-3-5-sonnet-20241022' }], source: ANTHROPIC },
	// What the former `-latest` suffix rule priced these as, kept as data: each within one family at one price.
	'xai/grok-3-latest': one('grok-3', XAI),
	'xai/grok-3-mini-latest': one('grok-3-mini', XAI),
	'xai/grok-2-latest': one('grok-2-1212', XAI),
	'xai/grok-2-vision-latest': one('grok-2-vision-1212', XAI),
	'xai/grok-4-latest': one('grok-4-0709', XAI),
	'openai/gpt-5-chat-latest': one('gpt-5', OPENAI),
	'openai/gpt-5.1-chat-latest': one('gpt-5.1', OPENAI),
	'openai/gpt-5.2-chat-latest': one('gpt-5.2', OPENAI),
	'openai/gpt-5.3-chat-latest': one('gpt-5.3', OPENAI),
	'openai/codex-mini-latest': one('codex-mini', OPENAI),
	'mistral/codestral-latest': one('codestral', MISTRAL),
	'mistral/pixtral-large-latest': one('pixtral-large', MISTRAL),
	'mistral/pixtral-12b-latest': one('pixtral-12b', MISTRAL),
	'mistral/devstral-small-latest': one('devstral-small', MISTRAL),
	'mistral/mistral-saba-latest': one('mistral-saba', MISTRAL),
};
