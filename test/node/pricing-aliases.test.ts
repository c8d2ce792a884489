// Moving aliases as data over dates, the served model winning over the requested alias, and an
// unpriced call that says why and what the nearest known entry is.
import { describe, expect, it } from 'vitest';
import { type CallRecord, type Catalog, createTracker, InvalidArgumentError } from '../../src/index';
import { createPricer, decodeCatalog, validateCatalog } from '../../src/pricer';
import { bundledCatalog } from '../../src/pricing/catalog';
import { createPriceLookup } from '../../src/pricing/lookup';
import { MOVING_ALIASES } from '../../src/pricing/overlay/aliases';
import publishedJSON from '../../prices/catalog.json';

const JUNE_2025 = Date.parse('2025-06-15T12:00:00Z');
const JUNE_2026 = Date.parse('2026-06-15T12:00:00Z');
const usage = { input: 1000, output: 2000 };

describe('moving aliases', () => {
	const price = createPricer(bundledCatalog);

	it('mistral-large-latest is Mistral Large 2411 ($2 / $6) before 2025-12-02 and Large 3 ($0.5 / $1.5) since', () => {
		expect(price({ provider: 'mistral', model: 'mistral-large-latest', usage, at: JUNE_2025 })).toMatchObject({ cost: '0.014', priceKey: 'mistral/mistral-large' });
		expect(price({ provider: 'mistral', model: 'mistral-large-latest', usage, at: JUNE_2026 })).toMatchObject({ cost: '0.0035', priceKey: 'mistral/mistral-large-2512' });
		// The day of the switch, to the millisecond.
		expect(price({ provider: 'mistral', model: 'mistral-large-latest', usage, at: Date.parse('2025-12-02T00:00:00Z') - 1 }).cost).toBe('0.014');
		expect(price({ provider: 'mistral', model: 'mistral-large-latest', usage, at: Date.parse('2025-12-02T00:00:00Z') }).cost).toBe('0.0035');
	});

	it('ministral-3b-latest and ministral-8b-latest move the same way', () => {
		expect(price({ provider: 'mistral', model: 'ministral-3b-latest', usage: { input: 1_000_000 }, at: JUNE_2025 }).cost).toBe('0.04');
		expect(price({ provider: 'mistral', model: 'ministral-3b-latest', usage: { input: 1_000_000 }, at: JUNE_2026 }).cost).toBe('0.1');
		expect(price({ provider: 'mistral', model: 'ministral-8b-latest', usage: { input: 1_000_000 }, at: JUNE_2025 }).cost).toBe('0.1');
		expect(price({ provider: 'mistral', model: 'ministral-8b-latest', usage: { input: 1_000_000 }, at: JUNE_2026 }).cost).toBe('0.15');
	});

	it('-latest is no suffix rule: a name no alias lists is an unknown model', () => {
		expect(createPriceLookup(bundledCatalog)('mistral', 'mistral-huge-latest')).toBeNull();
		expect(createPriceLookup(bundledCatalog)('mistralai', 'mistral-large-latest', JUNE_2026)?.key).toBe('mistral/mistral-large-2512');
	});

	it('every alias names priced models, in date order, and cites its source', () => {
		const lookup = createPriceLookup(bundledCatalog);
		for (const [alias, { steps, source }] of Object.entries(MOVING_ALIASES)) {
			const provider = alias.slice(0, alias.indexOf('/'));
			expect(source, alias).toMatch(/^https:\/\//);
			expect(steps[0]!.since, alias).toBeUndefined();
			const dates = steps.slice(1).map((step) => Date.parse(step.since!));
			expect(
				dates.every((date, i) => Number.isFinite(date) && (i === 0 || date > dates[i - 1]!)),
				alias,
			).toBe(true);
			for (const step of steps) expect(lookup(provider, step.model), `${alias} → ${step.model}`).not.toBeNull();
		}
	});

	it('custom prices for the alias itself win over the model it names', () => {
		const custom = createPricer(bundledCatalog, { prices: { 'mistral/mistral-large-latest': { input: '1', output: '1' } } });
		expect(custom({ provider: 'mistral', model: 'mistral-large-latest', usage, at: JUNE_2026 })).toMatchObject({ cost: '0.003', costSource: 'custom' });
	});

	it('an alias whose target has no price is unpriced, saying which model the alias named', () => {
		const price = createPricer({
			version: 'v',
			models: { mistral: { 'mistral-large-2411': { prices: { input: '2', output: '6' } } } },
			providers: { mistral: { aliases: { 'mistral-large-latest': MOVING_ALIASES['mistral/mistral-large-latest']! } } },
		});
		expect(price({ provider: 'mistral', model: 'mistral-large-latest', usage, at: JUNE_2025 }).cost).toBe('0.014');
		const outcome = price({ provider: 'mistral', model: 'mistral-large-latest', usage, at: JUNE_2026 });
		expect(outcome.cost).toBeUndefined();
		expect(outcome.unpriced).toEqual({ reason: 'unknown-model', nearest: 'mistral/mistral-large-2411' });
		expect(outcome.problem).toContain('mistral/mistral-large-latest named mistral-large-2512 since 2025-12-02, which has no price');
	});

	it('aliases are catalog data: a catalog without them has none, and a fetched one can move one without a release', () => {
		const models = { acme: { 'acme-1': { prices: { input: '1' } }, 'acme-2': { prices: { input: '2' } } } };
		expect(createPricer({ version: 'v', models })({ provider: 'acme', model: 'acme-latest', usage: { input: 1_000_000 }, at: JUNE_2026 }).cost).toBeUndefined();
		const moved = decodeCatalog({
			schema: 1,
			version: 'v2',
			providers: {
				acme: {
					src: ['https://acme.example/models'],
					al: { 'acme-latest': [['acme-1', '@2026-01-01 acme-2']] },
					m: [
						['acme-1', 'i1'],
						['acme-2', 'i2'],
					],
				},
			},
		});
		expect(moved.providers!.acme!.aliases).toEqual({ 'acme-latest': { steps: [{ model: 'acme-1' }, { model: 'acme-2', since: '2026-01-01' }], source: 'https://acme.example/models' } });
		const price = createPricer(moved);
		expect([JUNE_2025, JUNE_2026].map((at) => price({ provider: 'acme', model: 'acme-latest', usage: { input: 1_000_000 }, at }).cost)).toEqual(['1', '2']);
	});

	it('the bundled catalog carries every listed alias as data, and the published catalog.json too', () => {
		for (const [key, alias] of Object.entries(MOVING_ALIASES)) {
			const [provider, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
			expect(bundledCatalog.providers?.[provider]?.aliases?.[name], key).toEqual(alias);
			expect(decodeCatalog(publishedJSON).providers?.[provider]?.aliases?.[name], key).toEqual(alias);
		}
	});

	it('an alias that is not well formed is refused whole: steps out of date order, a date on the first, no model', () => {
		const withAlias = (steps: unknown) =>
			({ version: 'v', models: { acme: { 'acme-1': { prices: { input: '1' } } } }, providers: { acme: { aliases: { 'acme-latest': { steps, source: '' } } } } }) as Catalog;
		for (const steps of [
			[],
			[{ model: 'acme-1', since: '2025-01-01' }],
			[{ model: 'acme-1' }, { model: 'acme-2', since: '2026-01-01' }, { model: 'acme-3', since: '2025-01-01' }],
			[{ model: '' }],
			[{ model: 'a' }, { model: 'b', since: 'soon' }],
		]) {
			expect(() => validateCatalog(withAlias(steps)), JSON.stringify(steps)).toThrow(InvalidArgumentError);
		}
		expect(() => validateCatalog(withAlias([{ model: 'acme-1' }, { model: 'acme-2', since: '2026-01-01' }]))).not.toThrow();
		expect(() => validateCatalog({ version: 'v', models: { acme: { 'acme-1': { prices: { input: '1' } } } }, providers: { acme: { aliases: { 'acme-latest': null as never } } } })).toThrow(
			InvalidArgumentError,
		);
		expect(() => decodeCatalog({ schema: 1, version: 'v', providers: { acme: { al: { x: [['@2026-01-01']] }, m: [['acme-1', 'i1']] } } })).not.toThrow();
		expect(() => decodeCatalog({ schema: 1, version: 'v', providers: { acme: { al: { x: [[42 as never]] }, m: [['acme-1', 'i1']] } } })).toThrow(InvalidArgumentError);
	});

	it('the model the response names wins over the alias the request asked for', async () => {
		const fetch = (async () =>
			Response.json({
				id: 'x',
				object: 'chat.completion',
				model: 'mistral-large-2411',
				choices: [],
				usage: { prompt_tokens: 1000, completion_tokens: 2000, total_tokens: 3000 },
			})) as typeof globalThis.fetch;
		const records: CallRecord[] = [];
		const session = await createTracker({ fetch, onEvent: (event) => event.type === 'call.recorded' && records.push(event.record) }).startSession();
		const response = await session.fetch('https://api.mistral.ai/v1/chat/completions', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'mistral-large-latest', messages: [] }),
		});
		await response.json();
		await session.cost();
		expect(records[0]).toMatchObject({ provider: 'mistral', requestedModel: 'mistral-large-latest', model: 'mistral-large-2411', cost: '0.014', priceKey: 'mistral/mistral-large' });
	});
});

