import type { ModelPrice } from '../types';

const PRICING = 'https://platform.claude.com/docs/en/about-claude/pricing';
const LONG_CONTEXT = `${PRICING}#long-context-pricing`;

/** Web search tool: $10 per 1,000 searches. */
const WS = '0.01';

// 5m cache writes cost 1.25x input, 1h writes 2x input, cache hits 0.1x input (unless noted).

const haiku3: ModelPrice = {
	prices: { input: '0.25', cacheWrite5m: '0.3', cacheWrite1h: '0.5', cacheRead: '0.03', output: '1.25' },
	source: PRICING,
};
const haiku35: ModelPrice = {
	prices: { input: '0.8', cacheWrite5m: '1', cacheWrite1h: '1.6', cacheRead: '0.08', output: '4', webSearch: WS },
	source: PRICING,
};
const sonnet3: ModelPrice = {
	prices: { input: '3', cacheWrite5m: '3.75', cacheWrite1h: '6', cacheRead: '0.3', output: '15' },
	source: PRICING,
};
const sonnet35: ModelPrice = {
	prices: { input: '3', cacheWrite5m: '3.75', cacheWrite1h: '6', cacheRead: '0.3', output: '15', webSearch: WS },
	source: PRICING,
};
const sonnet37: ModelPrice = {
	prices: { input: '3', cacheWrite5m: '3.75', cacheWrite1h: '6', cacheRead: '0.3', output: '15', webSearch: WS },
	source: PRICING,
};
const opus3: ModelPrice = {
	prices: { input: '15', cacheWrite5m: '18.75', cacheWrite1h: '30', cacheRead: '1.5', output: '75' },
	source: PRICING,
};
const claude2: ModelPrice = { prices: { input: '8', output: '24' }, source: PRICING };

// Sonnet 4 / 4.5 / 4.6 and Opus 4.6 on the 1M context (beta): when input + cache reads + cache writes
// exceed 200K tokens the whole call is billed at 2x input and cache prices and 1.5x output.
const sonnetLongContext = {
	above: 200000,
	prices: { input: '6', cacheWrite5m: '7.5', cacheWrite1h: '12', cacheRead: '0.6', output: '22.5' },
};
const sonnet4: ModelPrice = {
	prices: {
		input: '3',
		cacheWrite5m: '3.75',
		cacheWrite1h: '6',
		cacheRead: '0.3',
		output: '15',
		webSearch: WS,
		tiers: [sonnetLongContext],
	},
	source: LONG_CONTEXT,
};
const sonnet45: ModelPrice = {
	// The 1M context beta was retired on 2026-04-30; the tier prices calls made before then.
	prices: {
		input: '3',
		cacheWrite5m: '3.75',
		cacheWrite1h: '6',
		cacheRead: '0.3',
		output: '15',
		webSearch: WS,
		tiers: [sonnetLongContext],
	},
	source: LONG_CONTEXT,
};
const sonnet46: ModelPrice = {
	prices: [
		{
			input: '3',
			cacheWrite5m: '3.75',
			cacheWrite1h: '6',
			cacheRead: '0.3',
			output: '15',
			webSearch: WS,
			tiers: [sonnetLongContext],
		},
		// 1M context generally available at flat prices from 2026-03-13.
		{ since: '2026-03-13', input: '3', cacheWrite5m: '3.75', cacheWrite1h: '6', cacheRead: '0.3', output: '15', webSearch: WS },
	],
	source: LONG_CONTEXT,
};
const sonnet5: ModelPrice = {
	// The introductory $2/$10 rates were made permanent (the planned 2026-09-01 increase was cancelled).
	prices: { input: '2', cacheWrite5m: '2.5', cacheWrite1h: '4', cacheRead: '0.2', output: '10', webSearch: WS },
	source: PRICING,
};
const haiku45: ModelPrice = {
	prices: { input: '1', cacheWrite5m: '1.25', cacheWrite1h: '2', cacheRead: '0.1', output: '5', webSearch: WS },
	source: PRICING,
};
const opus4: ModelPrice = {
	prices: { input: '15', cacheWrite5m: '18.75', cacheWrite1h: '30', cacheRead: '1.5', output: '75', webSearch: WS },
	source: PRICING,
};
const opus41: ModelPrice = {
	prices: { input: '15', cacheWrite5m: '18.75', cacheWrite1h: '30', cacheRead: '1.5', output: '75', webSearch: WS },
	source: PRICING,
};
const opus45: ModelPrice = {
	prices: { input: '5', cacheWrite5m: '6.25', cacheWrite1h: '10', cacheRead: '0.5', output: '25', webSearch: WS },
	source: PRICING,
};
const opus46: ModelPrice = {
	prices: [
		{
			input: '5',
			cacheWrite5m: '6.25',
			cacheWrite1h: '10',
			cacheRead: '0.5',
			output: '25',
			webSearch: WS,
			tiers: [{ above: 200000, prices: { input: '10', cacheWrite5m: '12.5', cacheWrite1h: '20', cacheRead: '1', output: '37.5' } }],
		},
		// 1M context generally available at flat prices from 2026-03-13.
		{ since: '2026-03-13', input: '5', cacheWrite5m: '6.25', cacheWrite1h: '10', cacheRead: '0.5', output: '25', webSearch: WS },
	],
	source: LONG_CONTEXT,
};
// Opus 4.7 and later: flat prices across the full 1M context.
const opus47: ModelPrice = {
	prices: { input: '5', cacheWrite5m: '6.25', cacheWrite1h: '10', cacheRead: '0.5', output: '25', webSearch: WS },
	source: PRICING,
};
const opus48: ModelPrice = {
	prices: { input: '5', cacheWrite5m: '6.25', cacheWrite1h: '10', cacheRead: '0.5', output: '25', webSearch: WS },
	source: PRICING,
};
const opus5: ModelPrice = {
	prices: { input: '5', cacheWrite5m: '6.25', cacheWrite1h: '10', cacheRead: '0.5', output: '25', webSearch: WS },
	source: PRICING,
};
const opus55: ModelPrice = {
	// Cache hits are 0.05x input on Opus 5.5.
	prices: { input: '4', cacheWrite5m: '5', cacheWrite1h: '8', cacheRead: '0.2', output: '20', webSearch: WS },
	source: `${PRICING}#model-pricing`,
};
const fable5: ModelPrice = {
	prices: { input: '10', cacheWrite5m: '12.5', cacheWrite1h: '20', cacheRead: '1', output: '50', webSearch: WS },
	source: PRICING,
};
const fable51: ModelPrice = {
	// Cache hits are 0.025x input on Fable 5.1.
	prices: { input: '10', cacheWrite5m: '12.5', cacheWrite1h: '20', cacheRead: '0.25', output: '50', webSearch: WS },
	source: `${PRICING}#model-pricing`,
};
// Prompts (input + cache reads + cache writes) over 100,000 tokens: every price of the call is 5x.
const haiku55: ModelPrice = {
	prices: {
		input: '0.1',
		cacheWrite5m: '0.125',
		cacheWrite1h: '0.2',
		cacheRead: '0.01',
		output: '0.5',
		webSearch: WS,
		tiers: [{ above: 100000, prices: { input: '0.5', cacheWrite5m: '0.625', cacheWrite1h: '1', cacheRead: '0.05', output: '2.5' } }],
	},
	source: 'https://platform.claude.com/docs/en/models/haiku-5-5/overview',
};
// Mythos 5 and 5.1 (limited availability) are listed on the pricing page at Fable 5's and Fable 5.1's prices.
const mythos5: ModelPrice = { ...fable5, source: `${PRICING}#model-pricing` };
const mythos51: ModelPrice = { ...fable51, source: `${PRICING}#model-pricing` };

