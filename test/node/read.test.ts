import { expect, it } from 'vitest';
import { peekString, peekStringAtEnd, reportedAmount, textChars } from '../../src/providers/read';

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
