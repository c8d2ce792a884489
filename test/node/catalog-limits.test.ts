import { describe, expect, it } from 'vitest';
import { type Catalog, createTracker, InvalidArgumentError } from '../../src/index';
import { catalogJSON } from '../../src/pricing/data/index';
import { type CatalogJSON, decodeCatalog } from '../../src/pricing/format';
import { MAX_CATALOG_BYTES } from '../../src/pricing/catalog-text';
import { createPriceLookup } from '../../src/pricing/lookup';
import { globTest, ruleProblem } from '../../src/pricing/pattern';
import { validateCatalog } from '../../src/pricing/validate';
import { refused } from '../support/refused-prices';
import { loadPrices } from '../../src/remote';

const URL = 'https://prices.example/tokentab.json';
const FALLBACK: Catalog = { version: 'fallback', models: { openai: { 'gpt-4o': { prices: { input: '2.5', output: '10' } } } } };
const json = (body: unknown) => (async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })) as typeof fetch;
const withRule = (rule: string): CatalogJSON => ({ schema: 1, version: 'evil', providers: { openai: { m: [['x', 'i1 o1', [rule]]] } } });

async function load(fetch: typeof globalThis.fetch) {
	const events: { type: string; reason?: string }[] = [];
	const prices = await loadPrices(URL, { fetch, retry: 0, fallback: FALLBACK, onEvent: (event) => events.push(event) });
	return { prices, events };
}

