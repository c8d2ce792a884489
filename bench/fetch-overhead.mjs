// Per-call overhead of session.fetch against plain fetch, on loopback, with the built package.
// Alternates the two in rounds so drift on this machine hits both alike. Prints medians.
import { createServer } from 'node:http';
import { createTracker } from 'tokentab';

const usage = { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, prompt_tokens_details: { cached_tokens: 1024 } };
const json = JSON.stringify({
	id: 'chatcmpl-1', object: 'chat.completion', model: 'gpt-4o-2024-08-06',
	choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(1700) }, finish_reason: 'stop' }], usage,
});
const sse = [
	...Array.from({ length: 200 }, (_, i) => `data: ${JSON.stringify({ id: 'c', model: 'gpt-4o-2024-08-06', choices: [{ index: 0, delta: { content: `tok${i} ` } }], usage: null })}\n\n`),
	`data: ${JSON.stringify({ id: 'c', model: 'gpt-4o-2024-08-06', choices: [], usage })}\n\n`,
	'data: [DONE]\n\n',
];

const server = createServer((req, res) => {
	req.resume();
	req.on('end', () => {
		if (req.url.includes('stream')) {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			for (const event of sse) res.write(event);
			res.end();
		} else {
			res.writeHead(200, { 'content-type': 'application/json' }).end(json);
		}
	});
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const tracker = createTracker();
const session = await tracker.startSession();
const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };

async function time(fetchImpl, path, n) {
	const start = performance.now();
	for (let i = 0; i < n; i++) await (await fetchImpl(`${base}${path}`, init)).text();
	return (performance.now() - start) / n;
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = [];
for (const [name, path] of [['JSON, 2 KB', '/v1/chat/completions'], ['SSE, 202 events', '/stream/v1/chat/completions']]) {
	await time(fetch, path, 200);
	await time(session.fetch, path, 200);
	const plain = [];
	const tracked = [];
	for (let round = 0; round < 15; round++) {
		plain.push(await time(fetch, path, 100));
		tracked.push(await time(session.fetch, path, 100));
	}
	const p = median(plain);
	const t = median(tracked);
	results.push({ call: name, 'plain fetch (ms)': p.toFixed(3), 'session.fetch (ms)': t.toFixed(3), overhead: `${(((t - p) / p) * 100).toFixed(1)} %` });
}
const summary = await session.end('Success');
console.table(results);
console.log(`recorded ${summary.calls} calls, total ${summary.cost.toFixed()} USD, on Node ${process.versions.node}`);
server.close();
