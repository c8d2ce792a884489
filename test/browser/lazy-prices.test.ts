import { afterAll, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';

// In real Chromium, an app built from the package as a consumer builds it (esbuild, code splitting)
// and served over HTTP: the tracker loads without any provider's prices, its first OpenAI call goes
// out and comes back, and only then, as the call is priced, is OpenAI's price chunk fetched (seen by
// the server that serves the chunks, and by the page's own resource timing); no other provider's.

let served: string | undefined;
afterAll(async () => {
	if (served) await commands.stopApp(served);
});

it("fetches OpenAI's price chunk only when the first OpenAI call is priced", async () => {
	const app = await commands.serveApp("export { createTracker } from './dist/index.js';");
	served = app.url;
	const openaiChunk = app.priceChunks.openai!;
	expect(openaiChunk).toMatch(/^\/openai-\w+\.js$/);
	expect(app.priceChunks.anthropic).toBeDefined();
	const priceChunks = new Set(Object.values(app.priceChunks));
	const loadedPrices = async () => (await commands.servedPaths(app.url)).filter((path) => priceChunks.has(path));
	const timed = () =>
		performance
			.getEntriesByType('resource')
			.map((entry) => new URL(entry.name).pathname)
			.filter((path) => priceChunks.has(path));

	const { createTracker } = (await import(/* @vite-ignore */ `${app.url}/app.js`)) as typeof import('../../src/index');
	const tracker = createTracker();
	const session = await tracker.startSession();
	expect(await loadedPrices()).toEqual([]);

	const url = `${inject('llmServerUrl')}/fixture/openai/openai-chat.json/v1/chat/completions`;
	const response = await session.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' });
	// The response is the app's before any price is loaded: pricing follows the body.
	expect(await loadedPrices()).toEqual([]);
	expect(response.status).toBe(200);
	await response.text();

	const summary = await tracker.endSession(session.id, 'Success');
	expect(summary.cost.toFixed()).toBe('0.000405');
	expect(summary.costKnown).toBe(true);
	expect(await loadedPrices()).toEqual([openaiChunk]);
	expect(timed()).toEqual([openaiChunk]);
});
