import type { HourWindow, ModelPrice } from '../types';

const DEEPSEEK = 'https://api-docs.deepseek.com/quick_start/pricing';
const DEEPSEEK_NEWS = 'https://api-docs.deepseek.com/news/news250929';

/** DeepSeek's peak hours since 2026-08-16 16:00 UTC: 01:00-04:00 and 06:00-10:00 UTC, Monday to Friday (off-peak is half price). */
const peak = (input: string, cacheRead: string, output: string): HourWindow[] => [
	{ start: '01:00', end: '04:00', days: [1, 2, 3, 4, 5], input, cacheRead, output },
	{ start: '06:00', end: '10:00', days: [1, 2, 3, 4, 5], input, cacheRead, output },
];
const PEAK_SINCE = '2026-08-16T16:00:00Z';

/**
 * deepseek-chat and deepseek-reasoner: the promotional V3 price until 2025-02-08 16:00 UTC; the night
 * discount (16:30-00:30 UTC) from 2025-02-26 16:30 UTC; one price for both and no night discount from
 * 2025-09-05 16:00 UTC; V3.2 at half that from 2025-09-29.
 */
const v32 = { since: '2025-09-29', input: '0.28', cacheRead: '0.028', output: '0.42' };
const unified = { since: '2025-09-05T16:00:00Z', input: '0.56', cacheRead: '0.07', output: '1.68' };
const night = { start: '16:30', end: '00:30', input: '0.135', cacheRead: '0.035', output: '0.55' };

/** Hand entries for providers other than OpenAI, Anthropic and Google, each citing its page. */
export const extra: Record<string, Record<string, ModelPrice>> = {
	deepseek: {
		'deepseek-chat': {
			prices: [
				{ input: '0.14', cacheRead: '0.014', output: '0.28' },
				{ since: '2025-02-08T16:00:00Z', input: '0.27', cacheRead: '0.07', output: '1.1' },
				{ since: '2025-02-26T16:30:00Z', input: '0.27', cacheRead: '0.07', output: '1.1', hours: [night] },
				unified,
				v32,
			],
			source: `${DEEPSEEK}, ${DEEPSEEK_NEWS}`,
		},
		'deepseek-reasoner': {
			prices: [{ input: '0.55', cacheRead: '0.14', output: '2.19' }, { since: '2025-02-26T16:30:00Z', input: '0.55', cacheRead: '0.14', output: '2.19', hours: [night] }, unified, v32],
			source: `${DEEPSEEK}, ${DEEPSEEK_NEWS}`,
		},
		// V4: launch prices, then peak and off-peak billing from 2026-08-16 16:00 UTC, peak on weekdays only.
		'deepseek-v4-flash': {
			prices: [
				{ input: '0.14', cacheRead: '0.0028', output: '0.28' },
				{ since: PEAK_SINCE, input: '0.22', cacheRead: '0.007', output: '0.66', hours: peak('0.44', '0.014', '1.32') },
			],
			source: DEEPSEEK,
		},
		'deepseek-v4-pro': {
			prices: [
				{ input: '0.435', cacheRead: '0.003625', output: '0.87' },
				{ since: PEAK_SINCE, input: '0.66', cacheRead: '0.022', output: '1.98', hours: peak('1.32', '0.044', '3.96') },
			],
			source: DEEPSEEK,
		},
		// V4.1 Flash (DeepSeek-V4.1-Flash-1017). `deepseek-v4.1-flash` is the version's name (other hosts' id).
		'deepseek-flash': {
			prices: { input: '0.15', cacheRead: '0.003', output: '0.6', hours: peak('0.3', '0.006', '1.2') },
			match: ['=deepseek-v4.1-flash'],
			source: DEEPSEEK,
		},
	},
	xai: {
		// genai-prices' prices, and the model's own names ("Model name: grok-4.20-0309-reasoning"), which
		// xAI's responses give: they matched nothing.
		'grok-4.20': {
			prices: { input: '1.25', cacheRead: '0.2', output: '2.5', tiers: [{ above: 199999, prices: { input: '2.5', cacheRead: '0.4', output: '5' } }] },
			// The aliases of the reasoning model that xAI's page lists.
			match: [
				'^grok-4.20-0309',
				'=grok-4.20-reasoning',
				'=grok-4.20-beta',
				'=grok-4.20-beta-0309',
				'=grok-4.20-beta-0309-reasoning',
				'=grok-4.20-beta-reasoning',
				'=grok-4.20-beta-latest-reasoning',
				'=grok-4.20-experimental-beta-0304',
				'=grok-4.20-experimental-beta-0304-reasoning',
				'=grok-4.20-experimental-beta-reasoning-latest',
				'=grok-4.20-experimental-beta-latest',
				'=grok-4.20-reasoning-gv2',
				'=grok-4.20-reasoning-latest',
				'=grok-4.20-beta-latest',
			],
			source: 'https://docs.x.ai/developers/models/grok-4.20-0309, https://docs.x.ai/developers/models/grok-4.20-beta-0309-reasoning',
		},
	},
};

/** Why the overlay's prices differ from genai-prices', keyed `provider/genai id`. */
export const notes: Record<string, string> = {
	'openai/o3': 'o3 launched at $10 input, $2.50 cached input, $40 output; the 2025-06-10 cut made it $2 / $0.50 / $8. genai-prices gives the cut cached price ($0.50) to the launch period too.',
	'deepseek/deepseek-chat':
		'genai-prices keeps the 2025 night discount forever; DeepSeek cancelled it at 2025-09-05 16:00 UTC ($0.56 / $0.07 / $1.68 for both models) and V3.2 halved prices on 2025-09-29. The discount window is 16:30-00:30 UTC.',
	'deepseek/deepseek-reasoner': 'As deepseek-chat: the night discount ended at 2025-09-05 16:00 UTC, then V3.2 prices.',
	'deepseek/deepseek-v4-flash':
		'Peak pricing started at 2026-08-16 16:00 UTC (genai-prices: 2026-08-17 00:00) and applies Monday to Friday only; genai-prices applies the peak windows every day and before the change too.',
	'deepseek/deepseek-v4-pro': 'As deepseek-v4-flash: peak windows on weekdays only, from 2026-08-16 16:00 UTC.',
};
