import { InvalidArgumentError } from '../errors/InvalidArgumentError';

/**
 * The token and unit buckets of one call. They never overlap: a token sits in exactly one bucket,
 * so a cost is a plain sum of `count × price` over the buckets. Each provider module converts its
 * own convention (OpenAI's cached tokens inside `prompt_tokens`, Anthropic's cache counts outside
 * `input_tokens`, Gemini's thoughts outside `candidatesTokenCount`) into this one model.
 */
export const TOKEN_BUCKETS = [
	/** Text (and image/video where priced as text) input that was neither read from nor written to a cache. */
	'input',
	/** Input tokens read from a prompt cache. */
	'cacheRead',
	/** Input tokens written to a cache that lives about 5 minutes (Anthropic's default, OpenAI's cache writes). */
	'cacheWrite5m',
	/** Input tokens written to a cache that lives 1 hour. */
	'cacheWrite1h',
	/** Visible output tokens, reasoning excluded. */
	'output',
	/** Reasoning or thinking tokens (billed at the output rate unless the catalog says otherwise). */
	'reasoning',
	/** Audio, image and video input and output, where the provider reports them apart from text. */
	'inputAudio',
	'outputAudio',
	'inputImage',
	'outputImage',
	'inputVideo',
	'outputVideo',
	/** Audio, image and video input tokens read from a prompt cache (priced apart from cached text on some models). */
	'cacheReadAudio',
	'cacheReadImage',
	'cacheReadVideo',
] as const;

/** Counted things that are priced per unit, not per million tokens: web searches and file searches (tool calls). */
export const UNIT_BUCKETS = ['webSearch', 'fileSearch'] as const;

export const USAGE_BUCKETS = [...TOKEN_BUCKETS, ...UNIT_BUCKETS] as const;

export type TokenBucket = (typeof TOKEN_BUCKETS)[number];
export type UnitBucket = (typeof UNIT_BUCKETS)[number];
export type UsageBucket = (typeof USAGE_BUCKETS)[number];

/** Normalized usage: absent buckets are zero. Counts are non-negative integers. */
export type Usage = Partial<Record<UsageBucket, number>>;

const KNOWN = new Set<string>(USAGE_BUCKETS);

/** Checks caller-supplied usage; throws a typed error on unknown buckets or bad counts. */
export function assertUsage(usage: unknown, where = 'usage'): asserts usage is Usage {
	if (typeof usage !== 'object' || usage === null || Array.isArray(usage)) {
		throw new InvalidArgumentError(`${where} must be an object of token counts`);
	}
	for (const [key, value] of Object.entries(usage)) {
		if (!KNOWN.has(key)) throw new InvalidArgumentError(`${where}.${key} is not a usage bucket (${USAGE_BUCKETS.join(', ')})`);
		if (!Number.isSafeInteger(value) || (value as number) < 0) {
			throw new InvalidArgumentError(`${where}.${key} must be a non-negative integer, got ${String(value)}`);
		}
	}
}

/** Adds `b` into `a` (mutating `a`) and returns it. */
export function addUsage(a: Usage, b: Usage): Usage {
	// Own keys only: a stored record is data, and `constructor` is not a bucket. (`for…in` with
	// `hasOwn`, not `Object.keys`: no array per call, and reports add a usage per call.)
	for (const key in b) {
		if (!Object.hasOwn(b, key)) continue;
		const value = b[key as UsageBucket];
		if (value) a[key as UsageBucket] = (Object.hasOwn(a, key) ? a[key as UsageBucket]! : 0) + value;
	}
	return a;
}

/** Drops zero buckets so stored records stay small and comparisons stay simple. */
export function compactUsage(usage: Usage): Usage {
	const out: Usage = {};
	for (const key in usage) {
		const value = usage[key as UsageBucket];
		if (value) out[key as UsageBucket] = value;
	}
	return out;
}
