// `npm test`: the gateway inside workerd, with this folder's wrangler.jsonc (its Durable Object and
// vars), against an OpenAI- and Anthropic-compatible upstream: LLM_SERVER_URL (default
// http://127.0.0.1:8788, where the tokentab repository's `npm run demo:server` serves its
// look-alike: no key, no network; its `POST /inspect/…` echoes what the gateway sent upstream).
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const upstream = process.env.LLM_SERVER_URL ?? 'http://127.0.0.1:8788';

export default defineConfig({
	plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.jsonc' } })],
	test: {
		include: ['test/**/*.test.ts'],
		provide: { demoServerUrl: upstream, llmServerUrl: process.env.TEST_SERVER_URL ?? upstream },
	},
});
