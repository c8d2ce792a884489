// session.fetch against plain fetch, side by side on a real local server: for every request shape,
// response shape and way of reading, the app sees what raw fetch gives it (status, headers, bytes,
// identity, the same error), nothing is rejected unhandled, and the call is recorded once, or not at
// all when it is not an LLM call or has nothing to read.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { generateText, streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTracker, type TrackerEvent } from '../../src/index';
import { readBody } from '../support/test-server';

const CHAT = JSON.stringify({
	id: 'c1',
	object: 'chat.completion',
	model: 'gpt-4o-2024-08-06',
	choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
	usage: { prompt_tokens: 14, completion_tokens: 37, total_tokens: 51 },
});
const SSE = [
	'data: {"id":"c2","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"Hel"}}]}',
	'data: {"id":"c2","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":4}}',
	'data: [DONE]',
];
const ERROR = JSON.stringify({ error: { message: 'Rate limit', type: 'rate_limit_error', code: 'rate_limit' } });

let base = '';
let server: ReturnType<typeof createServer>;
const hits = new Map<string, number>();

/** Query: status, reason, type, body (chat|sse|sse-crlf|error|empty|echo), enc (gzip|br), location, destroy (bytes), delay, chunk, once429 */
async function handle(req: IncomingMessage, res: ServerResponse) {
	const url = new URL(req.url ?? '/', 'http://x');
	const q = url.searchParams;
	const received = await readBody(req);
	const key = `${req.method} ${url.pathname}${url.search}`;
	hits.set(key, (hits.get(key) ?? 0) + 1);
	if (q.has('fail-first') && hits.get(key) === 1) {
		res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '10', 'x-should-retry': 'true' }).end(ERROR);
		return;
	}
	const kind = q.get('body') ?? 'chat';
	let bytes: Buffer =
		kind === 'sse'
			? Buffer.from(SSE.join('\n\n') + '\n\n')
			: kind === 'sse-crlf'
				? Buffer.from(SSE.join('\r\n\r\n') + '\r\n\r\n')
				: kind === 'error'
					? Buffer.from(ERROR)
					: kind === 'empty'
						? Buffer.alloc(0)
						: kind === 'echo'
							? Buffer.from(JSON.stringify({ method: req.method, type: req.headers['content-type'] ?? null, length: received.length, body: received.toString('latin1') }))
							: Buffer.from(CHAT);
	const type = q.get('type') ?? (kind.startsWith('sse') ? 'text/event-stream' : 'application/json');
	const headers: Record<string, string | string[]> = { 'content-type': type, 'x-custom': 'yes', 'set-cookie': ['a=1', 'b=2'] };
	const enc = q.get('enc');
	if (enc === 'gzip') {
		bytes = gzipSync(bytes);
		headers['content-encoding'] = 'gzip';
	}
	if (enc === 'br') {
		bytes = brotliCompressSync(bytes);
		headers['content-encoding'] = 'br';
	}
	if (q.has('location')) headers.location = q.get('location')!;
	const status = Number(q.get('status') ?? 200);
	if (status === 204 || status === 205 || status === 304) bytes = Buffer.alloc(0);
	if (q.has('reason')) res.writeHead(status, q.get('reason')!, headers);
	else res.writeHead(status, headers);
	if (req.method === 'HEAD') return void res.end();
	const chunk = Number(q.get('chunk') ?? 0) || bytes.length || 1;
	const delay = Number(q.get('delay') ?? 0);
	const destroy = q.has('destroy') ? Number(q.get('destroy')) : -1;
	for (let at = 0; at < bytes.length; at += chunk) {
		if (res.destroyed) return;
		if (destroy >= 0 && at >= destroy) return void res.socket?.destroy();
		res.write(bytes.subarray(at, at + chunk));
		if (delay) await sleep(delay);
	}
	if (destroy >= 0) return void res.socket?.destroy();
	res.end();
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
	process.on('unhandledRejection', onUnhandled);
	server = createServer((req, res) => {
		handle(req, res).catch((e) => {
			if (!res.headersSent) res.writeHead(500);
			res.end(String(e));
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	process.off('unhandledRejection', onUnhandled);
	server.closeAllConnections();
	await new Promise((r) => server.close(r));
});
afterEach(async () => {
	await sleep(20);
	expect(unhandled).toEqual([]);
	unhandled.length = 0;
});

async function setup() {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ onEvent: (e) => events.push(e) });
	const session = await tracker.startSession();
	const end = () => tracker.endSession(session.id, 'Success');
	const of = (type: string) => events.filter((e) => e.type === type);
	return { tracker, session, events, end, of };
}

const LLM = (query = '') => `${base}/v1/chat/completions${query}`;
const POST = (body: BodyInit | null = '{"model":"gpt-4o"}', extra: RequestInit = {}): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body, ...extra });

function visible(r: Response) {
	const headers = [...r.headers].filter(([k]) => k !== 'date');
	return { status: r.status, statusText: r.statusText, ok: r.ok, url: r.url, redirected: r.redirected, type: r.type, headers, bodyNull: r.body === null, bodyUsed: r.bodyUsed };
}

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
	try {
		await (typeof p === 'function' ? p() : p);
	} catch (e) {
		return e;
	}
	return 'no error';
}
async function settle(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
	try {
		return { value: await (typeof p === 'function' ? p() : p) };
	} catch (e) {
		return { error: shape(e) };
	}
}
const shape = (e: unknown) => (e instanceof Error ? { cls: e.constructor.name, name: e.name, message: e.message } : e);

