import { describe, expect, it } from 'vitest';
import { createTracker as createCoreTracker } from '../../src/core';
import { type Catalog, createTracker, InvalidArgumentError, memoryStore, type TrackerEvent, UnknownSessionError } from '../../src/index';
import { bundledCatalog } from '../../src/pricing/catalog';
import anthropicPrices from '../../src/pricing/data/anthropic';
import { catalogJSON, version } from '../../src/pricing/data/index';
import openaiPrices from '../../src/pricing/data/openai';
import { type CatalogJSON, combineCatalogs, decodeCatalog, parsePeriod } from '../../src/pricing/format';
import { createPriceLookup } from '../../src/pricing/lookup';
import { createPricer } from '../../src/pricing/pricer';
import { validateCatalog } from '../../src/pricing/validate';
import { validateCustomPrices } from '../../src/pricing/custom-prices';
import { loadPrices } from '../../src/remote';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function collect() {
	const events: TrackerEvent[] = [];
	return { events, onEvent: (event: TrackerEvent) => events.push(event) };
}

describe('the bundled catalog', () => {
	it('decodes and validates whole, every provider, and records its source and version', () => {
		const catalog = decodeCatalog(catalogJSON);
		expect(() => validateCatalog(catalog)).not.toThrow();
		const providers = Object.keys(catalog.models);
		expect(providers.length).toBeGreaterThanOrEqual(36);
		for (const id of ['openai', 'anthropic', 'google', 'azure', 'bedrock', 'mistral', 'deepseek', 'groq', 'xai', 'openrouter', 'cohere', 'cloudflare']) expect(providers).toContain(id);
		const entries = Object.values(catalog.models).reduce((sum, models) => sum + Object.keys(models).length, 0);
		expect(entries).toBeGreaterThan(1500);
		expect(catalog.version).toBe(version);
		expect(catalog.version).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$/);
		expect(catalog.source).toMatch(/genai-prices 0\.1\.8/);
	});

	it('decodes providers lazily, only when a call needs them', () => {
		const price = createPricer(bundledCatalog);
		expect(price({ provider: 'openai', model: 'gpt-4o', usage: { input: 1 }, at: NOW }).cost).toBe('0.0000025');
	});
});

describe('exact arithmetic', () => {
	it('stays exact past 2^53 and with rates that are not safe integers (the BigInt path)', () => {
		const price = createPricer({ version: 'v', models: { p: { big: { prices: { input: '2.5' } }, fine: { prices: { input: '9999.999999999999', webSearch: '0.000000000001' } } } } });
		// 9e15 tokens × $2.5 per million = $22,500,000,000 (the integer sum, 2.25e22, is past 2^53)
		expect(price({ provider: 'p', model: 'big', usage: { input: 9_000_000_000_000_000 }, at: NOW }).cost).toBe('22500000000');
		// 1 token × $9999.999999999999 per million = 0.009999999999999999, + 3 × $0.000000000001 = 0.000000000003
		expect(price({ provider: 'p', model: 'fine', usage: { input: 1, webSearch: 3 }, at: NOW }).cost).toBe('0.010000000002999999');
		// The float way gets 0.1 + 0.2 wrong; this does not: 1M × $0.1 + 1M × $0.2
		expect(
			createPricer({ version: 'v', models: { p: { m: { prices: { input: '0.1', output: '0.2' } } } } })({ provider: 'p', model: 'm', usage: { input: 1_000_000, output: 1_000_000 }, at: NOW }).cost,
		).toBe('0.3');
	});
});

