// npm run size: minified and gzipped browser bundles of tokentab's entry points, with their
// dependencies (big.js, ky), checked against the size limits. Deterministic: esbuild (pinned in the
// lockfile) minifies, zlib gzips at level 9. `--json` prints the figures as JSON; `--peers` adds
// @pydantic/genai-prices and tokenlens for comparison (not checked).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const KB = 1024;

/** What is measured: a tiny app importing one thing, bundled for the browser. */
const bundles = {
	'pricing engine (createPricer, big.js; no catalog)': "export { createPricer } from './src/pricing/pricer.ts'; export { default as Big } from 'big.js';",
	core: "export { createTracker, memoryStore } from './src/core.ts';",
	full: "export { createTracker, memoryStore } from './src/index.ts';",
	'core + openai prices': "export * from './src/core.ts'; export { default as openai } from './src/pricing/data/openai.ts';",
	'core + openai, anthropic, google prices':
		"export * from './src/core.ts'; export { default as openai } from './src/pricing/data/openai.ts'; export { default as anthropic } from './src/pricing/data/anthropic.ts'; export { default as google } from './src/pricing/data/google.ts';",
	'core + loadPrices (ky)': "export * from './src/core.ts'; export { loadPrices } from './src/remote.ts';",
};
const peers = {
	'@pydantic/genai-prices (calcPrice)': "export { calcPrice } from '@pydantic/genai-prices';",
	'tokenlens (getTokenCosts)': "export { getTokenCosts } from 'tokenlens';",
};

/**
 * Limits, in bytes of gzip: the pricing core with big.js and without the catalog ≤ 8 KB; the whole
 * catalog adds ≤ 25 KB to an app. The tracker's core (`tokentab/core`: tracker, provider readers, SSE,
 * fetch, pricing, big.js) is reported against the same 8 KB target but not failed on (see README).
 */
const LIMITS = { engine: 8 * KB, catalog: 25 * KB, core: 8 * KB };

async function measure(source) {
	const result = await build({
		stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'entry.ts' },
		bundle: true,
		minify: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		write: false,
		logLevel: 'silent',
		// The lazy fallback of loadPrices is a separate chunk in a real app; here it would be inlined.
		external: [],
	});
	const code = result.outputFiles[0].contents;
	return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const json = process.argv.includes('--json');
const withPeers = process.argv.includes('--peers');
const results = {};
for (const [name, source] of Object.entries({ ...bundles, ...(withPeers ? peers : {}) })) results[name] = await measure(source);
const catalog = results.full.gzip - results.core.gzip;
const checks = [
	['pricing core with big.js, no catalog (gzip)', results['pricing engine (createPricer, big.js; no catalog)'].gzip, LIMITS.engine],
	['full catalog added to an app (gzip)', catalog, LIMITS.catalog],
];
const targets = [['tokentab/core createTracker with big.js (gzip)', results.core.gzip, LIMITS.core]];
if (json) {
	console.log(JSON.stringify({ results, catalogAdded: catalog, limits: LIMITS }, null, 2));
} else {
	const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
	console.table(Object.fromEntries(Object.entries(results).map(([name, { min, gzip }]) => [name, { minified: kb(min), gzip: kb(gzip) }])));
	for (const [name, value, limit] of checks) console.log(`${value <= limit ? 'ok  ' : 'OVER'} ${name}: ${kb(value)} (limit ${kb(limit)})`);
	for (const [name, value, limit] of targets) console.log(`${value <= limit ? 'ok  ' : 'note'} ${name}: ${kb(value)} (target ${kb(limit)}, reported, not checked)`);
}
if (checks.some(([, value, limit]) => value > limit)) process.exit(1);