describe('fetch parity: response identity', () => {
	it('clone() keeps url, redirected and type like raw fetch', async () => {
		const { session } = await setup();
		const raw = (await fetch(LLM(), POST())).clone();
		const tracked = (await session.fetch(LLM(), POST())).clone();
		expect(visible(tracked)).toEqual(visible(raw));
		expect(await tracked.text()).toBe(await raw.text());
	});

	it('clone() after a followed redirect keeps url and redirected', async () => {
		const { session } = await setup();
		const target = encodeURIComponent(LLM());
		const url = `${base}/redirect/v1/chat/completions?status=307&location=${target}`;
		const raw = await fetch(url, POST());
		const tracked = await session.fetch(url, POST());
		expect(visible(tracked)).toEqual(visible(raw));
		expect(visible(tracked.clone())).toEqual(visible(raw.clone()));
	});

	it('headers are immutable like raw fetch', async () => {
		const { session } = await setup();
		const raw = await fetch(LLM(), POST());
		const tracked = await session.fetch(LLM(), POST());
		expect(shape(await errorOf(() => tracked.headers.set('x-app', '1')))).toEqual(shape(await errorOf(() => raw.headers.set('x-app', '1'))));
	});

	it('a status text a new Response cannot carry (obs-text): the response itself, read and recorded', async () => {
		const { session, end, of } = await setup();
		const url = LLM(`?reason=${encodeURIComponent('OK\u00e9')}`);
		const raw = await fetch(url, POST());
		const tracked = await session.fetch(url, POST());
		expect(visible(tracked)).toEqual(visible(raw));
		expect(await settle(tracked.text())).toEqual(await settle(raw.text()));
		expect(await end()).toMatchObject({ calls: 1, costKnown: true });
		expect(of('tracker.error')).toEqual([]);
	});

	it('a status outside 200-599 from a proxy: handed back untouched and readable', async () => {
		const { session } = await setup();
		const raw = await fetch(LLM('?status=999'), POST());
		const tracked = await session.fetch(LLM('?status=999'), POST());
		expect(visible(tracked)).toEqual(visible(raw));
		expect(await settle(tracked.text())).toEqual(await settle(raw.text()));
	});
});

