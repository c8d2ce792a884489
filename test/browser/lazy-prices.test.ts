import { afterAll, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { TrackerEvent } from '../../src/index';

// In real Chromium, an app built from the package as a consumer builds it (esbuild, code splitting)
// and served over HTTP: the tracker loads without any provider's prices, its first OpenAI call goes
// out and comes back, and only then, as the call is priced, is OpenAI's price chunk fetched (seen by
// the server that serves the chunks, and by the page's own resource timing); no other provider's.

const served: string[] = [];
afterAll(async () => {
	for (const url of served) await commands.stopApp(url);
});

const fixtureUrl = () => `${inject('llmServerUrl')}/fixture/openai/openai-chat.json/v1/chat/completions`;
const chatRequest = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' };

it("fetches OpenAI's price chunk and the pricing engine only when the first OpenAI call is priced", async () => {
	const app = await commands.serveApp("export { createTracker } from './dist/index.js';");
	served.push(app.url);
	const openaiChunk = app.priceChunks.openai!;
	const pricerChunk = app.lazyChunks['tracker-pricer']!;
	expect(pricerChunk).toBeDefined();
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

	const response = await session.fetch(fixtureUrl(), chatRequest);
	// The response is the app's before any price, or the code that prices, is loaded: pricing follows the body.
	expect(await loadedPrices()).toEqual([]);
	expect(await commands.servedPaths(app.url)).not.toContain(pricerChunk);
	expect(response.status).toBe(200);
	await response.text();

	const summary = await tracker.endSession(session.id, 'Success');
	expect(summary.cost.toFixed()).toBe('0.000405');
	expect(summary.costKnown).toBe(true);
	expect(await loadedPrices()).toEqual([openaiChunk]);
	expect(timed()).toEqual([openaiChunk]);
	expect(await commands.servedPaths(app.url)).toContain(pricerChunk);
});

it('records a call unpriced, with an event, when the pricing engine cannot be loaded; the app gets its response untouched', async () => {
	const app = await commands.serveApp("export { createTracker } from './dist/index.js';");
	served.push(app.url);
	const pricerChunk = app.lazyChunks['tracker-pricer']!;
	await commands.refusePaths(app.url, [pricerChunk], true);
	const { createTracker } = (await import(/* @vite-ignore */ `${app.url}/app.js`)) as typeof import('../../src/index');
	const events: { type: string }[] = [];
	const tracker = createTracker({ onEvent: (event) => events.push(event) });
	const session = await tracker.startSession();

	const response = await session.fetch(fixtureUrl(), chatRequest);
	const direct = await (await fetch(fixtureUrl(), chatRequest)).text();
	expect(await response.text()).toBe(direct);
	const summary = await tracker.endSession(session.id, 'Success');
	expect(await commands.servedPaths(app.url)).toContain(pricerChunk);
	expect(summary.calls).toBe(1);
	expect(summary.costKnown).toBe(false);
	const unpriced = events.find((event) => event.type === 'call.unpriced') as Extract<TrackerEvent, { type: 'call.unpriced' }> | undefined;
	expect(unpriced?.record.unpriced?.reason).toBe('not-loaded');
	expect(unpriced?.reason).toMatch(/the pricing code could not be loaded/);
	expect(events.some((event) => event.type === 'tracker.error')).toBe(true);
	expect(unpriced?.record.usage.input).toBeGreaterThan(0); // the usage is kept: a reprice can price it later

	// The chunk is back (the outage is over): the next call loads it and is priced.
	await commands.refusePaths(app.url, [pricerChunk], false);
	const next = await tracker.startSession();
	await (await next.fetch(fixtureUrl(), chatRequest)).text();
	const priced = await tracker.endSession(next.id, 'Success');
	expect(priced.costKnown).toBe(true);
	expect(priced.cost.toFixed()).toBe('0.000405');
});