describe('the compact format', () => {
	it('reads dates, tiers (> and >=, on the uncached input), service tiers and weekday windows', () => {
		expect(parsePeriod('@2026-08-16T16:00:00Z i0.22 cr0.007 o0.66 >200000 i0.44 >=300000/i o1 !batch *0.5 !priority i1 %01:00-04:00/12345 i0.44')).toEqual({
			since: '2026-08-16T16:00:00Z',
			input: '0.22',
			cacheRead: '0.007',
			output: '0.66',
			tiers: [
				{ above: 200000, prices: { input: '0.44' } },
				{ from: 300000, on: 'input', prices: { output: '1' } },
			],
			service: { batch: { scale: '0.5' }, priority: { input: '1' } },
			hours: [{ start: '01:00', end: '04:00', days: [1, 2, 3, 4, 5], input: '0.44' }],
		});
	});

	it('refuses what it cannot read, with the place named', () => {
		expect(() => parsePeriod('i2.5 x3')).toThrow(/unknown price code/);
		expect(() => parsePeriod('i-1')).toThrow(/not a price token/);
		expect(() => parsePeriod('i1 *0.5')).toThrow(/scale belongs to a service tier/);
		expect(() => decodeCatalog({ schema: 2, version: 'x', providers: {} })).toThrow(/unknown schema 2/);
		expect(() =>
			decodeCatalog({
				schema: 1,
				version: 'x',
				providers: {
					p: {
						m: [
							['a', 'i1'],
							['a', 'i2'],
						],
					},
				},
			}),
		).toThrow(/listed twice/);
	});

	it('combines provider catalogs: tokentab/prices/openai + tokentab/prices/anthropic', async () => {
		const catalog = combineCatalogs(openaiPrices, anthropicPrices);
		expect(Object.keys(catalog.models)).toEqual(['openai', 'anthropic']);
		// Combined by hand, or given as shipped (decoded when the first call is priced): the same prices.
		for (const given of [catalog, [openaiPrices, anthropicPrices]]) {
			const session = await createCoreTracker({ catalog: given }).startSession();
			const claude = await session.record({ provider: 'anthropic', model: 'claude-haiku-4-5', usage: { input: 1000 } });
			const gemini = await session.record({ provider: 'google', model: 'gemini-2.5-pro', usage: { input: 1000 } });
			expect(claude.cost).toBe('0.001');
			expect(claude.catalogVersion).toBe(catalog.version);
			expect(gemini.problem).toContain('unknown model google/gemini-2.5-pro;');
		}
	});

	it('tokentab/core prices nothing without a catalog (but custom prices)', async () => {
		const tracker = createCoreTracker({ prices: { 'acme/m': { input: '1' } } });
		const session = await tracker.startSession();
		expect((await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 10 } })).problem).toContain('unknown model openai/gpt-4o;');
		expect((await session.record({ provider: 'acme', model: 'm', usage: { input: 10 } })).cost).toBe('0.00001');
	});
});

describe('validation: a bad catalog is refused whole', () => {
	const good = (): Catalog => ({ version: 'v', models: { p: { m: { prices: { input: '1', output: '2' } } } } });
	const withPrices = (prices: object): Catalog => ({ version: 'v', models: { p: { ok: { prices: { input: '1' } }, m: { prices: prices as never } } } });

	it('accepts a good one', () => expect(() => validateCatalog(good())).not.toThrow());
	it.each([
		['a negative price', { input: '-1' }, /non-negative decimal string/],
		['NaN', { input: 'NaN' }, /non-negative decimal string/],
		['a number instead of a string', { input: 2.5 }, /non-negative decimal string/],
		['an exponent', { input: '1e-6' }, /non-negative decimal string/],
		['an absurd token price', { output: '20000' }, /absurd/],
		['an absurd per-unit price', { webSearch: '500' }, /absurd/],
		['too many decimals', { input: '0.0000000000001' }, /decimal places/],
		['an unknown field', { inputt: '1' }, /not a price field/],
		[
			'tiers out of order',
			{
				input: '1',
				tiers: [
					{ above: 200, prices: {} },
					{ from: 100, prices: {} },
				],
			},
			/ascend/,
		],
		['a tier with both > and >=', { input: '1', tiers: [{ above: 200, from: 201, prices: {} }] }, /exactly one/],
		['a bad time window', { input: '1', hours: [{ start: '25:00', end: '01:00' }] }, /HH:MM/],
		['a bad weekday', { input: '1', hours: [{ start: '01:00', end: '02:00', days: [7] }] }, /weekdays/],
		['an absurd service scale', { input: '1', service: { batch: { scale: '50' } } }, /absurd/],
	])('refuses %s', (_, prices, message) => {
		expect(() => validateCatalog(withPrices(prices))).toThrow(message);
		expect(() => validateCatalog(withPrices(prices))).toThrow(InvalidArgumentError);
	});
	it('refuses periods out of date order', () => {
		expect(() => validateCatalog(withPrices([{ input: '1' }, { since: '2025-01-01', input: '2' }, { since: '2024-01-01', input: '3' }]))).toThrow(/ascending/);
	});
});