describe('fetch parity: request shapes', () => {
	it('a Request with a string body: same bytes sent, recorded once with the requested model', async () => {
		const { session, end, events } = await setup();
		const make = () => new Request(LLM('?body=echo'), POST('{"model":"gpt-4o","x":1}'));
		const raw = await (await fetch(make())).json();
		const tracked = await (await session.fetch(make())).json();
		expect(tracked).toEqual(raw);
		const summary = await end();
		expect(summary.calls).toBe(1);
		expect(events.filter((e) => e.type === 'tracker.error')).toEqual([]);
	});

	it('a Request whose body is a ReadableStream (duplex half)', async () => {
		const { session, end, events } = await setup();
		const make = () =>
			new Request(LLM('?body=echo'), {
				method: 'POST',
				body: new ReadableStream({
					start(c) {
						c.enqueue(new TextEncoder().encode('{"model":'));
						c.enqueue(new TextEncoder().encode('"gpt-4o"}'));
						c.close();
					},
				}),
				duplex: 'half',
			} as RequestInit);
		const raw = await (await fetch(make())).json();
		const tracked = await (await session.fetch(make())).json();
		expect(tracked).toEqual(raw);
		await end();
		expect(events.filter((e) => e.type === 'tracker.error')).toEqual([]);
		expect(events.find((e) => e.type === 'call.recorded')).toMatchObject({ record: { requestedModel: 'gpt-4o' } });
	});

	it('init.body a ReadableStream with duplex half', async () => {
		const { session, end } = await setup();
		const init = () => ({ method: 'POST', body: new Blob(['{"model":"gpt-4o"}']).stream(), duplex: 'half' }) as RequestInit;
		const raw = await (await fetch(LLM('?body=echo'), init())).json();
		const tracked = await (await session.fetch(LLM('?body=echo'), init())).json();
		expect(tracked).toEqual(raw);
		expect((await end()).calls).toBe(1);
	});

	it.each([
		['URLSearchParams', () => new URLSearchParams({ a: '1', b: 'x y' })],
		['Blob', () => new Blob(['{"model":"gpt-4o"}'], { type: 'application/json' })],
		['ArrayBuffer', () => new TextEncoder().encode('{"model":"gpt-4o"}').buffer],
		['Uint8Array', () => new TextEncoder().encode('{"model":"gpt-4o"}')],
	])('%s body to an LLM URL is sent unchanged', async (_name, body) => {
		const { session, end } = await setup();
		const raw = await (await fetch(LLM('?body=echo'), { method: 'POST', body: body() as BodyInit })).json();
		const tracked = await (await session.fetch(LLM('?body=echo'), { method: 'POST', body: body() as BodyInit })).json();
		expect(tracked).toEqual(raw);
		expect((await end()).calls).toBe(1);
	});

	it('FormData multipart audio upload to /v1/audio/transcriptions passes through unchanged, and is recorded (a transcription bills)', async () => {
		const { session, end } = await setup();
		const form = () => {
			const f = new FormData();
			f.set('file', new Blob([new Uint8Array([1, 2, 3, 255])], { type: 'audio/wav' }), 'a.wav');
			f.set('model', 'whisper-1');
			return f;
		};
		const url = `${base}/v1/audio/transcriptions?body=echo`;
		const raw = await (await fetch(url, { method: 'POST', body: form() })).json();
		const tracked = await (await session.fetch(url, { method: 'POST', body: form() })).json();
		expect(tracked.length).toBe(raw.length);
		expect(tracked.type.startsWith('multipart/form-data')).toBe(true);
		expect((await end()).calls).toBe(1);
	});

	it.each(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT'])('%s to an LLM URL passes through untouched and is not recorded', async (method) => {
		const { session, end } = await setup();
		const raw = await fetch(LLM(), { method });
		const tracked = await session.fetch(LLM(), { method });
		expect(visible(tracked)).toEqual(visible(raw));
		expect(await tracked.text()).toBe(await raw.text());
		expect((await end()).calls).toBe(0);
	});

	it('lowercase method "post" is tracked', async () => {
		const { session, end } = await setup();
		await (await session.fetch(LLM(), { method: 'post', body: '{}' })).text();
		expect((await end()).calls).toBe(1);
	});

	it('URL object input', async () => {
		const { session, end } = await setup();
		const raw = await fetch(new URL(LLM()), POST());
		const tracked = await session.fetch(new URL(LLM()), POST());
		expect(visible(tracked)).toEqual(visible(raw));
		await tracked.text();
		expect((await end()).calls).toBe(1);
	});

	it('relative URL: same error as raw fetch, nothing unhandled', async () => {
		const { session, end } = await setup();
		const raw = await settle(fetch('/v1/chat/completions', POST()));
		const tracked = await settle(session.fetch('/v1/chat/completions', POST()));
		expect(tracked).toEqual(raw);
		expect((await end()).calls).toBe(0);
	});

	it('headers as arrays and as Headers', async () => {
		const { session } = await setup();
		for (const headers of [
			[
				['x-a', '1'],
				['x-a', '2'],
				['content-type', 'application/json'],
			] as [string, string][],
			new Headers({ 'x-b': '3' }),
		]) {
			const raw = await fetch(`${base}/inspect/v1/chat/completions?body=echo`, { method: 'POST', headers, body: '{}' });
			const tracked = await session.fetch(`${base}/inspect/v1/chat/completions?body=echo`, { method: 'POST', headers, body: '{}' });
			expect(await tracked.json()).toEqual(await raw.json());
		}
	});

	it('a Request reused after use: same TypeError as raw fetch', async () => {
		const { session, end, events } = await setup();
		const a = new Request(LLM(), POST());
		await (await fetch(a)).text();
		const b = new Request(LLM(), POST());
		await (await session.fetch(b)).text();
		const raw = await settle(fetch(a));
		const tracked = await settle(session.fetch(b));
		expect(tracked).toEqual(raw);
		await end();
	});

	it('init.signal already aborted: same AbortError', async () => {
		const { session, end } = await setup();
		const c = new AbortController();
		c.abort();
		const raw = await settle(fetch(LLM(), POST(undefined, { signal: c.signal })));
		const tracked = await settle(session.fetch(LLM(), POST(undefined, { signal: c.signal })));
		expect(tracked).toEqual(raw);
		expect((await end()).calls).toBe(0);
	});

	it('a Request with an already-aborted signal', async () => {
		const { session } = await setup();
		const c = new AbortController();
		c.abort(new Error('why'));
		const raw = await settle(fetch(new Request(LLM(), POST(undefined, { signal: c.signal }))));
		const tracked = await settle(session.fetch(new Request(LLM(), POST(undefined, { signal: c.signal }))));
		expect(tracked).toEqual(raw);
	});
});

