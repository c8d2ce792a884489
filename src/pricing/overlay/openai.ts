import type { ModelPrice } from '../types';

const PRICING = 'https://platform.openai.com/docs/pricing';
const PRICING_V2 = 'https://developers.openai.com/api/docs/pricing';
const models = (id: string): string => `https://developers.openai.com/api/docs/models/${id}`;

/** Web search tool calls: $10 per 1,000 calls. */
const WS = '0.01';

/** Priority processing (`service_tier: "priority"`): per-model prices from https://openai.com/api-priority-processing/. */
const PRIORITY = 'https://openai.com/api-priority-processing/';
const priority = (input: string, cacheRead: string | undefined, output: string) => ({
	service: { priority: { input, ...(cacheRead === undefined ? {} : { cacheRead }), output } },
});

// Long-context tier of GPT-5.4 and later: OpenAI lists standard rates for prompts under 272K input
// tokens, so a prompt of exactly 272,000 tokens is already long-context (`>=`).
const LONG = 272000;

const gpt4o: ModelPrice = { prices: { input: '2.5', cacheRead: '1.25', output: '10', webSearch: WS, ...priority('4.25', '2.125', '17') }, source: `${PRICING}, ${PRIORITY}` };
const chatgpt4o: ModelPrice = { prices: { input: '5', output: '15' }, source: PRICING };
const gpt4oAudio: ModelPrice = {
	prices: { input: '2.5', output: '10', inputAudio: '40', outputAudio: '80' },
	source: `${PRICING} (audio tokens: ${models('gpt-4o-audio-preview')})`,
};
const gpt4Turbo: ModelPrice = { prices: { input: '10', output: '30' }, source: PRICING };
const gpt4: ModelPrice = { prices: { input: '30', output: '60' }, source: PRICING };
const gpt4_32k: ModelPrice = { prices: { input: '60', output: '120' }, source: 'https://help.openai.com/en/articles/7127956-how-much-does-gpt-4-cost' };
const gpt35Turbo: ModelPrice = { prices: { input: '0.5', output: '1.5' }, source: PRICING };
const gpt35Legacy: ModelPrice = { prices: { input: '1.5', output: '2' }, source: PRICING };
const gpt35Turbo16k: ModelPrice = { prices: { input: '3', output: '4' }, source: PRICING };

