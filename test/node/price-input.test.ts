// Price input that must be refused with a typed error, or priced as it says: names that are
// Object.prototype keys, catalogs given as data, custom price lists, dates, wildcards.
import { describe, expect, it } from 'vitest';
import { type Catalog, type CatalogInput, createTracker, InvalidArgumentError } from '../../src/index';
import openaiPrices from '../../src/pricing/data/openai';
import { createPricer, decodeCatalog, validateCustomPrices } from '../../src/pricer';
import { bundledCatalog } from '../../src/pricing/catalog';
import { createPriceLookup } from '../../src/pricing/lookup';
import { validateCatalog } from '../../src/pricing/validate';
import { refused } from '../support/refused-prices';

const at = Date.parse('2026-11-25T12:00:00Z');

describe('names that are Object.prototype keys are names, nothing more', () => {
	it('a model named constructor (or toString, __proto__) is an unknown model, never a crash', async () => {
		const session = await createTracker().startSession();
		for (const model of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
			expect((await session.record({ provider: 'openai', model, usage: { input: 10 } })).problem).toContain(`unknown model openai/${model};`);
		}
	});

	it('a service tier named constructor has no price: unpriced, never the standard rate', () => {
		const price = createPricer({ version: 'v', models: { p: { m: { prices: { input: '1', service: { batch: { scale: '0.5' } } } } } } });
		for (const serviceTier of ['nope', 'constructor', '__proto__']) expect(price({ provider: 'p', model: 'm', usage: { input: 1 }, at, serviceTier }).problem).toMatch(/service tier/);
		expect(price({ provider: 'p', model: 'm', usage: { input: 1_000_000 }, at, serviceTier: 'batch' }).cost).toBe('0.5');
	});

	it('a compact catalog naming a provider, model or tier "__proto__" is refused, not half-read past validation', () => {
		const withName = (providers: unknown) => () => decodeCatalog({ schema: 1, version: 'v', providers });
		expect(withName(JSON.parse('{"openai":{"m":[["gpt-4o","i1 o10"],["__proto__","i99999999"]]}}'))).toThrow(InvalidArgumentError);
		expect(withName(JSON.parse('{"__proto__":{"m":[["x","i99999999"]]}}'))).toThrow(InvalidArgumentError);
		expect(withName(JSON.parse('{"openai":{"svc":{"__proto__":"*99"},"m":[["x","i1"]]}}'))).toThrow(InvalidArgumentError);
	});
});

describe('catalogs given as data are checked as fetched ones are', () => {
	it('a catalog with a price that is not a decimal string prices nothing: unpriced invalid-prices, one typed error', async () => {
		const result = await refused({ catalog: { version: 'v', models: { p: { m: { prices: { input: '-1' } } } } } });
		expect(result.reasons).toEqual(Array(3).fill([undefined, 'invalid-prices']));
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0]).toBeInstanceOf(InvalidArgumentError);
		expect(result.problem).toMatch(/price data was refused .*catalog\.models\.p\["m"\]\.prices\.input must be a non-negative decimal string/);
		// Control: the same shape with a good price is priced.
		const good = await refused({ catalog: { version: 'v', models: { p: { m: { prices: { input: '1' } } } } } });
		expect([good.reasons[0], good.errors]).toEqual([['0.001', undefined], []]);
	});

	it("providers' prices as shipped are decoded when the first call is priced, alone or in a list", async () => {
		for (const catalog of [openaiPrices, [openaiPrices]]) {
			const session = await createTracker({ catalog }).startSession();
			expect((await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1_000_000 } })).cost).toBe('2.5');
		}
		const broken = { ...openaiPrices, providers: { openai: { m: [['gpt-4o', 'i2.5 zz9']] } } } as CatalogInput;
		const result = await refused({ catalog: broken });
		expect(result.reasons[0]).toEqual([undefined, 'invalid-prices']);
		expect(result.errors[0]).toBeInstanceOf(InvalidArgumentError);
	});

	it('reprice refuses a catalog with a price that is not a decimal string', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession({ id: 'r' });
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: 1000 } });
		const numeric = { version: 'x', models: { openai: { 'gpt-4o': { prices: { input: 2.5 } } } } } as unknown as Catalog;
		await expect(tracker.reprice('r', numeric)).rejects.toBeInstanceOf(InvalidArgumentError);
	});
});

describe('custom prices are checked as catalog entries are', () => {
	it('an empty period list, or periods out of date order, are refused: by validateCustomPrices, and by the tracker before it prices', async () => {
		const outOfOrder = { m: [{ input: '1' }, { since: '2025-01-01', input: '2' }, { since: '2024-01-01', input: '3' }] };
		for (const prices of [{ m: [] }, outOfOrder]) {
			expect(() => validateCustomPrices(prices)).toThrow(InvalidArgumentError);
			const result = await refused({ prices });
			expect(result.reasons).toEqual(Array(3).fill([undefined, 'invalid-prices']));
			expect(result.errors).toHaveLength(1);
		}
		expect(() => validateCustomPrices({ m: [{ input: '1' }, { since: '2025-01-01', input: '2' }] })).not.toThrow();
	});

	it('since is an ISO date, or a date and time with its offset: the same instant on every host', () => {
		for (const since of ['2025-06-10T16:00:00', '1', 'June 10, 2025', '10/06/2025']) {
			expect(() => validateCatalog({ version: 'v', models: { p: { m: { prices: [{ input: '1' }, { since, input: '2' }] } } } })).toThrow(InvalidArgumentError);
		}
		const price = createPricer({ version: 'v', models: { p: { m: { prices: [{ input: '1' }, { since: '2025-06-10T16:00:00+02:00', input: '2' }] } } } });
		const cost = (iso: string) => price({ provider: 'p', model: 'm', usage: { input: 1_000_000 }, at: Date.parse(iso) }).cost;
		expect([cost('2025-06-10T13:59:59Z'), cost('2025-06-10T14:00:00Z')]).toEqual(['1', '2']);
	});

	it('wildcard keys see the names exact keys see: a models/ path, another case', () => {
		const lookup = createPriceLookup(bundledCatalog, { 'google/gemini-2.5-*': { input: '0.01' }, 'gpt-4o*': { input: '0.01' } });
		expect(lookup('google', 'models/gemini-2.5-pro')?.key).toBe('google/gemini-2.5-*');
		expect(lookup('openai', 'GPT-4o-mini')?.key).toBe('gpt-4o*');
		expect(lookup('openai', 'gpt-4.1')?.key).toBe('openai/gpt-4.1');
	});
});
