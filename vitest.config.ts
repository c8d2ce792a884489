import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { bundle, refusePaths, serveApp, servedPaths, stopApp } from './test/support/browser-commands';

// Debian's chromium package; `npx playwright install` cannot download browsers here (.ci/run
// installs the package when it is missing).
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
	test: {
		// Runs once per run in the node process; starts the local test server and provides its URL
		// as `llmServerUrl` to all three projects (see test/support/provided.d.ts).
		globalSetup: ['./test/support/global-setup.ts'],
		projects: [
			{
				test: {
					name: 'node',
					environment: 'node',
					include: ['test/node/**/*.test.ts'],
				},
			},
			{
				// Real Chromium driven by playwright. The page is served from vitest's own origin, so
				// calls to the test server are cross-origin: the server sends CORS headers.
				// Pre-bundled up front, so vite does not discover them mid-run and reload the page.
				optimizeDeps: { include: ['big.js', 'idb-keyval'] },
				test: {
					name: 'browser',
					include: ['test/browser/**/*.test.ts'],
					browser: {
						enabled: true,
						headless: true,
						provider: playwright({
							launchOptions: {
								executablePath: CHROMIUM,
								args: CHROMIUM_ARGS,
							},
						}),
						instances: [{ browser: 'chromium' }],
						commands: { bundle, refusePaths, serveApp, servedPaths, stopApp },
					},
				},
			},
			{
				// examples/chat-app end to end: a Vite build of the app served by `vite preview`, driven in
				// real Chromium by playwright-core against the demo server.
				test: {
					name: 'chat-app',
					environment: 'node',
					include: ['examples/chat-app/test/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
				},
			},
			{
				// Tests run inside workerd (miniflare) next to test/workers/worker.ts. No `nodejs_compat`
				// flag is needed. workerd reaches the node-side test server on 127.0.0.1 with no extra
				// setup: miniflare's default "internet" network service allows ["public", "private",
				// "240.0.0.0/4"], and "private" covers loopback. Setting `miniflare.outboundService` or
				// `fetchMock` here would intercept those requests instead.
				plugins: [
					cloudflareTest({
						wrangler: { configPath: './test/workers/wrangler.jsonc' },
					}),
				],
				test: {
					name: 'workers',
					include: ['test/workers/**/*.test.ts'],
				},
			},
			{
				// examples/worker-gateway inside workerd, from its own wrangler config (its Durable Object and
				// vars); the tests point its upstream at the demo server that the global setup starts.
				plugins: [
					cloudflareTest({
						wrangler: { configPath: './examples/worker-gateway/wrangler.jsonc' },
					}),
				],
				test: {
					name: 'gateway',
					include: ['examples/worker-gateway/test/**/*.test.ts'],
				},
			},
		],
	},
});