describe('resolution', () => {
	const lookup = createPriceLookup(bundledCatalog);
	it.each([
		['openai', 'gpt-4o-mini-2024-07-18', 'openai/gpt-4o-mini'],
		['openai', 'GPT-4o', 'openai/gpt-4o'],
		['anthropic', 'claude-3-5-sonnet-latest', 'anthropic/claude-3-5-sonnet'],
		['anthropic', 'claude-opus-4-1-20250805', 'anthropic/claude-opus-4-1'],
		['google', 'models/gemini-2.5-flash', 'google/gemini-2.5-flash'],
		['vertex', 'claude-3-5-sonnet-v2@20241022', 'anthropic/claude-3-5-sonnet'],
		['vertex', 'projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro', 'google/gemini-2.5-pro'],
		['gemini', 'gemini-2.0-flash-001', 'google/gemini-2.0-flash'],
		['bedrock', 'anthropic.claude-3-haiku-20240307-v1:0', 'bedrock/regional.anthropic.claude-3-haiku-20240307-v1:0'],
		['bedrock', 'global.anthropic.claude-opus-4-8-v1:0', 'bedrock/global.anthropic.claude-opus-4-8-v1:0'],
		['bedrock', 'jp.anthropic.claude-opus-4-8-v1:0', 'bedrock/regional.anthropic.claude-opus-4-8-v1:0'],
		['aws', 'amazon.nova-lite-v1:0', 'bedrock/amazon.nova-lite-v1:0'],
		['azure', 'gpt-4o-2024-11-20', 'openai/gpt-4o'],
		['openrouter', 'anthropic/claude-2', 'anthropic/claude-2'],
		['openrouter', 'openai/gpt-4o:nitro', 'openrouter/openai/gpt-4o'],
		['x-ai', 'grok-3-latest', 'xai/grok-3'],
		['workers-ai', '@cf/meta/llama-3.1-8b-instruct', 'cloudflare/@cf/meta/llama-3.1-8b-instruct'],
	])('%s %s → %s', (provider, model, key) => {
		expect(lookup(provider, model)?.key).toBe(key);
	});

	it('routes Bedrock and OpenRouter names to the vendor when the host has no entry', () => {
		const catalog: Catalog = { version: 'v', models: { bedrock: {}, openrouter: {}, anthropic: { 'claude-x': { prices: { input: '1' } } }, xai: { 'grok-9': { prices: { input: '2' } } } } };
		const routed = createPriceLookup(catalog);
		expect(routed('bedrock', 'arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-x-20260101-v1:0')?.key).toBe('anthropic/claude-x');
		expect(routed('openrouter', 'x-ai/grok-9')?.key).toBe('xai/grok-9');
		expect(routed('openrouter', 'nobody/nothing')).toBeNull();
	});

	it('caches: a warm lookup returns the same match', () => {
		const first = lookup('openai', 'gpt-4o-2024-08-06');
		expect(lookup('openai', 'gpt-4o-2024-08-06')).toBe(first);
	});

	it('maps deployments through aliases, provider/model targets included', () => {
		const aliased = createPriceLookup(bundledCatalog, {}, { 'azure/chat-prod': 'gpt-4.1-mini', summarizer: 'anthropic/claude-haiku-4-5' });
		expect(aliased('azure', 'chat-prod')?.key).toBe('openai/gpt-4.1-mini');
		expect(aliased('azure', 'summarizer')?.key).toBe('anthropic/claude-haiku-4-5');
		expect(aliased('openai', 'chat-prod')).toBeNull();
	});
});

