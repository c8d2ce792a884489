// Price computation per call: tokentab's pricer against @pydantic/genai-prices' calcPrice and
// tokenlens' getTokenCosts on the same inputs, warm (the model already resolved once), side by side in
// one run; then bundle sizes of all three (minified + gzip, from scripts/size.mjs). Uses the built
// package. Prints medians. `--json`: the tables go to stderr and the figures, each against its peer,
// to stdout as JSON (for bench/run.mjs).
import { spawnSync } from 'node:child_process';
import { Console } from 'node:console';
import { calcPrice } from '@pydantic/genai-prices';
import { getTokenCosts } from 'tokenlens';
import { bundledCatalog } from 'tokentab';
import { createPricer } from 'tokentab/pricer';

const json = process.argv.includes('--json');
const out = json ? new Console(process.stderr) : console;
const figures = [];

const at = Date.parse('2026-11-25T12:00:00Z');
const genaiAt = new Date(at);

/** [label, tokentab request, genai-prices usage, model id, provider id, tokenlens id (models.dev: provider/model)] */
const cases = [
	[
		'openai gpt-4o, cached input',
		{ provider: 'openai', model: 'gpt-4o', usage: { input: 200, cacheRead: 800, output: 500 } },
		{ input_tokens: 1000, cache_read_tokens: 800, output_tokens: 500 },
		'gpt-4o',
		'openai',
		'openai/gpt-4o',
	],
	[
		'openai dated snapshot',
		{ provider: 'openai', model: 'gpt-4o-2024-08-06', usage: { input: 1000, output: 500 } },
		{ input_tokens: 1000, output_tokens: 500 },
		'gpt-4o-2024-08-06',
		'openai',
		'openai/gpt-4o-2024-08-06',
	],
	[
		'anthropic cache writes',
		{ provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { input: 100, cacheRead: 3000, cacheWrite5m: 2000, output: 300 } },
		{ input_tokens: 5100, cache_read_tokens: 3000, cache_write_tokens: 2000, output_tokens: 300 },
		'claude-sonnet-4-5',
		'anthropic',
		'anthropic/claude-sonnet-4-5',
	],
	[
		'google long context tier',
		{ provider: 'google', model: 'gemini-2.5-pro', usage: { input: 250000, output: 1000 } },
		{ input_tokens: 250000, output_tokens: 1000 },
		'gemini-2.5-pro',
		'google',
		'google/gemini-2.5-pro',
	],
	[
		'deepseek time of day',
		{ provider: 'deepseek', model: 'deepseek-v4-pro', usage: { input: 1000, cacheRead: 1000, output: 500 } },
		{ input_tokens: 2000, cache_read_tokens: 1000, output_tokens: 500 },
		'deepseek-v4-pro',
		'deepseek',
		'deepseek/deepseek-v4-pro',
	],
	[
		'bedrock regional profile',
		{ provider: 'bedrock', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', usage: { input: 1000, output: 500 } },
		{ input_tokens: 1000, output_tokens: 500 },
		'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
		'aws',
		'amazon-bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
	],
	[
		'openrouter vendor/model',
		{ provider: 'openrouter', model: 'x-ai/grok-4', usage: { input: 1000, output: 500 } },
		{ input_tokens: 1000, output_tokens: 500 },
		'x-ai/grok-4',
		'openrouter',
		'openrouter/x-ai/grok-4',
	],
];

const price = createPricer(bundledCatalog);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
let sink = 0;

function perCall(fn, n) {
	const start = performance.now();
	for (let i = 0; i < n; i++) sink += fn(i) ? 1 : 0;
	return ((performance.now() - start) * 1000) / n; // µs
}

const rows = [];
for (const [label, request, usage, model, providerId, tokenlensId] of cases) {
	// Two inputs, alternated, made up front: the loop measures pricing, not object building.
	const requests = [0, 1].map((d) => ({ ...request, usage: { ...request.usage, output: request.usage.output + d }, at }));
	const usages = [0, 1].map((d) => ({ ...usage, output_tokens: usage.output_tokens + d }));
	const options = { providerId, timestamp: genaiAt };
	const ours = (i) => price(requests[i & 1]).cost;
	const theirs = (i) => calcPrice(usages[i & 1], model, options)?.total_price;
	// tokenlens takes input with its cache reads and writes named apart, as genai-prices does.
	const lensUsages = usages.map((u) => ({ input: u.input_tokens, output: u.output_tokens, cacheReads: u.cache_read_tokens ?? 0, cacheWrites: u.cache_write_tokens ?? 0 }));
	const lens = (i) => getTokenCosts({ modelId: tokenlensId, usage: lensUsages[i & 1] }).totalUSD;
	const lensPriced = (lens(0) ?? 0) > 0;
	// Cold: the first call of a fresh pricer resolves the model and decodes its provider.
	const coldStart = performance.now();
	createPricer(bundledCatalog)(request.provider === 'openrouter' ? { ...request } : { ...request, at });
	const cold = (performance.now() - coldStart) * 1000;
	perCall(ours, 20000);
	perCall(theirs, 2000);
	perCall(lens, 2000);
	const a = [];
	const b = [];
	const c = [];
	for (let round = 0; round < 15; round++) {
		a.push(perCall(ours, 20000));
		b.push(perCall(theirs, 2000));
		c.push(perCall(lens, 2000));
	}
	const t = median(a);
	const g = median(b);
	const l = median(c);
	rows.push({
		call: label,
		'tokentab (µs)': t.toFixed(3),
		'genai-prices (µs)': g.toFixed(2),
		'speed-up': `${(g / t).toFixed(0)}×`,
		'tokenlens (µs)': `${l.toFixed(2)}${lensPriced ? '' : ' (no price)'}`,
		'speed-up vs tokenlens': `${(l / t).toFixed(0)}×`,
		'tokentab cold (µs)': cold.toFixed(0),
	});
	const value = `${t.toFixed(2)} µs`;
	figures.push({ figure: `price one call, warm: ${label}`, value, baseline: `genai-prices calcPrice: ${g.toFixed(1)} µs`, ratio: t / g, reading: 'time, tokentab ÷ peer' });
	figures.push({
		figure: `price one call, warm: ${label}`,
		value,
		baseline: `tokenlens getTokenCosts: ${l.toFixed(1)} µs${lensPriced ? '' : ' (returned no price)'}`,
		ratio: t / l,
		reading: 'time, tokentab ÷ peer',
	});
}
out.log('Price computation per call, warm (median of 15 rounds):');
out.table(rows);

const sizes = spawnSync(process.execPath, ['scripts/size.mjs', '--json', '--peers'], { encoding: 'utf8' });
if (sizes.status === 0 || sizes.stdout) {
	const { results, catalogAdded } = JSON.parse(sizes.stdout);
	const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
	out.log('Bundle sizes (esbuild --minify, browser, gzip -9):');
	out.table(Object.fromEntries(Object.entries(results).map(([name, { min, gzip }]) => [name, { minified: kb(min), gzip: kb(gzip) }])));
	out.log(`the whole catalog adds ${kb(catalogAdded)} gzip to an app`);
	const size = (figure, name, peer, peerLabel) =>
		figures.push({
			figure,
			value: `${kb(results[name].gzip)} gzip (${kb(results[name].min)} minified)`,
			baseline: `${peerLabel}: ${kb(results[peer].gzip)} gzip (${kb(results[peer].min)} minified)`,
			ratio: results[name].gzip / results[peer].gzip,
			reading: 'gzip size, tokentab ÷ peer',
		});
	const genai = '@pydantic/genai-prices (calcPrice)';
	const tokenlens = 'tokenlens (getTokenCosts)';
	size('bundle: price computation with the whole catalog (tokentab: createTracker)', 'full', genai, 'genai-prices calcPrice');
	size('bundle: price computation with the whole catalog (tokentab: createTracker)', 'full', tokenlens, 'tokenlens getTokenCosts');
	size('bundle: tokentab/core with OpenAI, Anthropic and Google prices', 'core + openai, anthropic, google prices', tokenlens, 'tokenlens getTokenCosts');
}
out.log(`Node ${process.versions.node}${sink < 0 ? '' : ''}`);
if (json) console.log(JSON.stringify({ title: 'Price computation and bundle size, against @pydantic/genai-prices and tokenlens', figures }));
