// `npm test`: the app built by Vite, served by `vite preview` and driven in Chromium against an
// OpenAI- and Anthropic-compatible server: LLM_SERVER_URL (default http://127.0.0.1:8788, where the
// tokentab repository's `npm run demo:server` serves its look-alike: no key, no network).
// CHROMIUM is the browser (default /usr/bin/chromium).
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		provide: { demoServerUrl: process.env.LLM_SERVER_URL ?? 'http://127.0.0.1:8788' },
	},
});