describe('catalog rules run no regular expression', () => {
	const EVIL = ['/^(a|a)*$', '/^((a+))+$', '/^(.*a){20}$'];

	it.each(EVIL)('a fetched catalog with %s is refused at load, whole; the name of 28 a and ! is then looked up in the fallback', async (rule) => {
		const { prices, events } = await load(json(withRule(rule)));
		expect(events).toEqual([expect.objectContaining({ type: 'prices.refused', reason: expect.stringContaining('regular expression') })]);
		expect(prices.current().version).toBe('fallback');
		const tracker = createTracker({ catalog: prices });
		const session = await tracker.startSession();
		await session.record({ provider: 'openai', model: `${'a'.repeat(28)}!`, usage: { input: 10 } });
		expect((await session.summary()).costKnown).toBe(false);
	});

	it.each(EVIL)('a catalog given as data with %s is refused with InvalidArgumentError, before a call is priced from it', async (rule) => {
		const catalog = decodeCatalog(withRule(rule));
		expect(() => validateCatalog(catalog)).toThrow(InvalidArgumentError);
		const result = await refused({ catalog });
		expect(result.reasons[0]).toEqual([undefined, 'invalid-prices']);
		expect(result.errors).toEqual([expect.any(InvalidArgumentError)]);
		expect(result.problem).toContain('regular expression');
	});

	it('refuses a negation outside a conjunction, a conjunction of negations only, and overlong rules', () => {
		for (const match of [['!~x'], [['!~x', '!$y']], [`~${'a'.repeat(300)}`], [[['^a']]]]) {
			const catalog: Catalog = { version: 'v', models: { openai: { x: { prices: { input: '1' }, match: match as never } } } };
			expect(() => validateCatalog(catalog)).toThrow(InvalidArgumentError);
		}
	});

	it('the bundled catalog ships no regular expression: every rule is in the language', () => {
		const rules: unknown[] = [];
		for (const provider of Object.values(catalogJSON.providers)) for (const entry of provider.m) if (Array.isArray(entry[2])) rules.push(...entry[2]);
		expect(rules.length).toBeGreaterThan(100);
		for (const rule of rules) {
			if (Array.isArray(rule)) for (const part of rule) expect(ruleProblem(part, true)).toBeUndefined();
			else expect(ruleProblem(rule, false)).toBeUndefined();
		}
		expect(JSON.stringify(catalogJSON)).not.toMatch(/"\//);
	});

	it('the converted rules price as the regular expressions did: digits, negation, alternatives', () => {
		const lookup = createPriceLookup(decodeCatalog(catalogJSON));
		const key = (provider: string, model: string) => lookup(provider, model)?.key;
		expect(key('anthropic', 'claude-opus-5-20260101')).toBe('anthropic/claude-opus-5');
		expect(key('anthropic', 'claude-opus-5-5-20260101')).toBe('anthropic/claude-opus-5-5');
		expect(key('openai', 'gpt-5.4-2026-03-05')).toBe('openai/gpt-5.4');
		expect(key('google', 'gemini-2.5-pro-preview-06-05')).toBe('google/gemini-2.5-pro');
		expect(key('google', 'gemini-2.5-pro-preview-tts')).toBe('google/gemini-2.5-pro-tts');
	});

	it('globs: * any run, ? one character, # one digit; custom price keys keep only *', () => {
		const dated = globTest('gpt-#-????-*-x');
		expect(dated('gpt-5-mini-a-b-x')).toBe(true);
		expect(dated('gpt-5-mini--x')).toBe(true);
		expect(dated('gpt-a-mini-a-x')).toBe(false);
		expect(dated('gpt-5-min-a-x')).toBe(false);
		expect(globTest('*a*a*a*a*a*b')(`${'a'.repeat(5000)}!`)).toBe(false);
		expect(globTest('a*b*c')('abc')).toBe(true);
		expect(globTest('a*b*c')('acb')).toBe(false);
		expect(globTest('ab*ba')('aba')).toBe(false);
		const custom = createPriceLookup(FALLBACK, { 'my-llama-*': { input: '1' }, 'ft:a?#:*': { input: '2' } });
		expect(custom('openai', 'my-llama-70b')?.key).toBe('my-llama-*');
		expect(custom('openai', 'ft:a?#:x')?.key).toBe('ft:a?#:*');
		expect(custom('openai', 'ft:ab1:x')).toBeNull();
	});
});

describe('catalog limits', () => {
	it('a catalog with no priced model is refused: providers {}, or providers without models', async () => {
		for (const providers of [{}, { openai: { m: [] } }]) {
			const { prices, events } = await load(json({ schema: 1, version: 'empty', providers }));
			expect(events).toEqual([expect.objectContaining({ type: 'prices.refused', reason: expect.stringContaining('no priced model') })]);
			expect(prices.current().version).toBe('fallback');
		}
		expect(() => validateCatalog({ version: 'empty', models: {} })).toThrow(/no priced model/);
		expect((await refused({ catalog: { version: 'empty', models: {} } })).reasons[0]).toEqual([undefined, 'invalid-prices']);
	});

	it(`a catalog over ${MAX_CATALOG_BYTES} bytes is refused before parsing, by Content-Length or by the bytes read, and is not read to its end`, async () => {
		const big = `{"schema":1,"version":"big","providers":{"openai":{"m":[["gpt-4o","i1 o1"]]}},"pad":"${'x'.repeat(MAX_CATALOG_BYTES)}"}`;
		const declared = (async () => new Response(big, { headers: { 'content-length': String(big.length) } })) as typeof fetch;
		let pulled = 0;
		const chunk = new TextEncoder().encode('x'.repeat(65_536));
		const streamed = (async () =>
			new Response(
				new ReadableStream({
					pull(controller) {
						pulled += chunk.byteLength;
						controller.enqueue(pulled === chunk.byteLength ? new TextEncoder().encode('{"pad":"') : chunk);
						if (pulled > 4 * MAX_CATALOG_BYTES) controller.close();
					},
				}),
			)) as typeof fetch;
		for (const fetch of [declared, streamed]) {
			const { prices, events } = await load(fetch);
			expect(events).toEqual([expect.objectContaining({ type: 'prices.refused', reason: expect.stringContaining(`${MAX_CATALOG_BYTES} bytes`) })]);
			expect(prices.current().version).toBe('fallback');
		}
		expect(pulled).toBeLessThan(2 * MAX_CATALOG_BYTES);
		// Multi-byte text counts in bytes: 2 MB of "€" is 6 MB of UTF-8.
		const euros = `{"schema":1,"version":"e","providers":{"openai":{"m":[["gpt-4o","i1 o1"]]}},"pad":"${'€'.repeat(2 * 1024 * 1024)}"}`;
		expect((await load((async () => new Response(euros)) as typeof fetch)).events[0]?.type).toBe('prices.refused');
	});
});
