import { describe, expect, it } from 'vitest';
import { createSSEParser, type SSEEvent } from '../../src/sse/parser';

function parse(chunks: string[]): SSEEvent[] {
	const events: SSEEvent[] = [];
	const parser = createSSEParser((event) => events.push(event));
	for (const chunk of chunks) parser.feed(chunk);
	parser.end();
	return events;
}

/** Every way to cut `text` in two. */
function splits(text: string): string[][] {
	return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe('SSE parser', () => {
	const stream = ': OPENROUTER PROCESSING\r\n\r\nevent: message_start\r\ndata: {"a":1}\r\n\r\ndata: line one\ndata: line two\n\nid: 7\rdata:no-space\r\rdata: [DONE]\n\n';
	const expected: SSEEvent[] = [
		{ event: 'message_start', data: '{"a":1}' },
		{ event: 'message', data: 'line one\nline two' },
		{ event: 'message', data: 'no-space', id: '7' },
		{ event: 'message', data: '[DONE]', id: '7' },
	];

	it('reads comments, event names, multi-line data, ids and CRLF, LF and CR line ends', () => {
		expect(parse([stream])).toEqual(expected);
	});

	it('gives the same events however the stream is cut, CRLF split included', () => {
		for (const chunks of splits(stream)) expect(parse(chunks)).toEqual(expected);
		expect(parse(stream.split(''))).toEqual(expected);
	});

	it('dispatches the last event when the stream ends without its blank line', () => {
		expect(parse(['data: {"usage":1}'])).toEqual([{ event: 'message', data: '{"usage":1}' }]);
	});

	it('drops a last event cut in the middle of its line (a dropped connection)', () => {
		expect(parse(['data: {"a":1}\n\ndata: {"usage":{"prompt_tok'])).toEqual([{ event: 'message', data: '{"a":1}' }]);
	});

	it('ignores unknown fields and events without data', () => {
		expect(parse(['retry: 10\nevent: ping\n\n...\n\nfoo: bar\ndata: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
	});
});
