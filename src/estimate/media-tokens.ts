/**
 * The most input tokens one image can be billed, by provider and model, from each provider's
 * documented rule (sources in docs/budgets.md). Images are resized by the provider before they
 * are counted, so the most is reached at the largest size the rule keeps, whatever was sent.
 */

/** OpenAI: 85 + 170 a 512 px tile (gpt-4o …), at most 8 tiles (2048 × 768 after resizing); patch models at most 1536 patches × their multiplier. */
const OPENAI: [RegExp, number][] = [
	[/^(gpt-4o-mini|chatgpt-4o-mini)/, 2833 + 8 * 5667],
	[/^gpt-4\.1-nano/, Math.ceil(1536 * 2.46)],
	[/^gpt-4\.1-mini/, Math.ceil(1536 * 1.62)],
	[/^o4-mini/, Math.ceil(1536 * 1.72)],
	[/^(o1|o3)/, 75 + 8 * 150],
	[/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-4-turbo|gpt-4-vision)/, 85 + 8 * 170],
];
/** Any other OpenAI model (the gpt-5 family's patch budgets and later ones): above every figure in the guide. */
const OPENAI_OTHER = 10_000;

/** Anthropic: 28 × 28 px patches of an image resized to at most 2576 px on its long edge (Opus 4.7; 1568 px before): ⌈2576 / 28⌉². */
const ANTHROPIC = Math.ceil(2576 / 28) ** 2;

/** Gemini 3 and later: 2240 tokens an image at `media_resolution` ultra high (1120 at high, the default). */
const GEMINI = 2240;
/** Gemini 1.5 and 2.x count 258 a 768 px tile and document no cap on the tiles: the ceiling below (38 tiles). */
const OLDER_GEMINI = /^gemini-(1|2)\b/;

/** Any other provider: the largest of the above that is not a multiplied small-model figure. */
const OTHER = OPENAI_OTHER;

/** The most tokens one image in a request to `provider`'s `model` can be billed. */
export function imageTokenCeiling(provider: string, model: string | undefined): number {
	const name = (model ?? '').toLowerCase().replace(/^[\w-]+\//, '');
	if (provider === 'openai' || provider === 'azure') return OPENAI.find(([pattern]) => pattern.test(name))?.[1] ?? OPENAI_OTHER;
	if (provider === 'anthropic' || name.startsWith('claude') || name.includes('anthropic.claude')) return ANTHROPIC;
	if (name.startsWith('gemini') || provider === 'google') return OLDER_GEMINI.test(name) ? OTHER : GEMINI;
	return OTHER;
}
