/**
 * Models we know of (an official SDK or an independent price map lists them) whose price we could not confirm on the provider's
 * own page: they stay unpriced rather than guessed. Each line says why and which page was checked;
 * move a model into the overlay, citing its page, once the price is confirmed there.
 */
export interface UnpublishedModel {
	id: string;
	provider: string;
	reason: string;
	checked: string;
}

export const unpublished: UnpublishedModel[] = [
	{
		id: 'claude-mythos-preview',
		provider: 'anthropic',
		reason: "Invitation-only (Project Glasswing); no price on Anthropic's pricing page. Third-party reports of $25 / $125 per MTok are not a provider page.",
		checked: 'https://platform.claude.com/docs/en/about-claude/pricing',
	},
	{
		id: 'claude-fable-5-2',
		provider: 'anthropic',
		reason: "Released 2026-11-09; the stored copies of Anthropic's pricing page predate it and no stored overview page gives its price (third parties say $8 / $40, cache read $0.20).",
		checked: 'https://platform.claude.com/docs/en/models/fable-5-2/migration-guide',
	},
	{
		id: 'claude-mythos-5-2',
		provider: 'anthropic',
		reason: 'Limited availability (Cyber and Life Sciences Verification Programs); priced as Fable 5.2, whose price no stored Anthropic page gives.',
		checked: 'https://platform.claude.com/docs/en/models/fable-5-2/migration-guide',
	},
	{
		id: 'gpt-6.1-sol',
		provider: 'openai',
		reason: 'No stored copy of its OpenAI model page was found; the stored models page lists GPT-6.2 Sol in its place (third parties cite $2 / $0.10 cached / $10).',
		checked: 'https://developers.openai.com/api/docs/models/gpt-6.1-sol',
	},
	{
		id: 'gemini-flash-latest',
		provider: 'google',
		reason: "A moving alias (to the newest Flash model), not a model: it belongs in the catalog's alias data, dated, not a price of its own.",
		checked: 'https://ai.google.dev/gemini-api/docs/models',
	},
	{
		id: 'gemini-flash-lite-latest',
		provider: 'google',
		reason: 'A moving alias (to the newest Flash-Lite model): as gemini-flash-latest.',
		checked: 'https://ai.google.dev/gemini-api/docs/models',
	},
	{
		id: 'mistral-medium-2604',
		provider: 'mistral',
		reason: 'Reported as the dated id of Mistral Medium 3.5 (third parties: $1.50 / $7.50), but no stored Mistral page naming this id was found.',
		checked: 'https://docs.mistral.ai/models/model-cards/mistral-medium-3-5-26-04',
	},
	{
		id: 'devstral-medium-2507',
		provider: 'mistral',
		reason: 'Devstral Medium 1.0; third parties report it retired on 2026-05-31. No stored Mistral page with its price was found.',
		checked: 'https://docs.mistral.ai/getting-started/models/',
	},
];