describe('an unpriced call says why', () => {
	it('an unknown model names the nearest known entry of its provider and a one-line custom price', () => {
		const outcome = createPricer(bundledCatalog)({ provider: 'anthropic', model: 'claude-sonet-4-5', usage, at: JUNE_2026 });
		expect(outcome.unpriced).toEqual({ reason: 'unknown-model', nearest: 'anthropic/claude-sonnet-4-5' });
		expect(outcome.problem).toBe(
			"unknown model anthropic/claude-sonet-4-5; nearest known: anthropic/claude-sonnet-4-5; price it with prices: { 'anthropic/claude-sonet-4-5': { input: '…', output: '…' } }",
		);
	});

	it('a name like nothing known gets no nearest entry', () => {
		expect(createPricer(bundledCatalog)({ provider: 'openai', model: 'zzzzzzzzzzzzzzzz', usage, at: JUNE_2026 }).unpriced).toEqual({ reason: 'unknown-model' });
	});

	it('an unknown service tier and a bucket without a price name the entry that lacks it', () => {
		const price = createPricer({ version: 'v', models: { p: { m: { prices: { input: '1', output: '2' } } } } });
		expect(price({ provider: 'p', model: 'm', usage, at: JUNE_2026, serviceTier: 'priority' }).unpriced).toEqual({ reason: 'unknown-tier', nearest: 'p/m' });
		expect(price({ provider: 'p', model: 'm', usage: { input: 1, inputAudio: 5 }, at: JUNE_2026 }).unpriced).toEqual({ reason: 'no-bucket-price', nearest: 'p/m' });
	});

	it('the record, the call.unpriced event and the summary carry the reason', async () => {
		const events: { type: string; reason?: string }[] = [];
		const session = await createTracker({ onEvent: (event) => events.push(event) }).startSession();
		const record = await session.record({ provider: 'openai', model: 'gpt-4o-mni', usage });
		expect(record.unpriced).toEqual({ reason: 'unknown-model', nearest: 'openai/gpt-4o-mini' });
		expect(events).toContainEqual(expect.objectContaining({ type: 'call.unpriced', reason: expect.stringContaining('nearest known: openai/gpt-4o-mini') }));
		const summary = await session.end('Success');
		expect(summary.byModel).toEqual([expect.objectContaining({ model: 'gpt-4o-mni', costKnown: false, unpriced: { reason: 'unknown-model', nearest: 'openai/gpt-4o-mini' } })]);
	});
});
