import type { ModelPrice } from '../types';

const PRICING = 'https://ai.google.dev/gemini-api/docs/pricing';
const TTS = 'https://cloud.google.com/text-to-speech/pricing#gemini-tts';

// Where Google lists one input price for all modalities, `inputAudio` repeats it (audio has no fallback).
// Cached audio is priced apart on some Flash models ($0.175 on 2.0 Flash, $0.10 on 2.5 Flash); our one
// `cacheRead` price is the text/image/video rate. Output prices include thinking tokens.

const gemini15Flash: ModelPrice = {
	// Prompts longer than 128K tokens: 2x every price.
	prices: {
		input: '0.075',
		inputAudio: '0.075',
		cacheRead: '0.01875',
		output: '0.3',
		tiers: [{ above: 128000, prices: { input: '0.15', inputAudio: '0.15', cacheRead: '0.0375', output: '0.6' } }],
	},
	source: `${PRICING}#gemini-1.5-flash`,
};
const gemini15Flash8b: ModelPrice = {
	prices: {
		input: '0.0375',
		inputAudio: '0.0375',
		cacheRead: '0.01',
		output: '0.15',
		tiers: [{ above: 128000, prices: { input: '0.075', inputAudio: '0.075', cacheRead: '0.02', output: '0.3' } }],
	},
	source: `${PRICING}#gemini-1.5-flash-8b`,
};
const gemini15Pro: ModelPrice = {
	prices: {
		input: '1.25',
		inputAudio: '1.25',
		cacheRead: '0.3125',
		output: '5',
		tiers: [{ above: 128000, prices: { input: '2.5', inputAudio: '2.5', cacheRead: '0.625', output: '10' } }],
	},
	source: `${PRICING}#gemini-1.5-pro`,
};
const gemini20Flash: ModelPrice = {
	prices: { input: '0.1', inputAudio: '0.7', cacheRead: '0.025', output: '0.4' },
	source: PRICING,
};
const gemini20FlashLite: ModelPrice = {
	prices: { input: '0.075', inputAudio: '0.075', output: '0.3' },
	source: PRICING,
};
const gemini25Flash: ModelPrice = {
	prices: { input: '0.3', inputAudio: '1', cacheRead: '0.03', output: '2.5' },
	source: PRICING,
};
const gemini25FlashLite: ModelPrice = {
	prices: { input: '0.1', inputAudio: '0.3', cacheRead: '0.01', output: '0.4' },
	source: PRICING,
};
const gemini25Pro: ModelPrice = {
	// Prompts longer than 200K tokens: every price of the call switches to the higher tier.
	prices: {
		input: '1.25',
		inputAudio: '1.25',
		cacheRead: '0.125',
		output: '10',
		tiers: [{ above: 200000, prices: { input: '2.5', inputAudio: '2.5', cacheRead: '0.25', output: '15' } }],
	},
	source: `${PRICING}#gemini-2.5-pro`,
};
const gemini25FlashImage: ModelPrice = {
	prices: { input: '0.3', output: '2.5', outputImage: '30' },
	source: `${PRICING}#gemini-2.5-flash-image`,
};
// TTS models only emit audio tokens.
const gemini25FlashTts: ModelPrice = { prices: { input: '0.5', output: '10', outputAudio: '10' }, source: TTS };
const gemini25ProTts: ModelPrice = { prices: { input: '1', output: '20', outputAudio: '20' }, source: TTS };
const geminiLive25Flash: ModelPrice = {
	prices: { input: '0.5', inputAudio: '3', output: '2', outputAudio: '12' },
	source: `${PRICING} (Live API), https://cloud.google.com/vertex-ai/generative-ai/pricing`,
};

// Gemini 3 Pro and 3.1 Pro: prompts longer than 200K tokens switch to the higher tier.
const gemini3Pro: ModelPrice = {
	prices: {
		input: '2',
		inputAudio: '2',
		cacheRead: '0.2',
		output: '12',
		tiers: [{ above: 200000, prices: { input: '4', inputAudio: '4', cacheRead: '0.4', output: '18' } }],
	},
	source: PRICING,
};
const gemini31Pro: ModelPrice = {
	prices: {
		input: '2',
		inputAudio: '2',
		cacheRead: '0.2',
		output: '12',
		tiers: [{ above: 200000, prices: { input: '4', inputAudio: '4', cacheRead: '0.4', output: '18' } }],
	},
	source: PRICING,
};
const gemini3ProImage: ModelPrice = {
	prices: { input: '2', output: '12', outputImage: '120' },
	source: `${PRICING}#gemini-3-pro-image`,
};
const gemini3Flash: ModelPrice = {
	prices: { input: '0.5', inputAudio: '1', cacheRead: '0.05', output: '3' },
	source: PRICING,
};
const gemini31FlashLite: ModelPrice = {
	prices: { input: '0.25', inputAudio: '0.5', cacheRead: '0.025', output: '1.5' },
	source: PRICING,
};
const gemini31FlashImage: ModelPrice = { prices: { input: '0.5', output: '3', outputImage: '60' }, source: PRICING };
const gemini31FlashLiteImage: ModelPrice = {
	prices: { input: '0.25', output: '1.5', outputImage: '30' },
	source: `${PRICING}#gemini-3.1-flash-lite-image`,
};
const gemini35Flash: ModelPrice = {
	prices: { input: '1.5', inputAudio: '1.5', cacheRead: '0.15', output: '9' },
	source: PRICING,
};
// Gemini 3.6, 3.7 and 3.8 Flash: introductory rates through 2026-12-31, then doubled.
const gemini36to38Flash: ModelPrice = {
	prices: [
		{ input: '0.75', inputAudio: '0.75', cacheRead: '0.075', output: '3.75' },
		{ since: '2027-01-01', input: '1.5', inputAudio: '1.5', cacheRead: '0.15', output: '7.5' },
	],
	source: PRICING,
};