describe('fetch parity: response shapes', () => {
	it.each([204, 205])('%i with no body', async (status) => {
		const { session, end, events } = await setup();
		const raw = await fetch(LLM(`?status=${status}`), POST());
		const tracked = await session.fetch(LLM(`?status=${status}`), POST());
		expect(visible(tracked)).toEqual(visible(raw));
		expect(await tracked.text()).toBe(await raw.text());
		const summary = await end();
	});

	it('manual redirect (307) then the app follows: one LLM call recorded, cost known', async () => {
		const { session, end, events } = await setup();
		const url = `${base}/redirect/v1/chat/completions?status=307&body=empty&location=${encodeURIComponent(LLM())}`;
		const raw = await fetch(url, POST(undefined, { redirect: 'manual' }));
		const tracked = await session.fetch(url, POST(undefined, { redirect: 'manual' }));
		expect(visible(tracked)).toEqual(visible(raw));
		expect(await tracked.text()).toBe(await raw.text());
		const next = await session.fetch(tracked.headers.get('location')!, POST());
		await next.text();
		const summary = await end();
		expect(summary).toMatchObject({ calls: 1, costKnown: true, unpricedCalls: 0 });
	});

	it('followed redirect: recorded once', async () => {
		const { session, end } = await setup();
		const url = `${base}/redirect/v1/chat/completions?status=308&location=${encodeURIComponent(LLM())}`;
		await (await session.fetch(url, POST())).text();
		expect(await end()).toMatchObject({ calls: 1, costKnown: true });
	});

	it.each([400, 401, 429, 500, 503])('%i JSON error: same bytes, recorded as failed', async (status) => {
		const { session, end } = await setup();
		const raw = await fetch(LLM(`?status=${status}&body=error`), POST());
		const tracked = await session.fetch(LLM(`?status=${status}&body=error`), POST());
		expect(visible(tracked)).toEqual(visible(raw));
		expect(await tracked.json()).toEqual(await raw.json());
		expect(await end()).toMatchObject({ calls: 1, failedCalls: 1, costKnown: true });
	});

	it.each(['gzip', 'br'])('%s-encoded JSON and SSE', async (enc) => {
		const { session, end } = await setup();
		for (const body of ['chat', 'sse']) {
			const raw = await fetch(LLM(`?enc=${enc}&body=${body}`), POST());
			const tracked = await session.fetch(LLM(`?enc=${enc}&body=${body}`), POST());
			expect(visible(tracked)).toEqual(visible(raw));
			expect(await tracked.text()).toBe(await raw.text());
		}
		const summary = await end();
		expect(summary).toMatchObject({ calls: 2, costKnown: true, unpricedCalls: 0, estimatedCalls: 0 });
	});

	it('JSON with content-type text/plain, SSE with CRLF, SSE chunked in 7 bytes', async () => {
		const { session, end } = await setup();
		for (const q of ['?type=text/plain', '?body=sse-crlf', '?body=sse-crlf&chunk=7', '?body=sse&chunk=1']) {
			const raw = await fetch(LLM(q), POST());
			const tracked = await session.fetch(LLM(q), POST());
			expect(await tracked.text()).toBe(await raw.text());
		}
		const summary = await end();
		expect(summary).toMatchObject({ calls: 4, costKnown: true, unpricedCalls: 0, estimatedCalls: 0 });
		expect(summary.usage).toEqual({ input: 14 + 30, output: 37 + 12 });
	});

	it('empty body with content-type JSON: app gets "", problem is an event', async () => {
		const { session, end, events } = await setup();
		const raw = await fetch(LLM('?body=empty'), POST());
		const tracked = await session.fetch(LLM('?body=empty'), POST());
		expect(await tracked.text()).toBe(await raw.text());
		await end();
	});

	it('body that errors mid-way: same error class to the app, call recorded as error, nothing unhandled', async () => {
		const { session, end, events } = await setup();
		const raw = await fetch(LLM('?body=sse&chunk=20&delay=5&destroy=60'), POST());
		const tracked = await session.fetch(LLM('?body=sse&chunk=20&delay=5&destroy=60'), POST());
		const r = (await settle(raw.text())) as any;
		const t = (await settle(tracked.text())) as any;
		expect(t).toEqual(r);
		const summary = await end();
		expect(summary.calls).toBe(1);
	});

	it('very slow body is passed through', async () => {
		const { session, end } = await setup();
		const tracked = await session.fetch(LLM('?body=sse&chunk=30&delay=20'), POST());
		expect(await tracked.text()).toBe(SSE.join('\n\n') + '\n\n');
		expect((await end()).calls).toBe(1);
	});
});