describe('the recording path', () => {
	it('bills the service tier the response reports, and records the prices it charged', async () => {
		const session = await createTracker().startSession();
		const body = {
			object: 'chat.completion',
			model: 'gpt-4o-2024-08-06',
			service_tier: 'flex',
			choices: [],
			usage: { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 800 } },
		};
		const record = await session.record({ provider: 'openai', body });
		// Flex = batch rates, half: 200×1.25 + 800×0.625 + 500×5 = 250 + 500 + 2500 = 3250
		expect(record).toMatchObject({ serviceTier: 'flex', cost: '0.00325', prices: { input: '1.25', cacheRead: '0.625', output: '5' }, priceKey: 'openai/gpt-4o' });
	});

	it('lets a provider-reported cost win, and marks it', async () => {
		const session = await createTracker().startSession();
		const record = await session.record({ provider: 'openrouter', model: 'openai/gpt-4o', usage: { input: 1000, output: 1000 }, reportedCost: '0.0042000' });
		expect(record).toMatchObject({ cost: '0.0042', costSource: 'provider' });
		expect(record.prices).toBeUndefined();
		await expect(session.record({ provider: 'openrouter', model: 'x', usage: { input: 1 }, reportedCost: '-1' })).rejects.toBeInstanceOf(InvalidArgumentError);
	});

	it('says an unknown model is unknown, with an event, never $0 and never a throw', async () => {
		const { events, onEvent } = collect();
		const session = await createTracker({ onEvent }).startSession();
		const record = await session.record({ provider: 'openai', model: 'gpt-unknown-9', usage: { input: 10 } });
		expect(record.cost).toBeUndefined();
		expect(events).toContainEqual(
			expect.objectContaining({
				type: 'call.unpriced',
				reason: expect.stringMatching(/^unknown model openai\/gpt-unknown-9; nearest known: openai\/\S+; price it with prices: \{ 'openai\/gpt-unknown-9': \{ input: '…', output: '…' \} \}$/),
			}),
		);
	});

	it("maps Azure deployment names through the tracker's aliases", async () => {
		const session = await createTracker({ aliases: { 'azure/prod-chat': 'gpt-4o-2024-08-06' } }).startSession();
		const record = await session.record({ provider: 'azure', model: 'prod-chat', usage: { input: 1000, output: 100 } });
		// gpt-4o: 1000×2.5 + 100×10 = 3500
		expect(record).toMatchObject({ model: 'prod-chat', priceKey: 'openai/gpt-4o', cost: '0.0035' });
	});

	it('takes custom prices with service tiers and time windows', async () => {
		const tracker = createTracker({
			prices: { 'acme/m': { input: '2', output: '4', service: { priority: { scale: '1.5' } }, hours: [{ start: '22:00', end: '06:00', input: '1', output: '2' }] } },
		});
		const session = await tracker.startSession();
		const day = await session.record({ provider: 'acme', model: 'm', usage: { input: 1000, output: 1000 }, at: Date.parse('2026-01-01T12:00:00Z') });
		const night = await session.record({ provider: 'acme', model: 'm', usage: { input: 1000, output: 1000 }, at: Date.parse('2026-01-01T23:00:00Z') });
		const fast = await session.record({ provider: 'acme', model: 'm', usage: { input: 1000, output: 1000 }, serviceTier: 'priority', at: Date.parse('2026-01-01T12:00:00Z') });
		// 1000×2 + 1000×4 = 6000; at night 1000×1 + 1000×2 = 3000; priority ×1.5 = 9000
		expect([day.cost, night.cost, fast.cost]).toEqual(['0.006', '0.003', '0.009']);
		expect(() => validateCustomPrices({ 'acme/m': { input: '1', hours: [{ start: '1am', end: '2am' }] } } as never)).toThrow(InvalidArgumentError);
	});
});

describe('tracker.reprice', () => {
	it('recomputes a stored session with another catalog, reports both figures and changes nothing stored', async () => {
		const store = memoryStore();
		const tracker = createTracker({ store });
		const session = await tracker.startSession({ id: 'r1' });
		// A millisecond apart: calls are listed by end time, then by their random ids.
		const t = Date.now();
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000, output: 1000 }, at: t }); // 2500 + 10000 → 0.0125
		await session.record({ provider: 'openrouter', model: 'openai/gpt-4o', usage: { input: 1 }, reportedCost: '0.5', at: t + 1 });
		await session.record({ provider: 'openai', model: 'gpt-new', usage: { input: 1000 }, at: t + 2 }); // unknown
		const cheaper: Catalog = { version: 'cheap-1', models: { openai: { 'gpt-4o': { prices: { input: '1', output: '5' } }, 'gpt-new': { prices: { input: '3' } } } } };
		const report = await tracker.reprice('r1', cheaper);
		// gpt-4o: 1000×1 + 1000×5 = 6000 → 0.006; the reported 0.5 kept; gpt-new now 1000×3 → 0.003
		expect(report.before.toFixed()).toBe('0.5125');
		expect(report.after.toFixed()).toBe('0.509');
		expect(report.difference.toFixed()).toBe('-0.0035');
		expect([report.beforeKnown, report.afterKnown, report.catalogVersion]).toEqual([false, true, 'cheap-1']);
		// Calls recorded in the same millisecond come in id order: compare them by model.
		expect(report.calls.map((call) => [call.model, call.before, call.after, call.kept]).sort(([a], [b]) => String(a).localeCompare(String(b)))).toEqual([
			['gpt-4o', '0.0125', '0.006', undefined],
			['gpt-new', undefined, '0.003', undefined],
			['openai/gpt-4o', '0.5', '0.5', 'provider'],
		]);
		expect(report.calls.find((call) => call.model === 'gpt-4o')).toMatchObject({ beforeVersion: version, afterVersion: 'cheap-1', priceKey: 'openai/gpt-4o' });
		expect(JSON.parse(JSON.stringify(report))).toMatchObject({ before: '0.5125', after: '0.509', difference: '-0.0035' });
		// The stored session is as it was.
		expect((await createTracker({ store }).endSession('r1', 'Success')).cost.toFixed()).toBe('0.5125');
	});

	it("reprices with the tracker's own catalog by default, and refuses an unknown session", async () => {
		const tracker = createTracker();
		const session = await tracker.startSession({ id: 'r2' });
		await session.record({ provider: 'anthropic', model: 'claude-haiku-4-5', usage: { input: 1000, output: 100 } });
		const report = await tracker.reprice('r2');
		expect([report.before.toFixed(), report.after.toFixed(), report.difference.toFixed()]).toEqual(['0.0015', '0.0015', '0']);
		await expect(tracker.reprice('nope')).rejects.toBeInstanceOf(UnknownSessionError);
	});
});