export const google: Record<string, ModelPrice> = {
	// Gemini 1.5
	'gemini-1.5-flash': gemini15Flash,
	'gemini-flash-1.5': gemini15Flash,
	'gemini-1.5-flash-8b': gemini15Flash8b,
	'gemini-flash-1.5-8b': gemini15Flash8b,
	'gemini-1.5-pro': gemini15Pro,
	'gemini-pro-1.5': gemini15Pro,

	// Gemini 2.0 (`-001` is the Vertex stable version suffix)
	'gemini-2.0-flash': gemini20Flash,
	'gemini-2.0-flash-001': gemini20Flash,
	'gemini-2.0-flash-lite': gemini20FlashLite,
	'gemini-2.0-flash-lite-001': gemini20FlashLite,

	// Gemini 2.5
	'gemini-2.5-flash': gemini25Flash,
	'gemini-2.5-flash-preview-09-2025': gemini25Flash,
	'gemini-2.5-flash-lite': gemini25FlashLite,
	'gemini-2.5-flash-lite-preview-06-17': gemini25FlashLite,
	'gemini-2.5-flash-lite-preview-09-2025': gemini25FlashLite,
	'gemini-2.5-pro': gemini25Pro,
	'gemini-2.5-pro-preview-03-25': gemini25Pro,
	'gemini-2.5-pro-preview-05-06': gemini25Pro,
	'gemini-2.5-pro-preview-06-05': gemini25Pro,
	'gemini-2.5-flash-image': gemini25FlashImage,
	'gemini-2.5-flash-image-preview': gemini25FlashImage,
	'gemini-2.5-flash-tts': gemini25FlashTts,
	'gemini-2.5-flash-preview-tts': gemini25FlashTts,
	'gemini-2.5-flash-lite-preview-tts': gemini25FlashTts,
	'gemini-2.5-pro-tts': gemini25ProTts,
	'gemini-2.5-pro-preview-tts': gemini25ProTts,
	'gemini-live-2.5-flash': geminiLive25Flash,
	'gemini-live-2.5-flash-preview': geminiLive25Flash,
	'gemini-2.5-flash-native-audio': geminiLive25Flash,
	'gemini-2.5-flash-native-audio-preview-09-2025': geminiLive25Flash,
	'gemini-2.5-flash-native-audio-preview-12-2025': geminiLive25Flash,

	// Gemini 3
	'gemini-3-pro-preview': gemini3Pro,
	'gemini-3-pro-image-preview': gemini3ProImage,
	'gemini-3-pro-image': gemini3ProImage,
	'gemini-3-flash-preview': gemini3Flash,
	'gemini-3.1-pro-preview': gemini31Pro,
	'gemini-3.1-flash-lite': gemini31FlashLite,
	'gemini-3.1-flash-lite-preview': gemini31FlashLite,
	'gemini-3.1-flash-image-preview': gemini31FlashImage,
	'gemini-3.1-flash-image': gemini31FlashImage,
	'gemini-3.1-flash-lite-image': gemini31FlashLiteImage,
	'gemini-3.1-flash-lite-image-preview': gemini31FlashLiteImage,
	'gemini-3.1-flash-live-preview': {
		prices: { input: '0.75', inputAudio: '3', inputImage: '1', output: '4.5', outputAudio: '12' },
		source: `${PRICING}#gemini-3.1-flash-live-preview`,
	},
	'gemini-3.5-flash': gemini35Flash,
	'gemini-3.5-flash-preview': gemini35Flash,
	'gemini-3.5-flash-lite': {
		prices: { input: '0.3', inputAudio: '0.3', cacheRead: '0.03', output: '2.5' },
		source: PRICING,
	},
	'gemini-3.6-flash': gemini36to38Flash,
	'gemini-3.7-flash': gemini36to38Flash,
	'gemini-3.8-flash': gemini36to38Flash,

	// Embeddings
	'gemini-embedding-001': { prices: { input: '0.15' }, source: PRICING },
};