describe('fetch parity: app behaviour', () => {
	it('clone() and read both', async () => {
		const { session, end } = await setup();
		const raw = await fetch(LLM('?body=sse&chunk=9'), POST());
		const tracked = await session.fetch(LLM('?body=sse&chunk=9'), POST());
		const rc = raw.clone();
		const tc = tracked.clone();
		const [a, b] = await Promise.all([tracked.text(), tc.text()]);
		expect([a, b]).toEqual(await Promise.all([raw.text(), rc.text()]));
		expect(await end()).toMatchObject({ calls: 1, estimatedCalls: 0 });
	});

	it('clone() and read only the clone', async () => {
		const { session, end } = await setup();
		const tracked = await session.fetch(LLM(), POST());
		expect(await tracked.clone().json()).toEqual(JSON.parse(CHAT));
		expect(await end()).toMatchObject({ calls: 1 });
	});

	it('getReader then cancel', async () => {
		const { session, end } = await setup();
		const tracked = await session.fetch(LLM('?body=sse&chunk=20&delay=10'), POST());
		const reader = tracked.body!.getReader();
		await reader.read();
		await reader.cancel('stop');
		const summary = await end();
		expect(summary.calls).toBe(1);
	});

	it('never reading the body', async () => {
		const { session, end } = await setup();
		const tracked = await session.fetch(LLM(), POST());
		expect(tracked.ok).toBe(true);
		const summary = await end();
	});

	it('text() twice throws the same TypeError as raw', async () => {
		const { session } = await setup();
		const raw = await fetch(LLM(), POST());
		const tracked = await session.fetch(LLM(), POST());
		await raw.text();
		await tracked.text();
		expect(await settle(tracked.text())).toEqual(await settle(raw.text()));
		expect(tracked.bodyUsed).toBe(raw.bodyUsed);
	});

	it('bodyUsed, ok, statusText, headers before reading', async () => {
		const { session } = await setup();
		const raw = await fetch(LLM('?status=201&reason=Created%20Now'), POST());
		const tracked = await session.fetch(LLM('?status=201&reason=Created%20Now'), POST());
		expect(visible(tracked)).toEqual(visible(raw));
		expect(tracked.headers.getSetCookie()).toEqual(raw.headers.getSetCookie());
		expect(tracked).toBeInstanceOf(Response);
	});

	it('body.tee()', async () => {
		const { session, end } = await setup();
		const tracked = await session.fetch(LLM('?body=sse&chunk=11'), POST());
		const [a, b] = tracked.body!.tee();
		const [x, y] = await Promise.all([new Response(a).text(), new Response(b).text()]);
		expect(x).toBe(y);
		expect(x).toBe(SSE.join('\n\n') + '\n\n');
		expect(await end()).toMatchObject({ calls: 1, estimatedCalls: 0 });
	});

	it('for await over body with break', async () => {
		const { session, end } = await setup();
		const tracked = await session.fetch(LLM('?body=sse&chunk=11&delay=5'), POST());
		for await (const _ of tracked.body as any) break;
		const raw = await fetch(LLM('?body=sse&chunk=11&delay=5'), POST());
		for await (const _ of raw.body as any) break;
		expect(tracked.body!.locked).toBe(raw.body!.locked);
		expect((await end()).calls).toBe(1);
	});

	it('abort before headers', async () => {
		const { session, end } = await setup();
		const go = async (f: typeof fetch) => {
			const c = new AbortController();
			const p = f(`${base}/v1/chat/completions?body=sse&delay=50&chunk=10`, POST(undefined, { signal: c.signal }));
			c.abort();
			return settle(p);
		};
		expect(await go(session.fetch)).toEqual(await go(fetch));
		expect((await end()).calls).toBe(0);
	});

	it('abort after headers, before reading, then read: an AbortError, as raw fetch gives', async () => {
		const { session, end } = await setup();
		const go = async (f: typeof fetch) => {
			const c = new AbortController();
			const r = await f(LLM('?body=sse&delay=20&chunk=10'), POST(undefined, { signal: c.signal }));
			c.abort();
			const error = await errorOf(r.text());
			// The message is the runtime's own (undici words its body methods' AbortError differently).
			return error instanceof Error ? { cls: error.constructor.name, name: error.name } : error;
		};
		expect(await go(session.fetch)).toEqual(await go(fetch));
		expect((await end()).calls).toBe(1);
	});

	it('abort mid-stream with a reason', async () => {
		const { session, end } = await setup();
		const go = async (f: typeof fetch) => {
			const c = new AbortController();
			const r = await f(LLM('?body=sse&delay=20&chunk=10'), POST(undefined, { signal: c.signal }));
			const reader = r.body!.getReader();
			await reader.read();
			c.abort(new Error('user stop'));
			return settle(reader.read());
		};
		expect(await go(session.fetch)).toEqual(await go(fetch));
		expect((await end()).calls).toBe(1);
	});

	it('abort after the body was fully read does nothing', async () => {
		const { session, end } = await setup();
		const c = new AbortController();
		const r = await session.fetch(LLM(), POST(undefined, { signal: c.signal }));
		await r.text();
		c.abort();
		expect(await end()).toMatchObject({ calls: 1, estimatedCalls: 0 });
	});

	it('AbortSignal.timeout mid-stream', async () => {
		const { session, end } = await setup();
		const go = async (f: typeof fetch) => {
			const r = await f(LLM('?body=sse&delay=40&chunk=10'), POST(undefined, { signal: AbortSignal.timeout(60) }));
			return settle(r.text());
		};
		const a = await go(session.fetch);
		const b = await go(fetch);
		expect(a).toEqual(b);
		expect((await end()).calls).toBe(1);
	});
});

describe('fetch parity: official SDKs', () => {
	it('openai SDK retries a 429 (maxRetries 2): two calls, one failed, cost known', async () => {
		const { session, end } = await setup();
		const client = (f: typeof fetch, tag: string) => new OpenAI({ apiKey: 'sk', baseURL: `${base}/${tag}/v1`, fetch: f, maxRetries: 2 });
		const tracked = await client(session.fetch, 'a').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { query: { 'fail-first': '1' } });
		const raw = await client(fetch, 'b').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { query: { 'fail-first': '1' } });
		expect(tracked).toEqual(raw);
		const summary = await end();
		expect(summary).toMatchObject({ calls: 2, failedCalls: 1, costKnown: true, unpricedCalls: 0 });
	});

	it('anthropic SDK retries a 429: two calls, one failed', async () => {
		const { session, end } = await setup();
		const url = (tag: string) => `${base}/${tag}`;
		const client = (f: typeof fetch, tag: string) => new Anthropic({ apiKey: 'sk', baseURL: url(tag), fetch: f, maxRetries: 2 });
		const err = await settle(
			client(session.fetch, 'a').messages.create(
				{ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
				{ query: { 'fail-first': '1', status: '400', body: 'error' } },
			),
		);
		const rawErr = await settle(
			client(fetch, 'b').messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, { query: { 'fail-first': '1', status: '400', body: 'error' } }),
		);
		expect((err as any).error.cls).toBe((rawErr as any).error.cls);
		const summary = await end();
		expect(summary).toMatchObject({ calls: 2, failedCalls: 2 });
	});

	it('openai SDK streaming with AbortController mid-stream', async () => {
		const { session, end } = await setup();
		const c = new AbortController();
		const client = new OpenAI({ apiKey: 'sk', baseURL: `${base}/v1`, fetch: session.fetch, maxRetries: 0 });
		const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [] }, { signal: c.signal, query: { body: 'sse', chunk: '30', delay: '20' } });
		const got = await settle(
			(async () => {
				for await (const _ of stream) c.abort();
			})(),
		);
		expect((await end()).calls).toBe(1);
	});
});

