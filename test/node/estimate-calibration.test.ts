import Big from 'big.js';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { textTokens, utf8Bytes } from '../../src/estimate/text-tokens';
import { HELD_OUT } from '../support/held-out';
import { SAMPLES } from '../support/multilingual';
import { realUsage } from '../support/real-tokens';

const error = (estimate: number, real: number) => Math.round(((estimate - real) / real) * 1000) / 10;

function table(texts: Record<string, string>) {
	return Object.entries(texts).map(([name, text]) => {
		const real = o200k(text);
		const { bytes, estimate } = textTokens(text);
		return { name, chars: text.length, o200k: real, cl100k: cl100k(text), bound: bytes, estimate, error: error(estimate, real), oldRule: error(Math.ceil(text.length / 4), real) };
	});
}

describe('the script-aware estimate, against gpt-tokenizer', () => {
	it('on its fitting sample (2,000 characters of 12 kinds of text): within 10% of o200k_base each', () => {
		const rows = table(SAMPLES);
		console.table(rows);
		for (const row of rows) expect(Math.abs(row.error)).toBeLessThanOrEqual(10);
	});

	it('on texts it was not fitted on: within 25% each (the old 4-characters rule: up to 3× off)', () => {
		const rows = table(HELD_OUT);
		console.table(rows);
		for (const row of rows) expect(Math.abs(row.error)).toBeLessThanOrEqual(25);
	});

	it('the UTF-8 bytes bound both tokenizers on every text', () => {
		for (const row of [...table(SAMPLES), ...table(HELD_OUT)]) {
			expect(row.bound).toBeGreaterThanOrEqual(row.o200k);
			expect(row.bound).toBeGreaterThanOrEqual(row.cl100k);
		}
	});
});

describe('an estimated record carries its rule and an upper bound', () => {
	for (const name of ['chinese', 'emoji', 'hex'] as const) {
		it(`${name}: a usage-less stream is estimated near its real cost, and the real cost is under its upper bound`, async () => {
			const prompt = SAMPLES[name];
			const reply = HELD_OUT[name === 'hex' ? 'ids' : name]!;
			const events: TrackerEvent[] = [];
			const stream = `data: ${JSON.stringify({ model: 'gpt-4o-2024-08-06', choices: [{ delta: { content: reply } }] })}\n\ndata: [DONE]\n\n`;
			const tracker = createTracker({ fetch: (async () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } })) as typeof fetch, onEvent: (event) => events.push(event) });
			const session = await tracker.startSession();
			const body = { model: 'gpt-4o', stream: true, max_tokens: 500, messages: [{ role: 'user', content: prompt }] };
			await (await session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify(body) })).text();
			const summary = await session.end('Success');
			const record = events.find((event) => event.type === 'call.estimated')!.record;
			expect(record.estimate).toMatch(/script-aware v1/);
			// What gpt-4o bills: the prompt by o200k with its framing, the reply by o200k.
			const real = { input: realUsage(body).prompt_tokens, output: o200k(reply) };
			const realCost = (await (await createTracker().startSession()).record({ provider: 'openai', model: 'gpt-4o', usage: real })).cost!;
			expect(record.usageUpper!.input!).toBeGreaterThanOrEqual(real.input);
			expect(record.usageUpper!.output!).toBeGreaterThanOrEqual(real.output);
			expect(summary.costUpper!.gte(realCost)).toBe(true);
			console.log(name, { estimate: summary.cost.toFixed(), real: realCost, upper: summary.costUpper!.toFixed(), error: `${error(Number(summary.cost), Number(realCost))}%` });
			expect(Math.abs(error(Number(summary.cost), Number(new Big(realCost))))).toBeLessThanOrEqual(25);
		});
	}
});

describe('utf8Bytes', () => {
	it('is the length TextEncoder writes, and the bytes textTokens counts, on any string (lone surrogates too)', () => {
		const encoder = new TextEncoder();
		const unit = fc.oneof(
			fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
			fc.constantFrom('a', ' ', 'é', '中', '😀', '\ud800', '\udc00'),
		);
		fc.assert(
			fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
				expect(utf8Bytes(text)).toBe(encoder.encode(text).byteLength);
				expect(utf8Bytes(text)).toBe(textTokens(text).bytes);
			}),
			{ numRuns: 5000, seed: 7 },
		);
	});

	it('counts a long text natively in chunks, a surrogate pair on the edge of a chunk whole', () => {
		const encoder = new TextEncoder();
		const pairs = ['😀', '\ud800', '\udc00', 'é', '中', 'a'];
		for (const at of [16_382, 16_383, 16_384, 32_767, 32_768]) {
			for (const pair of pairs) {
				const text = `${'a'.repeat(at)}${pair}${'b'.repeat(40_000 - at)}`;
				expect(utf8Bytes(text)).toBe(encoder.encode(text).byteLength);
			}
		}
		const unit = fc.constantFrom('a', ' ', 'é', '中', '😀', '\ud800', '\udc00', '\u{10ffff}');
		fc.assert(
			fc.property(fc.string({ unit, minLength: 100, maxLength: 50_000 }), (text) => {
				expect(utf8Bytes(text)).toBe(encoder.encode(text).byteLength);
			}),
			{ numRuns: 60, seed: 7 },
		);
	});
});