const gpt5: ModelPrice = { prices: { input: '1.25', cacheRead: '0.125', output: '10', webSearch: WS, ...priority('2.5', '0.25', '20') }, source: `${PRICING}, ${PRIORITY}` };
const gpt51: ModelPrice = { prices: { input: '1.25', cacheRead: '0.125', output: '10', webSearch: WS, ...priority('2.5', '0.25', '20') }, source: `${PRICING}, ${PRIORITY}` };
const gpt51CodexMini: ModelPrice = { prices: { input: '0.25', cacheRead: '0.025', output: '2' }, source: PRICING };
const gpt52: ModelPrice = { prices: { input: '1.75', cacheRead: '0.175', output: '14', webSearch: WS, ...priority('3.5', '0.35', '28') }, source: `${PRICING}, ${PRIORITY}` };
const gpt52Pro: ModelPrice = { prices: { input: '21', output: '168', webSearch: WS }, source: PRICING };
const gpt53: ModelPrice = { prices: { input: '1.75', cacheRead: '0.175', output: '14' }, source: PRICING };
const gpt53Codex: ModelPrice = { prices: { input: '1.75', cacheRead: '0.175', output: '14' }, source: PRICING };
const gpt54: ModelPrice = {
	// Prompts of 272K+ input tokens: 2x input and cached input, 1.5x output for the whole call.
	prices: {
		input: '2.5',
		cacheRead: '0.25',
		output: '15',
		webSearch: WS,
		tiers: [{ from: LONG, prices: { input: '5', cacheRead: '0.5', output: '22.5' } }],
		...priority('5', '0.5', '30'),
	},
	source: `${PRICING}, ${PRIORITY}`,
};
const gpt54Mini: ModelPrice = { prices: { input: '0.75', cacheRead: '0.075', output: '4.5', webSearch: WS, ...priority('1.5', '0.15', '9') }, source: `${PRICING}, ${PRIORITY}` };
const gpt54Nano: ModelPrice = { prices: { input: '0.2', cacheRead: '0.02', output: '1.25', webSearch: WS }, source: PRICING };
const gpt54Pro: ModelPrice = {
	prices: { input: '30', output: '180', webSearch: WS, tiers: [{ from: LONG, prices: { input: '60', output: '270' } }] },
	source: PRICING,
};
const gpt55: ModelPrice = {
	prices: {
		input: '5',
		cacheRead: '0.5',
		output: '30',
		webSearch: WS,
		tiers: [{ from: LONG, prices: { input: '10', cacheRead: '1', output: '45' } }],
		...priority('12.5', '1.25', '75'),
	},
	source: `${models('gpt-5.5')}, ${PRIORITY}`,
};
const gpt55Pro: ModelPrice = {
	prices: { input: '30', output: '180', webSearch: WS, tiers: [{ from: LONG, prices: { input: '60', output: '270' } }] },
	source: PRICING,
};
// GPT-5.6: cache writes billed at 1.25x input; dated cuts per the OpenAI changelog.
const gpt56Luna: ModelPrice = {
	prices: [
		{
			input: '1',
			cacheWrite5m: '1.25',
			cacheRead: '0.1',
			output: '6',
			webSearch: WS,
			tiers: [{ from: LONG, prices: { input: '2', cacheWrite5m: '2.5', cacheRead: '0.2', output: '9' } }],
		},
		{
			// 80% price cut.
			since: '2026-07-30',
			input: '0.2',
			cacheWrite5m: '0.25',
			cacheRead: '0.02',
			output: '1.2',
			webSearch: WS,
			tiers: [{ from: LONG, prices: { input: '0.4', cacheWrite5m: '0.5', cacheRead: '0.04', output: '1.8' } }],
		},
	],
	source: `${models('gpt-5.6-luna')}, https://developers.openai.com/api/docs/changelog`,
};
const gpt56Sol: ModelPrice = {
	prices: [
		{
			input: '5',
			cacheWrite5m: '6.25',
			cacheRead: '0.5',
			output: '30',
			webSearch: WS,
			tiers: [{ from: LONG, prices: { input: '10', cacheWrite5m: '12.5', cacheRead: '1', output: '45' } }],
		},
		{
			// Input -20%, output -33%.
			since: '2026-08-21',
			input: '4',
			cacheWrite5m: '5',
			cacheRead: '0.4',
			output: '20',
			webSearch: WS,
			tiers: [{ from: LONG, prices: { input: '8', cacheWrite5m: '10', cacheRead: '0.8', output: '30' } }],
		},
	],
	source: `${models('gpt-5.6-sol')}, https://developers.openai.com/api/docs/changelog`,
};
const gpt56Terra: ModelPrice = {
	prices: [
		{
			input: '2.5',
			cacheWrite5m: '3.125',
			cacheRead: '0.25',
			output: '15',
			webSearch: WS,
			tiers: [{ from: LONG, prices: { input: '5', cacheWrite5m: '6.25', cacheRead: '0.5', output: '22.5' } }],
		},
		{
			// 20% price cut.
			since: '2026-07-30',
			input: '2',
			cacheWrite5m: '2.5',
			cacheRead: '0.2',
			output: '12',
			webSearch: WS,
			tiers: [{ from: LONG, prices: { input: '4', cacheWrite5m: '5', cacheRead: '0.4', output: '18' } }],
		},
	],
	source: `${models('gpt-5.6-terra')}, https://developers.openai.com/api/docs/changelog`,
};

const realtime: ModelPrice = {
	prices: { input: '4', cacheRead: '0.4', output: '16', inputAudio: '32', outputAudio: '64', inputImage: '5' },
	source: models('gpt-realtime'),
};
const realtime2: ModelPrice = {
	prices: { input: '4', cacheRead: '0.4', output: '24', inputAudio: '32', outputAudio: '64', inputImage: '5' },
	source: models('gpt-realtime-2.1'),
};
// Cached audio input is $0.30 (cached text $0.06); one cacheRead price cannot hold both.
const realtimeMini: ModelPrice = {
	prices: { input: '0.6', cacheRead: '0.06', output: '2.4', inputAudio: '10', outputAudio: '20', inputImage: '0.8' },
	source: models('gpt-realtime-2.1-mini'),
};
const gptAudio: ModelPrice = { prices: { input: '2.5', output: '10', inputAudio: '32', outputAudio: '64' }, source: PRICING };
const o3Mini: ModelPrice = { prices: { input: '1.1', cacheRead: '0.55', output: '4.4' }, source: PRICING };