describe('fetch parity: more shapes', () => {
	it('SSE served as TEXT/EVENT-STREAM (media types are case-insensitive), read by the openai SDK', async () => {
		const { session, end, events } = await setup();
		const client = (f: typeof fetch) => new OpenAI({ apiKey: 'sk', baseURL: `${base}/v1`, fetch: f, maxRetries: 0 });
		const run = async (f: typeof fetch) => {
			const chunks = [];
			for await (const c of await client(f).chat.completions.create({ model: 'gpt-4o', stream: true, messages: [] }, { query: { body: 'sse', type: 'TEXT/EVENT-STREAM' } })) chunks.push(c);
			return chunks;
		};
		expect(await run(session.fetch)).toEqual(await run(fetch));
		const summary = await end();
		expect(summary).toMatchObject({ calls: 1, costKnown: true, unpricedCalls: 0 });
	});

	it('Request (stream body) plus init with extra headers', async () => {
		const { session, end } = await setup();
		const make = () => new Request(LLM('?body=echo'), { method: 'POST', body: new Blob(['{"model":"gpt-4o"}']).stream(), duplex: 'half' } as RequestInit);
		const a = make();
		const b = make();
		const raw = await (await fetch(a, { headers: { 'x-a': '1' } })).json();
		const tracked = await (await session.fetch(b, { headers: { 'x-a': '1' } })).json();
		expect(tracked).toEqual(raw);
		expect(b.bodyUsed).toBe(a.bodyUsed);
		expect((await end()).calls).toBe(1);
	});

	it('Request input: bodyUsed after the call matches raw', async () => {
		const { session } = await setup();
		const a = new Request(LLM(), POST());
		const b = new Request(LLM(), POST());
		await (await fetch(a)).text();
		await (await session.fetch(b)).text();
		expect(b.bodyUsed).toBe(a.bodyUsed);
	});
});

describe('fetch parity: reading to the end', () => {
	it("keeps the app's pace: upstream is read at most one chunk ahead of the app, and a cancel reaches it", async () => {
		let pulled = 0;
		let cancelled: unknown;
		const chunk = new TextEncoder().encode('data: {"object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"x"}}]}\n\n');
		const upstream = (async () =>
			new Response(
				new ReadableStream<Uint8Array>(
					{
						pull(controller) {
							pulled++;
							controller.enqueue(chunk);
						},
						cancel(reason) {
							cancelled = reason;
						},
					},
					{ highWaterMark: 0 },
				),
				{ headers: { 'content-type': 'text/event-stream' } },
			)) as typeof fetch;
		const session = await createTracker({ fetch: upstream }).startSession();
		const reader = (await session.fetch('https://api.openai.com/v1/chat/completions', POST())).body!.getReader();
		await sleep(20);
		expect(pulled).toBe(0); // nothing read before the app reads
		for (let reads = 1; reads <= 5; reads++) {
			await reader.read();
			await sleep(5);
			expect(pulled).toBe(reads + 1);
		}
		await reader.cancel('enough');
		expect(cancelled).toBe('enough');
		expect((await session.end('Success')).calls).toBe(1);
	});

	it('a hand-written SSE reader that stops at [DONE], without the read that finds the end or a cancel: recorded (one read ahead)', async () => {
		const { session, end } = await setup();
		const r = await session.fetch(LLM('?body=sse'), POST());
		const reader = r.body!.getReader();
		const decoder = new TextDecoder();
		let text = '';
		while (!text.includes('data: [DONE]')) text += decoder.decode((await reader.read()).value, { stream: true });
		await sleep(50);
		expect((await end()).calls).toBe(1);
	});
});

describe('fetch parity: ai SDK', () => {
	it('generateText with a 429 then retry (maxRetries 2)', async () => {
		const { session, end } = await setup();
		const provider = (f: typeof fetch, tag: string) => createOpenAI({ apiKey: 'sk', baseURL: `${base}/${tag}/v1`, fetch: f });
		const wrap = (f: typeof fetch): typeof fetch => ((input: any, init: any) => f(String(input) + '?fail-first=1', init)) as typeof fetch;
		const t = await generateText({ model: provider(wrap(session.fetch), 'ai-a').chat('gpt-4o'), prompt: 'hi', maxRetries: 2 });
		const r = await generateText({ model: provider(wrap(fetch), 'ai-b').chat('gpt-4o'), prompt: 'hi', maxRetries: 2 });
		expect(t.text).toBe(r.text);
		expect(await end()).toMatchObject({ calls: 2, failedCalls: 1, costKnown: true });
	});

	it('streamText aborted mid-stream', async () => {
		const { session, end } = await setup();
		const c = new AbortController();
		const provider = createOpenAI({ apiKey: 'sk', baseURL: `${base}/v1`, fetch: ((input: any, init: any) => session.fetch(String(input) + '?body=sse&chunk=30&delay=20', init)) as typeof fetch });
		const result = streamText({ model: provider.chat('gpt-4o'), prompt: 'hi', abortSignal: c.signal, onError: () => {} });
		const got = await settle(
			(async () => {
				for await (const _ of result.textStream) c.abort();
			})(),
		);
		expect((await end()).calls).toBe(1);
	});
});