export const anthropic: Record<string, ModelPrice> = {
	// Claude 2 and 3
	'claude-2': claude2,
	'claude-2.0': claude2,
	'claude-2.1': claude2,
	'claude-3-haiku': haiku3,
	'claude-3-sonnet': sonnet3,
	'claude-3-opus': opus3,
	'claude-3-5-haiku': haiku35,
	'claude-3.5-haiku': haiku35,
	// `claude-3-5-sonnet-v2@20241022` is the Vertex id of the October 2024 snapshot.
	'claude-3-5-sonnet': sonnet35,
	'claude-3.5-sonnet': sonnet35,
	'claude-3-5-sonnet-v2': sonnet35,
	'claude-3-7-sonnet': sonnet37,
	'claude-3.7-sonnet': sonnet37,

	// Claude 4
	'claude-sonnet-4': sonnet4,
	'claude-sonnet-4-0': sonnet4,
	'claude-4-sonnet': sonnet4,
	'claude-opus-4': opus4,
	'claude-opus-4-0': opus4,
	'claude-4-opus': opus4,
	'claude-opus-4-1': opus41,
	'claude-opus-4.1': opus41,
	'claude-sonnet-4-5': sonnet45,
	'claude-sonnet-4.5': sonnet45,
	'claude-haiku-4-5': haiku45,
	'claude-haiku-4.5': haiku45,
	'claude-opus-4-5': opus45,
	'claude-opus-4.5': opus45,
	'claude-opus-4-6': opus46,
	'claude-opus-4.6': opus46,
	'claude-sonnet-4-6': sonnet46,
	'claude-sonnet-4.6': sonnet46,
	'claude-opus-4-7': opus47,
	'claude-opus-4.7': opus47,
	'claude-opus-4-8': opus48,
	'claude-opus-4.8': opus48,

	// Claude 5
	'claude-sonnet-5': sonnet5,
	'claude-opus-5': opus5,
	'claude-opus-5-5': opus55,
	'claude-opus-5.5': opus55,
	'claude-fable-5': fable5,
	'claude-fable-5-1': fable51,
	'claude-mythos-5': mythos5,
	'claude-mythos-5-1': mythos51,
	'claude-haiku-5-5': haiku55,
	'claude-haiku-5.5': haiku55,
};