export const openai: Record<string, ModelPrice> = {
	// GPT-4o
	'gpt-4o': gpt4o,
	// This snapshot is listed apart at $5/$15 with no cached-input discount.
	'gpt-4o-2024-05-13': { prices: { input: '5', output: '15', webSearch: WS, ...priority('8.75', undefined, '26.25') }, source: `${PRICING}, ${PRIORITY}` },
	'chatgpt-4o-latest': chatgpt4o,
	'chatgpt-4o': chatgpt4o,
	'gpt-4o-mini': { prices: { input: '0.15', cacheRead: '0.075', output: '0.6', webSearch: WS, ...priority('0.25', '0.125', '1') }, source: `${PRICING}, ${PRIORITY}` },
	'gpt-4o-audio-preview': gpt4oAudio,
	// The first audio snapshot cost $100/$200 per 1M audio tokens; 2024-12-17 cut audio to $40/$80.
	'gpt-4o-audio-preview-2024-10-01': {
		prices: { input: '2.5', output: '10', inputAudio: '100', outputAudio: '200' },
		source: PRICING,
	},
	'gpt-4o-mini-audio-preview': {
		prices: { input: '0.15', output: '0.6', inputAudio: '10', outputAudio: '20' },
		source: PRICING,
	},
	'gpt-4o-realtime-preview': {
		prices: { input: '5', cacheRead: '2.5', output: '20', inputAudio: '40', outputAudio: '80' },
		source: models('gpt-4o-realtime-preview'),
	},
	// First realtime snapshot: audio $100/$200 (cached audio $20, cached text $2.50).
	'gpt-4o-realtime-preview-2024-10-01': {
		prices: { input: '5', cacheRead: '2.5', output: '20', inputAudio: '100', outputAudio: '200' },
		source: PRICING,
	},
	'gpt-4o-mini-realtime-preview': {
		prices: { input: '0.6', cacheRead: '0.3', output: '2.4', inputAudio: '10', outputAudio: '20' },
		source: models('gpt-4o-mini-realtime-preview'),
	},

	// Realtime and audio
	'gpt-realtime': realtime,
	'gpt-realtime-1.5': realtime,
	'gpt-realtime-2': realtime2,
	'gpt-realtime-2.1': realtime2,
	'gpt-realtime-mini': realtimeMini,
	'gpt-realtime-2.1-mini': realtimeMini,
	'gpt-audio': gptAudio,
	'gpt-audio-1.5': gptAudio,
	'gpt-audio-mini': { prices: { input: '0.6', output: '2.4', inputAudio: '10', outputAudio: '20' }, source: PRICING },

	// GPT-4.1 and GPT-4.5
	'gpt-4.1': { prices: { input: '2', cacheRead: '0.5', output: '8', webSearch: WS, ...priority('3.5', '0.875', '14') }, source: `${PRICING}, ${PRIORITY}` },
	'gpt-4.1-mini': { prices: { input: '0.4', cacheRead: '0.1', output: '1.6', webSearch: WS, ...priority('0.7', '0.175', '2.8') }, source: `${PRICING}, ${PRIORITY}` },
	'gpt-4.1-nano': { prices: { input: '0.1', cacheRead: '0.025', output: '0.4', ...priority('0.2', '0.05', '0.8') }, source: `${PRICING}, ${PRIORITY}` },
	'gpt-4.5-preview': { prices: { input: '75', cacheRead: '37.5', output: '150' }, source: PRICING },

	// GPT-5
	'gpt-5': gpt5,
	'gpt-5-chat': gpt5,
	'gpt-5-codex': gpt5,
	'gpt-5-mini': { prices: { input: '0.25', cacheRead: '0.025', output: '2', webSearch: WS, ...priority('0.45', '0.045', '3.6') }, source: `${PRICING}, ${PRIORITY}` },
	'gpt-5-nano': { prices: { input: '0.05', cacheRead: '0.005', output: '0.4', webSearch: WS }, source: PRICING },
	'gpt-5-pro': { prices: { input: '15', output: '120', webSearch: WS }, source: PRICING },
	'gpt-5.1': gpt51,
	'gpt-5-1': gpt51,
	'gpt-5.1-chat': gpt51,
	'gpt-5-1-chat': gpt51,
	'gpt-5.1-codex': gpt51,
	'gpt-5-1-codex': gpt51,
	'gpt-5.1-codex-max': gpt51,
	'gpt-5-1-codex-max': gpt51,
	'gpt-5.1-codex-mini': gpt51CodexMini,
	'gpt-5-1-codex-mini': gpt51CodexMini,
	'gpt-5.2': gpt52,
	'gpt-5-2': gpt52,
	'gpt-5.2-chat': gpt52,
	'gpt-5-2-chat': gpt52,
	'gpt-5.2-codex': gpt52,
	'gpt-5-2-codex': gpt52,
	'gpt-5.2-pro': gpt52Pro,
	'gpt-5-2-pro': gpt52Pro,
	'gpt-5.3': gpt53,
	'gpt-5-3': gpt53,
	'gpt-5.3-chat': gpt53,
	'gpt-5-3-chat': gpt53,
	'gpt-5.3-codex': gpt53Codex,
	'gpt-5-3-codex': gpt53Codex,
	'gpt-5.4': gpt54,
	'gpt-5-4': gpt54,
	'gpt-5.4-mini': gpt54Mini,
	'gpt-5-4-mini': gpt54Mini,
	'gpt-5.4-nano': gpt54Nano,
	'gpt-5-4-nano': gpt54Nano,
	'gpt-5.4-pro': gpt54Pro,
	'gpt-5-4-pro': gpt54Pro,
	'gpt-5.5': gpt55,
	'gpt-5-5': gpt55,
	'gpt-5.5-chat': gpt55,
	'gpt-5-5-chat': gpt55,
	'gpt-5.5-codex': gpt55,
	'gpt-5-5-codex': gpt55,
	'gpt-5.5-pro': gpt55Pro,
	'gpt-5-5-pro': gpt55Pro,
	'gpt-5.6-luna': gpt56Luna,
	'gpt-5-6-luna': gpt56Luna,
	// Bare `gpt-5.6` is Sol.
	'gpt-5.6-sol': gpt56Sol,
	'gpt-5-6-sol': gpt56Sol,
	'gpt-5.6': gpt56Sol,
	'gpt-5-6': gpt56Sol,
	'gpt-5.6-terra': gpt56Terra,
	'gpt-5-6-terra': gpt56Terra,

	// GPT-6 Sol and Luna: long-context rates apply to prompts of more than 272K input tokens.
	'gpt-6-astra': {
		// Astra is listed like GPT-5.x: standard rates below 272K input tokens.
		prices: {
			input: '10',
			cacheWrite5m: '12.5',
			cacheRead: '1',
			output: '50',
			webSearch: WS,
			tiers: [{ from: LONG, prices: { input: '20', cacheWrite5m: '25', cacheRead: '2', output: '75' } }],
		},
		source: models('gpt-6-astra'),
	},
	'gpt-6-sol': {
		prices: {
			input: '2',
			cacheWrite5m: '2.5',
			cacheRead: '0.2',
			output: '10',
			webSearch: WS,
			tiers: [{ above: 272000, prices: { input: '4', cacheWrite5m: '5', cacheRead: '0.4', output: '15' } }],
		},
		source: models('gpt-6-sol'),
	},
	'gpt-6-luna': {
		prices: {
			input: '0.1',
			cacheWrite5m: '0.125',
			cacheRead: '0.01',
			output: '0.5',
			webSearch: WS,
			tiers: [{ above: 272000, prices: { input: '0.2', cacheWrite5m: '0.25', cacheRead: '0.02', output: '0.75' } }],
		},
		source: models('gpt-6-luna'),
	},

	// GPT-6.1 and 6.2: the input and output prices of OpenAI's models page. Its cached-input, cache-write
	// and long-context prices could not be read on an OpenAI page here, so they are left out (not guessed).
	'gpt-6.2-astra': { prices: { input: '8', output: '40' }, source: 'https://developers.openai.com/api/docs/models' },
	'gpt-6.2-sol': { prices: { input: '2', output: '10' }, source: 'https://developers.openai.com/api/docs/models' },
	'gpt-6.1-terra': { prices: { input: '1', output: '5' }, source: 'https://developers.openai.com/api/docs/models' },

	// o-series
	o1: { prices: { input: '15', cacheRead: '7.5', output: '60' }, source: PRICING },
	'o1-mini': { prices: { input: '1.1', cacheRead: '0.55', output: '4.4' }, source: PRICING },
	'o1-preview': { prices: { input: '15', cacheRead: '7.5', output: '60' }, source: PRICING },
	'o1-pro': { prices: { input: '150', output: '600' }, source: PRICING },
	o3: {
		prices: [
			{ input: '10', cacheRead: '2.5', output: '40', webSearch: WS },
			// 80% price cut announced 2025-06-10.
			{ since: '2025-06-10', input: '2', cacheRead: '0.5', output: '8', webSearch: WS, ...priority('3.5', '0.875', '14') },
		],
		source: PRICING,
	},
	'o3-pro': { prices: { input: '20', output: '80' }, source: PRICING },
	'o3-mini': o3Mini,
	'o3-mini-high': o3Mini,
	'o3-deep-research': { prices: { input: '10', cacheRead: '2.5', output: '40' }, source: PRICING },
	'o4-mini': { prices: { input: '1.1', cacheRead: '0.275', output: '4.4', webSearch: WS, ...priority('2', '0.5', '8') }, source: `${PRICING}, ${PRIORITY}` },
	'o4-mini-deep-research': { prices: { input: '2', cacheRead: '0.5', output: '8' }, source: PRICING },
	'codex-mini': { prices: { input: '1.5', cacheRead: '0.375', output: '6' }, source: PRICING },
	'computer-use-preview': { prices: { input: '3', output: '12' }, source: PRICING },

	// Legacy GPT-4 and GPT-3.5 (their -MMDD snapshots are not stripped by the lookup, so they are listed)
	'gpt-4-turbo': gpt4Turbo,
	'gpt-4-turbo-preview': gpt4Turbo,
	'gpt-4-0125-preview': gpt4Turbo,
	'gpt-4-1106-preview': gpt4Turbo,
	'gpt-4-vision-preview': gpt4Turbo,
	'gpt-4-1106-vision-preview': gpt4Turbo,
	'gpt-4': gpt4,
	'gpt-4-0613': gpt4,
	'gpt-4-0314': gpt4,
	'gpt-4-32k': gpt4_32k,
	'gpt-4-32k-0613': gpt4_32k,
	'gpt-4-32k-0314': gpt4_32k,
	'gpt-3.5-turbo': gpt35Turbo,
	'gpt-3.5-turbo-0125': gpt35Turbo,
	'gpt-3.5-turbo-1106': { prices: { input: '1', output: '2' }, source: PRICING },
	'gpt-3.5-turbo-0613': gpt35Legacy,
	'gpt-3.5-turbo-0301': gpt35Legacy,
	'gpt-3.5-turbo-instruct': gpt35Legacy,
	'gpt-3.5-turbo-16k': gpt35Turbo16k,
	'gpt-3.5-turbo-16k-0613': gpt35Turbo16k,

	// Search and fine-tuned models (the pricing page's "Specialized models" and "Finetuning" tables).
	'gpt-5-search-api': { prices: { input: '1.25', cacheRead: '0.125', output: '10' }, source: PRICING_V2 },
	// Fine-tuned ids are `ft:<base snapshot>:<org>:<suffix>:<id>`; the data-sharing discount is not in the id.
	'ft:gpt-4.1': { prices: { input: '3', cacheRead: '0.75', output: '12' }, match: ['^ft:gpt-4.1-2025-04-14:'], source: PRICING_V2 },
	'ft:o4-mini': { prices: { input: '4', cacheRead: '1', output: '16' }, match: ['^ft:o4-mini-2025-04-16:'], source: PRICING_V2 },

	// Embeddings
	'text-embedding-3-small': { prices: { input: '0.02' }, source: PRICING },
	'text-embedding-3-large': { prices: { input: '0.13' }, source: PRICING },
	'text-embedding-ada-002': { prices: { input: '0.1' }, source: PRICING },
};