describe('fetch parity: request bodies that are not text', () => {
	const body = '{"model":"gpt-4o","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}';
	const streamOf = (text: string) => new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode(text)), controller.close()) });

	it('a stream, bytes or a blob: the same bytes sent, the requested model read, and an enforced budget prices the call', async () => {
		for (const make of [() => streamOf(body), () => new TextEncoder().encode(body), () => new TextEncoder().encode(body).buffer, () => new Blob([body])]) {
			const records: unknown[] = [];
			const tracker = createTracker({ budgets: [{ scope: 'session', limit: '1', mode: 'enforce' }] });
			tracker.on('call.recorded', (event) => records.push(event.record));
			const session = await tracker.startSession();
			const init = { method: 'POST', body: make(), duplex: 'half' } as RequestInit;
			expect(JSON.parse(await (await session.fetch(LLM('?body=echo'), init)).text()).body).toBe(body);
			await session.end('Success');
			expect(records[0]).toMatchObject({ requestedModel: 'gpt-4o' });
		}
	});
});

describe("fetch parity: the app's own init goes on", () => {
	it("a stream body keeps every init option fetch was given (undici's dispatcher: a proxy, a mock agent)", async () => {
		const seen: (RequestInit & { dispatcher?: unknown })[] = [];
		const upstream = (async (_input: RequestInfo | URL, init?: RequestInit) => {
			seen.push(init ?? {});
			await new Response(init?.body ?? null).text();
			return new Response('{"id":"c","object":"chat.completion","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}}', { headers: { 'content-type': 'application/json' } });
		}) as typeof globalThis.fetch;
		const records: unknown[] = [];
		const tracker = createTracker({ fetch: upstream });
		tracker.on('call.recorded', (event) => records.push(event.record));
		const session = await tracker.startSession();
		const dispatcher = { name: 'proxy-agent' };
		const init = { method: 'POST', body: new Blob(['{"model":"gpt-4o","messages":[]}']).stream(), duplex: 'half', dispatcher } as RequestInit;
		await (await session.fetch('https://api.openai.com/v1/chat/completions', init)).text();
		await session.end('Success');
		expect(seen[0]!.dispatcher).toBe(dispatcher);
		expect(records[0]).toMatchObject({ requestedModel: 'gpt-4o' });
	});
});

describe('fetch parity: includeUsage', () => {
	it("adds stream_options to the app's own body text, every other byte as the app wrote it", async () => {
		const seen: string[] = [];
		const capture = (async (_input: RequestInfo | URL, init?: RequestInit) => {
			seen.push(String(init?.body));
			return new Response('{}', { headers: { 'content-type': 'application/json' } });
		}) as typeof fetch;
		const session = await createTracker({ fetch: capture, includeUsage: true }).startSession();
		const body = '{"model":"gpt-4o","stream":true,"seed":9007199254740993,"temperature":1.0,"messages":[]}';
		await (await session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body })).text();
		await (await session.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{"model":"gpt-4o","stream":true,"stream_options":{}}' })).text();
		expect(seen).toEqual([
			'{"model":"gpt-4o","stream":true,"seed":9007199254740993,"temperature":1.0,"messages":[],"stream_options":{"include_usage":true}}',
			'{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true}}',
		]);
	});
});