describe('loadPrices', () => {
	const URL = 'https://prices.example/tokentab.json';
	const catalogOf = (version: string, input: string): CatalogJSON => ({ schema: 1, version, providers: { openai: { m: [['gpt-4o', `i${input} o10`]] } } });
	function server(bodies: unknown[]) {
		const calls: string[] = [];
		const fetch = async (request: Request | string | URL) => {
			calls.push(String(request instanceof Request ? request.url : request));
			const body = bodies.length > 1 ? bodies.shift() : bodies[0];
			if (body instanceof Error) throw body;
			return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
		};
		return { calls, fetch: fetch as typeof globalThis.fetch };
	}

	it('fetches, validates, caches in the store and prices with it; a new run starts from the store', async () => {
		const store = memoryStore();
		const { calls, fetch } = server([catalogOf('remote-1', '1')]);
		const events: unknown[] = [];
		const prices = await loadPrices(URL, { store, fetch, retry: 0, onEvent: (e) => events.push(e) });
		expect(prices.current().version).toBe('remote-1');
		expect(events).toEqual([{ type: 'prices.updated', url: URL, version: 'remote-1', from: 'network' }]);
		const session = await createTracker({ catalog: prices }).startSession();
		expect((await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000 } })).catalogVersion).toBe('remote-1');
		// A reload: the store answers, no fetch.
		const again = await loadPrices(URL, { store, fetch, retry: 0 });
		expect(again.current().version).toBe('remote-1');
		expect(calls).toHaveLength(1);
	});

	it('refuses a bad catalog whole, with an event, and keeps the one in use', async () => {
		let time = 0;
		const bad = {
			schema: 1,
			version: 'remote-2',
			providers: {
				openai: {
					m: [
						['gpt-4o', 'i1 o10'],
						['gpt-4o-mini', 'i99999 o1'],
					],
				},
			},
		};
		const { fetch } = server([catalogOf('remote-1', '1'), bad]);
		const { events, onEvent } = collect();
		const prices = await loadPrices(URL, { fetch, retry: 0, ttl: 1000, now: () => time });
		const tracker = createTracker({ catalog: prices, onEvent });
		time = 5000; // stale: the next price computation refreshes in the background
		const session = await tracker.startSession();
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1 } });
		await prices.refresh();
		expect(prices.current().version).toBe('remote-1');
		// Not half applied: gpt-4o keeps its old price, gpt-4o-mini is not there.
		expect((await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { input: 1 } })).problem).toContain('unknown model openai/gpt-4o-mini;');
		expect((await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000 } })).cost).toBe('0.001');
		// The tracker reports the refusal as it prices its next call (once per refused fetch: the
		// background refresh and the explicit one may each have fetched it).
		const refused = events.filter((event) => event.type === 'prices.refused');
		expect(refused.length).toBeGreaterThanOrEqual(1);
		for (const event of refused) expect(event).toEqual(expect.objectContaining({ url: URL, reason: expect.stringMatching(/absurd/) }));
	});

	it('refuses an unknown schema version', async () => {
		const { fetch } = server([{ schema: 9, version: 'x', providers: {} }]);
		const events: { type: string; reason?: string }[] = [];
		const prices = await loadPrices(URL, { fetch, retry: 0, fallback: { version: 'fallback', models: {} }, onEvent: (e) => events.push(e) });
		expect(prices.current().version).toBe('fallback');
		expect(events[0]).toMatchObject({ type: 'prices.refused', reason: expect.stringMatching(/unknown schema 9/) });
	});

	it('holds no reference to the trackers that use it (a Worker may make one per request)', async () => {
		const { fetch } = server([catalogOf('remote-1', '1')]);
		const prices = await loadPrices(URL, { fetch, retry: 0 });
		for (let i = 0; i < 100; i++) createTracker({ catalog: prices, onEvent: () => {} });
		expect(prices.events!(0)).toEqual({ next: 1, events: [expect.objectContaining({ type: 'prices.updated' })] });
	});

	it('falls back to the bundled snapshot offline', async () => {
		const { fetch } = server([new TypeError('fetch failed')]);
		const events: { type: string; using?: string }[] = [];
		const prices = await loadPrices(URL, { fetch, retry: 0, onEvent: (e) => events.push(e) });
		expect(prices.current().version).toBe(version);
		expect(events).toEqual([expect.objectContaining({ type: 'prices.unavailable', url: URL, using: version })]);
		expect(prices.fetchedAt).toBeUndefined();
	});

	it('refreshes after the ttl, in the background', async () => {
		let time = 0;
		const { calls, fetch } = server([catalogOf('remote-1', '1'), catalogOf('remote-2', '2')]);
		const prices = await loadPrices(URL, { fetch, retry: 0, ttl: 1000, now: () => time });
		time = 999;
		expect(prices.current().version).toBe('remote-1');
		expect(calls).toHaveLength(1);
		time = 1000;
		expect(prices.current().version).toBe('remote-1'); // still the old one while the refresh runs
		await prices.refresh();
		expect(prices.current().version).toBe('remote-2');
		expect(calls).toHaveLength(2);
	});

	it('refuses what is not a catalog (an HTML page) and a regular expression that could freeze the thread', async () => {
		const html = (async () => new Response('<html><body>Sign in</body></html>', { headers: { 'content-type': 'text/html' } })) as typeof globalThis.fetch;
		const redos = { schema: 1, version: 'evil', providers: { openai: { m: [['x', 'i1', ['/^(a+)+$']]] } } };
		for (const fetch of [html, server([redos]).fetch]) {
			const events: string[] = [];
			const prices = await loadPrices(URL, { fetch, retry: 0, fallback: { version: 'fallback', models: {} }, onEvent: (event) => events.push(event.type) });
			expect(events).toEqual(['prices.refused']);
			expect(prices.current().version).toBe('fallback');
		}
	});

	it('refuses bad arguments with InvalidArgumentError', async () => {
		const { fetch } = server([catalogOf('c', '1')]);
		for (const options of [{ ttl: Number.NaN }, { ttl: -1 }, { timeout: 0 }, { retry: 1.5 }]) await expect(loadPrices(URL, { fetch, ...options })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(loadPrices(42 as never, { fetch })).rejects.toBeInstanceOf(InvalidArgumentError);
	});

	it('a store that never answers is an empty one: the catalog is fetched', async () => {
		const { fetch } = server([catalogOf('remote-1', '1')]);
		const store = { ...memoryStore(), get: () => new Promise<never>(() => {}), set: () => new Promise<never>(() => {}) };
		expect((await loadPrices(URL, { fetch, store, retry: 0, timeout: 50 })).current().version).toBe('remote-1');
	});

	it('a cached catalog fetched "in the future" (a skewed clock) is stale: refreshed in the background', async () => {
		const store = memoryStore();
		const time = Date.parse('2026-01-01T00:00:00Z');
		await store.set(`prices/${URL}`, { fetchedAt: Date.parse('2036-01-01T00:00:00Z'), json: catalogOf('cached', '1') });
		const { fetch } = server([catalogOf('fresh', '2')]);
		const prices = await loadPrices(URL, { fetch, store, retry: 0, ttl: 1000, now: () => time });
		expect(prices.current().version).toBe('cached'); // in use at once; the refresh runs in the background
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(prices.current().version).toBe('fresh');
	});
});
