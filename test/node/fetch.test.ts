import { describe, expect, inject, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';

const base = inject('llmServerUrl');

function collect() {
	const events: TrackerEvent[] = [];
	return { events, onEvent: (event: TrackerEvent) => events.push(event) };
}

const recorded = (events: TrackerEvent[]) => events.flatMap((event) => (event.type === 'call.recorded' ? [event.record] : []));

/** An upstream we control chunk by chunk, to see what the app gets and when. */
function controlledUpstream(contentType: string) {
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	let cancelled: unknown = false;
	const body = new ReadableStream<Uint8Array>({
		start: (c) => {
			controller = c;
		},
		cancel: (reason) => {
			cancelled = reason ?? true;
		},
	});
	const encoder = new TextEncoder();
	return {
		fetch: (async () => new Response(body, { status: 200, headers: { 'content-type': contentType } })) as typeof fetch,
		send: (text: string) => controller.enqueue(encoder.encode(text)),
		close: () => controller.close(),
		cancelled: () => cancelled,
	};
}

describe('session.fetch', () => {
	it('forwards the request unchanged: method, headers, body, query', async () => {
		const session = await createTracker().startSession();
		const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
		const init = { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', 'x-custom': 'yes' }, body };
		const viaTracker = await (await session.fetch(`${base}/inspect/v1/chat/completions?api-version=1`, init)).json();
		const direct = await (await fetch(`${base}/inspect/v1/chat/completions?api-version=1`, init)).json();
		expect(viaTracker).toEqual(direct);
		expect(viaTracker).toMatchObject({ method: 'POST', search: '?api-version=1', body });
		expect(viaTracker.headers.authorization).toBe('Bearer sk-test');
	});

	it('returns a non-LLM response itself, untouched, and records nothing', async () => {
		const { events, onEvent } = collect();
		const original = new Response('{"ok":true}', { status: 201, headers: { 'content-type': 'application/json' } });
		const tracker = createTracker({ onEvent, fetch: async () => original });
		const session = await tracker.startSession();
		expect(await session.fetch('https://example.test/api/users', { method: 'POST' })).toBe(original);
		expect(await session.fetch('https://example.test/v1/chat/completions')).toBe(original); // a GET is not a completion
		expect((await session.end('Success')).calls).toBe(0);
		expect(recorded(events)).toEqual([]);
	});

	it('looks globalThis.fetch up at call time (a later polyfill or mock is honoured)', async () => {
		let calls = 0;
		const session = await createTracker().startSession();
		const saved = globalThis.fetch;
		globalThis.fetch = async () => {
			calls += 10;
			return new Response('y');
		};
		try {
			await session.fetch('https://example.test/');
		} finally {
			globalThis.fetch = saved;
		}
		expect(calls).toBe(10);
		const own = await createTracker({ fetch: async () => new Response('own') }).startSession();
		expect(await (await own.fetch('https://example.test/')).text()).toBe('own');
	});

	it('keeps status, headers, url and bytes of an LLM response', async () => {
		const session = await createTracker().startSession();
		const url = `${base}/fixture/openai/openai-chat.json/v1/chat/completions`;
		const response = await session.fetch(url, { method: 'POST', body: '{}' });
		const direct = await fetch(url, { method: 'POST' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(direct.headers.get('content-type'));
		expect(response.url).toBe(url);
		expect(response).toBeInstanceOf(Response);
		expect(await response.text()).toBe(await direct.text());
	});

	it('streams each chunk through as it arrives, never waiting for the whole body', async () => {
		const upstream = controlledUpstream('text/event-stream');
		const { events, onEvent } = collect();
		const session = await createTracker({ fetch: upstream.fetch, onEvent }).startSession();
		const response = await session.fetch('http://127.0.0.1:1/v1/chat/completions', { method: 'POST', body: '{"model":"gpt-4o"}' });
		const reader = response.body!.getReader();
		const decoder = new TextDecoder();
		upstream.send('data: {"model":"gpt-4o-2024-08-06","choices":[{"delta":{"content":"Hel"}}],"usage":null}\n\n');
		expect(decoder.decode((await reader.read()).value)).toContain('"Hel"');
		upstream.send('data: {"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":4}}\n\n');
		expect(decoder.decode((await reader.read()).value)).toContain('"usage":{');
		expect(recorded(events)).toEqual([]); // not before the stream ends
		upstream.send('data: [DONE]\n\n');
		upstream.close();
		await reader.read();
		expect((await reader.read()).done).toBe(true);
		// The last read resolved: cost() already includes the call. 10×2.5 + 4×10 = 65
		expect((await session.cost()).toFixed()).toBe('0.000065');
		expect(recorded(events)[0]).toMatchObject({ stream: true, requestedModel: 'gpt-4o', model: 'gpt-4o-2024-08-06' });
	});

	it('passes the app’s cancel upstream and records what the stream had said', async () => {
		const upstream = controlledUpstream('text/event-stream');
		const { events, onEvent } = collect();
		const session = await createTracker({ fetch: upstream.fetch, onEvent }).startSession();
		const response = await session.fetch('http://127.0.0.1:1/v1/messages', { method: 'POST', body: '{"model":"claude-haiku-4-5"}' });
		const reader = response.body!.getReader();
		upstream.send('event: message_start\ndata: {"type":"message_start","message":{"model":"claude-haiku-4-5-20251001","usage":{"input_tokens":1000,"output_tokens":1}}}\n\n');
		await reader.read();
		await reader.cancel('user pressed stop');
		expect(upstream.cancelled()).toBe('user pressed stop');
		await session.cost();
		// Anthropic gives the input side up front: it is kept (1000×1 + 1×5 = 1005).
		expect(recorded(events)[0]).toMatchObject({ usage: { input: 1000, output: 1 }, cost: '0.001005', usageSource: 'estimated' });
	});

	it('estimates a stream sent without include_usage, from the request and the text received', async () => {
		const upstream = controlledUpstream('text/event-stream');
		const { events, onEvent } = collect();
		const session = await createTracker({ fetch: upstream.fetch, onEvent }).startSession();
		const body = JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'x'.repeat(400) }] });
		const response = await session.fetch('http://127.0.0.1:1/v1/chat/completions', { method: 'POST', body });
		upstream.send(`data: {"model":"gpt-4o-2024-08-06","choices":[{"delta":{"content":"${'a'.repeat(30)}"}}]}\n\n`);
		upstream.send(`data: {"model":"gpt-4o-2024-08-06","choices":[{"delta":{"content":"${'b'.repeat(9)}\\n"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`);
		upstream.close();
		await response.text();
		const summary = await session.end('Success');
		// input: a 400-letter word is 1 + ⌈388 / 5⌉ = 79 tokens by the script-aware rule, + 4 for the one message = 83;
		// output: 40 characters at the prompt's 79 / 400 tokens a character = ⌈7.9⌉ = 8. gpt-4o: 83×2.5 + 8×10 = 287.5.
		// Its upper bound: 400 + 23 bytes of keys + 24 of framing = 447 in, 3 × 40 = 120 out: 447×2.5 + 120×10 = 2317.5.
		expect(summary).toMatchObject({ calls: 1, estimatedCalls: 1, costKnown: true });
		expect(summary.cost.toFixed()).toBe('0.0002875');
		expect(summary.costUpper?.toFixed()).toBe('0.0023175');
		const estimated = events.find((event) => event.type === 'call.estimated');
		expect(estimated).toMatchObject({ record: { usageSource: 'estimated', usage: { input: 83, output: 8 }, usageUpper: { input: 447, output: 120 }, model: 'gpt-4o-2024-08-06' } });
		expect((estimated as { record: { estimate: string } }).record.estimate).toMatch(/input from 400 request characters; output from 40 streamed characters/);
	});

	it('asks OpenAI for stream usage when includeUsage is on, and only then', async () => {
		const seen: string[] = [];
		const capture = (async (_input: RequestInfo | URL, init?: RequestInit) => {
			seen.push(String(init?.body));
			return new Response('{}', { headers: { 'content-type': 'application/json' } });
		}) as typeof fetch;
		const request = { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [] }) };
		const on = await createTracker({ fetch: capture, includeUsage: true }).startSession();
		await (await on.fetch('https://api.openai.com/v1/chat/completions', request)).text();
		await (await on.fetch('https://api.mistral.ai/v1/chat/completions', request)).text();
		const off = await createTracker({ fetch: capture }).startSession();
		await (await off.fetch('https://api.openai.com/v1/chat/completions', request)).text();
		expect(seen.map((body) => JSON.parse(body).stream_options)).toEqual([{ include_usage: true }, undefined, undefined]);
	});

	it('records garbage and truncated JSON as unparsed, and the app still gets the bytes', async () => {
		const { events, onEvent } = collect();
		const session = await createTracker({ onEvent }).startSession();
		for (const query of ['', '?cut=200']) {
			const url = `${base}/fixture/openai/openai-embeddings.openapi-example.json/v1/embeddings${query}`;
			const text = await (await session.fetch(url, { method: 'POST', body: '{"model":"text-embedding-ada-002"}' })).text();
			expect(text).toBe(await (await fetch(url, { method: 'POST' })).text());
		}
		const summary = await session.end('Fail');
		expect(summary).toMatchObject({ calls: 2, unpricedCalls: 2, costKnown: false });
		const problems = events.flatMap((event) => (event.type === 'call.unparsed' ? [event.record.problem] : []));
		expect(problems).toHaveLength(2);
		for (const problem of problems) expect(problem).toMatch(/^unreadable response: not valid JSON/);
	});

	it('records a failed HTTP call at no cost', async () => {
		const session = await createTracker().startSession();
		const response = await session.fetch(`${base}/fixture/openai/openai-embeddings.openapi-example.json/v1/chat/completions?status=429`, { method: 'POST', body: '{"model":"gpt-4o"}' });
		expect(response.status).toBe(429);
		await response.text();
		const summary = await session.end('Fail');
		expect(summary).toMatchObject({ calls: 1, failedCalls: 1, unpricedCalls: 0, costKnown: true });
		expect(summary.cost.toFixed()).toBe('0');
	});

	it('records a stream that finishes after the session ended', async () => {
		const upstream = controlledUpstream('text/event-stream');
		const { events, onEvent } = collect();
		const tracker = createTracker({ fetch: upstream.fetch, onEvent });
		const session = await tracker.startSession();
		const response = await session.fetch('http://127.0.0.1:1/v1/chat/completions', { method: 'POST', body: '{"model":"gpt-4o"}' });
		const ended = await tracker.endSession(session.id, 'Success');
		expect(ended.calls).toBe(0);
		upstream.send('data: {"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":0}}\n\ndata: [DONE]\n\n');
		upstream.close();
		await response.text();
		expect((await session.summary()).calls).toBe(1);
		expect(events.filter((event) => event.type === 'call.after-end')).toHaveLength(1);
	});

	it('tracks concurrent calls without losing any', async () => {
		const session = await createTracker().startSession();
		const url = `${base}/fixture/anthropic/anthropic-messages-stream.sse/v1/messages?chunk=64`;
		await Promise.all(Array.from({ length: 50 }, async () => (await session.fetch(url, { method: 'POST', body: '{}' })).text()));
		const summary = await session.end('Success');
		expect(summary.calls).toBe(50);
		expect(summary.cost.toFixed()).toBe('0.0513'); // 50 × 0.001026
	});

	it('prices an Azure deployment by the model it serves, through the app’s alias when the body names only the deployment', async () => {
		const { events, onEvent } = collect();
		const body = JSON.stringify({ object: 'response', model: 'prod-mini', usage: { input_tokens: 1000, output_tokens: 100 } });
		const tracker = createTracker({
			onEvent,
			aliases: { 'azure/prod-mini': 'gpt-5-mini' },
			fetch: (async () => new Response(body, { headers: { 'content-type': 'application/json' } })) as typeof fetch,
		});
		const session = await tracker.startSession();
		await (await session.fetch('https://acme.openai.azure.com/openai/v1/responses', { method: 'POST', body: '{"model":"prod-mini"}' })).text();
		await session.end('Success');
		// gpt-5-mini: 1000×0.25 + 100×2 = 450
		expect(recorded(events)[0]).toMatchObject({ provider: 'azure', requestedModel: 'prod-mini', model: 'prod-mini', cost: '0.00045' });
		expect(recorded(events)[0]!.priceKey).toMatch(/gpt-5-mini/);
	});

	it('reads Bedrock’s token-count headers for models that answer in their own body', async () => {
		const { events, onEvent } = collect();
		const headers = { 'content-type': 'application/json', 'x-amzn-bedrock-input-token-count': '42', 'x-amzn-bedrock-output-token-count': '7' };
		const tracker = createTracker({ onEvent, fetch: (async () => new Response('{"generation":"Hi","stop_reason":"stop"}', { headers })) as typeof fetch });
		const session = await tracker.startSession();
		await (await session.fetch('https://bedrock-runtime.us-west-2.amazonaws.com/model/meta.llama3-8b-instruct-v1%3A0/invoke', { method: 'POST', body: '{"prompt":"hi"}' })).text();
		await session.end('Success');
		expect(recorded(events)[0]).toMatchObject({ provider: 'bedrock', model: 'meta.llama3-8b-instruct-v1:0', usage: { input: 42, output: 7 } });
	});

	it('takes the provider of an AI Gateway compat call from its model', async () => {
		const { events, onEvent } = collect();
		const body = JSON.stringify({ model: 'gemini-2.5-flash', choices: [], usage: { prompt_tokens: 100, completion_tokens: 10 } });
		const tracker = createTracker({ onEvent, fetch: (async () => new Response(body, { headers: { 'content-type': 'application/json' } })) as typeof fetch });
		const session = await tracker.startSession();
		await (await session.fetch('https://gateway.ai.cloudflare.com/v1/a1/gw/compat/chat/completions', { method: 'POST', body: '{"model":"google-ai-studio/gemini-2.5-flash"}' })).text();
		await session.end('Success');
		// gemini-2.5-flash: 100×0.3 + 10×2.5 = 55
		expect(recorded(events)[0]).toMatchObject({ provider: 'google', requestedModel: 'gemini-2.5-flash', model: 'gemini-2.5-flash', cost: '0.000055' });
	});

	it('prices at the service tier the request asked for when the response names none', async () => {
		const { events, onEvent } = collect();
		const body = JSON.stringify({ model: 'gpt-5-mini-2025-08-07', choices: [], usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
		const tracker = createTracker({ onEvent, fetch: (async () => new Response(body, { headers: { 'content-type': 'application/json' } })) as typeof fetch });
		const session = await tracker.startSession();
		for (const tier of ['flex', undefined]) {
			const request = JSON.stringify({ model: 'gpt-5-mini', ...(tier ? { service_tier: tier } : {}), messages: [] });
			await (await session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: request })).text();
		}
		await session.end('Success');
		// gpt-5-mini: 0.25 per million input; flex at half.
		expect(recorded(events).map((record) => [record.serviceTier, record.cost])).toEqual([
			['flex', '0.125'],
			[undefined, '0.25'],
		]);
	});
});