describe('fetch parity: the upstream Response itself', () => {
	/** A tracker whose fetch hands each upstream Response to `seen` before tokentab gets it. */
	async function through(seen: Response[], wrap: (response: Response) => Response = (response) => response) {
		const events: TrackerEvent[] = [];
		const tracker = createTracker({
			fetch: async (input, init) => {
				const response = wrap(await fetch(input, init));
				seen.push(response);
				return response;
			},
			onEvent: (event) => events.push(event),
		});
		const session = await tracker.startSession();
		return { session, events, end: () => tracker.endSession(session.id, 'Success') };
	}

	it('the app gets the very object fetch returned, with no own property it can enumerate', async () => {
		const seen: Response[] = [];
		const { session, end } = await through(seen);
		const tracked = await session.fetch(LLM(), POST());
		expect(tracked).toBe(seen[0]);
		expect(Object.keys(tracked)).toEqual([]);
		expect(await tracked.json()).toEqual(JSON.parse(CHAT));
		expect(await end()).toMatchObject({ calls: 1, usage: { input: 14, output: 37 }, costKnown: true });
	});

	it('json(): the usage is read from the object the app received (no second parse)', async () => {
		const seen: Response[] = [];
		const { session, end } = await through(seen);
		const parse = JSON.parse;
		let parses = 0;
		JSON.parse = ((...args: Parameters<typeof JSON.parse>) => (parses++, parse(...args))) as typeof JSON.parse;
		try {
			const body = await (await session.fetch(LLM(), POST())).json();
			// The app changes what it got right away: the record holds what the server sent.
			body.usage.prompt_tokens = 0;
			expect(await end()).toMatchObject({ calls: 1, usage: { input: 14, output: 37 } });
		} finally {
			JSON.parse = parse;
		}
		// undici parses with JSON.parse; tokentab parses the request body (for estimates) at most: never the response again.
		expect(parses).toBeLessThanOrEqual(2);
	});

	it('bodyUsed before, during and after reading, through every consumer and the body', async () => {
		const { session } = await setup();
		for (const read of [(r: Response) => r.json(), (r: Response) => r.text(), (r: Response) => r.arrayBuffer(), (r: Response) => r.blob(), (r: Response) => r.body!.getReader().read()]) {
			const raw = await fetch(LLM(), POST());
			const tracked = await session.fetch(LLM(), POST());
			expect(tracked.bodyUsed).toBe(raw.bodyUsed);
			const [a, b] = [read(raw), read(tracked)];
			expect(tracked.bodyUsed).toBe(raw.bodyUsed);
			await Promise.all([a, b]);
			expect(tracked.bodyUsed).toBe(raw.bodyUsed);
		}
	});

	it.each([
		['json then text', (r: Response) => r.json(), (r: Response) => r.text()],
		['text then json', (r: Response) => r.text(), (r: Response) => r.json()],
		['arrayBuffer then arrayBuffer', (r: Response) => r.arrayBuffer(), (r: Response) => r.arrayBuffer()],
		[
			'body read then json',
			async (r: Response) => {
				const reader = r.body!.getReader();
				while (!(await reader.read()).done);
			},
			(r: Response) => r.json(),
		],
		['json then body', (r: Response) => r.json(), (r: Response) => r.body!.getReader()],
	])("a body read twice (%s): the runtime's own TypeError, the call recorded once", async (_name, first, second) => {
		const { session, end } = await setup();
		const raw = await fetch(LLM(), POST());
		const tracked = await session.fetch(LLM(), POST());
		await first(raw);
		await first(tracked);
		expect(await settle(async () => second(tracked))).toEqual(await settle(async () => second(raw)));
		expect(await end()).toMatchObject({ calls: 1, usage: { input: 14, output: 37 } });
	});

	it('clone() before reading: both read, or only the clone, recorded once', async () => {
		for (const readBoth of [true, false]) {
			const { session, end } = await setup();
			const raw = await fetch(LLM('?body=sse&chunk=9'), POST());
			const tracked = await session.fetch(LLM('?body=sse&chunk=9'), POST());
			const [rawCopy, copy] = [raw.clone(), tracked.clone()];
			expect(visible(copy)).toEqual(visible(rawCopy));
			expect(await copy.text()).toBe(await rawCopy.text());
			if (readBoth) expect(await tracked.text()).toBe(await raw.text());
			expect(await end()).toMatchObject({ calls: 1, usage: { input: 10, output: 4 } });
		}
	});

	it("clone() after reading: the runtime's own TypeError; after taking body without reading, a clone like raw", async () => {
		const { session, end } = await setup();
		const raw = await fetch(LLM(), POST());
		const tracked = await session.fetch(LLM(), POST());
		await raw.json();
		await tracked.json();
		expect(await settle(() => tracked.clone())).toEqual(await settle(() => raw.clone()));
		const raw2 = await fetch(LLM(), POST());
		const tracked2 = await session.fetch(LLM(), POST());
		expect(tracked2.body).not.toBeNull();
		void raw2.body;
		const [rawCopy, copy] = [raw2.clone(), tracked2.clone()];
		expect(await tracked2.text()).toBe(await raw2.text());
		expect(await copy.text()).toBe(await rawCopy.text());
		expect(await end()).toMatchObject({ calls: 2 });
	});

	it('response.body.getReader({ mode: "byob" }) works as on the runtime\'s own body', async () => {
		const { session, end } = await setup();
		const readAll = async (response: Response) => {
			const reader = response.body!.getReader({ mode: 'byob' });
			const parts: number[] = [];
			for (;;) {
				const { done, value } = await reader.read(new Uint8Array(7));
				if (done) break;
				parts.push(...value);
			}
			return new TextDecoder().decode(new Uint8Array(parts));
		};
		const raw = await fetch(LLM('?body=sse&chunk=13'), POST());
		const tracked = await session.fetch(LLM('?body=sse&chunk=13'), POST());
		expect(await readAll(tracked)).toBe(await readAll(raw));
		expect(tracked.body!.locked).toBe(raw.body!.locked);
		expect(await end()).toMatchObject({ calls: 1, usage: { input: 10, output: 4 } });
	});

	it("a runtime whose Response refuses own properties: today's wrapper, same bytes, identity and record", async () => {
		const seen: Response[] = [];
		const { session, end } = await through(seen, (response) => Object.preventExtensions(response));
		const tracked = await session.fetch(LLM('?body=sse'), POST());
		expect(tracked).not.toBe(seen[0]);
		expect(visible(tracked)).toEqual(visible(seen[0]!));
		expect(await tracked.text()).toBe(SSE.join('\n\n') + '\n\n');
		expect(await end()).toMatchObject({ calls: 1, usage: { input: 10, output: 4 } });
	});
});
