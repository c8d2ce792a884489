import { describe, expect, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/core';
import { createTracker as createDefaultTracker } from '../../src/index';
import { partedCatalog } from '../../src/pricing/bundled';
import type { CatalogJSON } from '../../src/pricing/format';
import { version } from '../../src/pricing/data/lazy';

// The bundled prices arrive per provider (a dynamic import each): loaded when a call to that provider
// is first priced, after its response; a part that cannot be loaded leaves the call unpriced, with an event.

const usage = { input: 1000, output: 100 };

function counted(load: () => Promise<{ default: CatalogJSON }>) {
	const loader = Object.assign(() => (loader.calls++, load()), { calls: 0 });
	return loader;
}

describe('the bundled prices, per provider', () => {
	it('loads a provider only when a call to it is first priced, then prices from it', async () => {
		const openai = counted(() => import('../../src/pricing/data/openai'));
		const anthropic = counted(() => import('../../src/pricing/data/anthropic'));
		const tracker = createTracker({ catalog: partedCatalog(version, { openai, anthropic }) });
		const session = await tracker.startSession();
		expect([openai.calls, anthropic.calls]).toEqual([0, 0]);
		const record = await session.record({ provider: 'openai', model: 'gpt-4o', usage });
		// 1000 × $2.5/M + 100 × $10/M
		expect(record.cost).toBe('0.0035');
		expect(record.catalogVersion).toBe(version);
		expect([openai.calls, anthropic.calls]).toEqual([1, 0]);
		await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage });
		expect(openai.calls).toBe(1);
	});

	it('a part that cannot be loaded: the call is kept unpriced, says why, an event tells; a later call loads it', async () => {
		let fail = true;
		const anthropic = counted(() => (fail ? Promise.reject(new Error('chunk not found')) : import('../../src/pricing/data/anthropic')));
		const events: TrackerEvent[] = [];
		const tracker = createTracker({ catalog: partedCatalog(version, { anthropic }), onEvent: (event) => events.push(event) });
		const session = await tracker.startSession();
		const lost = await session.record({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage });
		expect(lost.cost).toBeUndefined();
		expect(lost.problem).toMatch(/^the prices of anthropic could not be loaded/);
		const unavailable = events.find((event) => event.type === 'prices.unavailable');
		expect(unavailable).toMatchObject({ url: 'tokentab/prices/anthropic', using: version });
		expect(events.some((event) => event.type === 'call.unpriced')).toBe(true);
		fail = false;
		const priced = await session.record({ provider: 'anthropic', model: 'claude-sonnet-4-5', usage });
		// 1000 × $3/M + 100 × $15/M
		expect(priced.cost).toBe('0.0045');
		// Tried twice for the first call (a transient failure gets a second chance), once for the second.
		expect(anthropic.calls).toBe(3);
		const summary = await session.end('Success');
		expect(summary.calls).toBe(2);
	});

	it("routes through other providers' parts: an OpenRouter id of an Anthropic model", async () => {
		const anthropic = counted(() => import('../../src/pricing/data/anthropic'));
		const openrouter = counted(() => Promise.resolve({ default: { schema: 1, version, providers: { openrouter: { m: [] } } } satisfies CatalogJSON }));
		const tracker = createTracker({ catalog: partedCatalog(version, { openrouter, anthropic }) });
		const session = await tracker.startSession();
		const record = await session.record({ provider: 'openrouter', model: 'anthropic/claude-sonnet-4-5', usage });
		expect(record.cost).toBe('0.0045');
		expect([openrouter.calls, anthropic.calls]).toEqual([1, 1]);
	});

	it("tokentab's createTracker prices from the bundled parts by default", async () => {
		const tracker = createDefaultTracker();
		const session = await tracker.startSession();
		await session.record({ provider: 'openai', model: 'gpt-4o', usage });
		await session.record({ provider: 'gemini', model: 'gemini-2.5-flash', usage });
		const summary = await session.end('Success');
		expect(summary.costKnown).toBe(true);
		const report = await tracker.reprice(session.id);
		expect(report.after.toFixed()).toBe(summary.cost.toFixed());
	});
});
