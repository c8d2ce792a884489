// A loopback server for the fetch benchmarks, run in its own process so it does not share the
// client's event loop. Prints its port on stdout. Routes: /json (~2 KB chat completion),
// /sse?mb=N (an OpenAI-style stream of N MB of 1 KB content events, usage last), /events?n=N (N
// small events, one write each, as a model sends its tokens).
import { createServer } from 'node:http';

const usage = { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, prompt_tokens_details: { cached_tokens: 1024 } };
const json = JSON.stringify({
	id: 'chatcmpl-bench',
	object: 'chat.completion',
	created: 0,
	model: 'gpt-4o-2024-08-06',
	choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(1640) }, finish_reason: 'stop' }],
	usage,
});
const event = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-2024-08-06', choices: [{ index: 0, delta: { content: 'y'.repeat(900) } }], usage: null })}\n\n`;
const last = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-2024-08-06', choices: [], usage })}\n\ndata: [DONE]\n\n`;
const block = Buffer.from(event.repeat(64)); // ~64 KB
const word = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o-2024-08-06', choices: [{ index: 0, delta: { content: ' word' } }], usage: null })}\n\n`;

const server = createServer((req, res) => {
	req.resume();
	req.on('end', () => {
		const url = new URL(req.url, 'http://x');
		if (url.pathname.endsWith('/json/v1/chat/completions')) return res.writeHead(200, { 'content-type': 'application/json' }).end(json);
		if (url.pathname.endsWith('/events/v1/chat/completions')) {
			// As a model streams: one small event per write, each written after the last has gone out.
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			let left = Number(url.searchParams.get('n') ?? 1000);
			const next = () => {
				if (left-- === 0) return res.end(last);
				res.write(word);
				setImmediate(next);
			};
			return next();
		}
		const bytes = Number(url.searchParams.get('mb') ?? 0.2) * 1024 * 1024;
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		let sent = 0;
		const write = () => {
			while (sent < bytes) {
				sent += block.length;
				if (!res.write(block)) return res.once('drain', write);
			}
			res.end(last);
		};
		write();
	});
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
