import Big from 'big.js';
import { expect, it } from 'vitest';
import { reportedAmount } from '../../src/providers/amount';
import { peekString, peekStringAtEnd } from '../../src/providers/peek';
import { textChars } from '../../src/providers/read';

it('counts the characters of JSON string values without parsing, escapes as one', () => {
	expect(textChars(JSON.stringify({ delta: { content: 'ab\n"c\\d\u00e9' } }), ['content'])).toBe(8);
	expect(textChars('{"content": "xy", "text":"q\\u00e9z", "content":null}', ['content', 'text'])).toBe(5);
	expect(textChars('{"content":"cut sho', ['content'])).toBe(7);
});

it('peeks the first string under a key, skipping objects of the same name', () => {
	expect(peekString('{"tools":{"model":{"type":"x"}},"model":"gpt-4o"}', 'model')).toBe('gpt-4o');
	expect(peekString('{"model":""}', 'model')).toBeUndefined();
});

it('turns reported amounts into exact decimal strings', () => {
	expect(reportedAmount(0.00001255)).toBe('0.00001255');
	expect(reportedAmount(1.255e-7)).toBe('0.0000001255');
	expect(reportedAmount(731000, -10)).toBe('0.0000731');
	expect(reportedAmount(-1)).toBeUndefined();
	expect(reportedAmount(Number.NaN)).toBeUndefined();
	expect(reportedAmount(0)).toBe('0');
	expect(reportedAmount(1e21)).toBe('1000000000000000000000');
	expect(reportedAmount(100, -2)).toBe('1');
});

it("moves a reported amount's digits exactly as Big would, on random amounts and scales", () => {
	// A seeded generator: the same cases on every run, spread over magnitudes from 1e-12 to 1e9 (both
	// plain and exponent literals), integers, and the scales the readers use.
	let seed = 7;
	const random = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;
	for (let index = 0; index < 5000; index++) {
		const magnitude = Math.floor(random() * 22) - 12;
		const value = index % 5 === 0 ? Math.floor(random() * 1e9) : Number((random() * 10 ** magnitude).toPrecision(1 + Math.floor(random() * 16)));
		const scale = [0, -10, 6, -3][index % 4]!;
		expect(reportedAmount(value, scale), `${value} × 1e${scale}`).toBe(new Big(String(value)).times(`1e${scale}`).toFixed());
	}
});

it('peekString and peekStringAtEnd read top-level keys only, past strings holding braces, quotes and the key itself', () => {
	const text = JSON.stringify({ messages: [{ content: 'a } ] " { "model": "no" \\', tool: { model: 'nested' } }], note: '"model":"in a string"', model: 'gpt-4o', data: [{ model: 'deep' }] });
	expect(peekString(text, 'model')).toBe('gpt-4o');
	expect(peekStringAtEnd(text.slice(text.length - 60), 'model')).toBe('gpt-4o'); // from a tail that starts mid-body
	expect(peekString(JSON.stringify({ tool: { model: 'nested' } }), 'model')).toBeUndefined();
	expect(peekStringAtEnd(JSON.stringify({ data: [{ model: 'deep' }] }), 'model')).toBeUndefined();
});

it('peekStringAtEnd: a string ending in an escaped quote and the key is text, not the key', () => {
	expect(peekStringAtEnd(JSON.stringify({ model: 'real', output: [{ text: 'call it "model' }] }), 'model')).toBe('real');
	expect(peekStringAtEnd(JSON.stringify({ 'say "model': 'not-a-model' }), 'model')).toBeUndefined();
});
