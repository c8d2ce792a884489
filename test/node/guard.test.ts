import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExceededError, createTracker, type TrackerEvent } from '../../src/index';
import { attempt } from '../../src/tracker/guard';
import { guardReservation } from '../../src/tracker/reservation-guard';
import { peekString } from '../../src/providers/peek';
import { readBody } from '../support/test-server';

/** An OpenAI-style upstream that streams a reply without usage, and counts the bytes it was sent. */
const received: number[] = [];
const server = createServer(async (req, res) => {
	received.push((await readBody(req)).byteLength);
	res.writeHead(200, { 'content-type': 'text/event-stream' });
	res.end('data: {"id":"c","object":"chat.completion.chunk","model":"test-model","choices":[{"index":0,"delta":{"content":"hello there"}}]}\n\ndata: [DONE]\n\n');
});
let base = '';
beforeAll(async () => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const prices = { 'openai/test-model': { input: '1', output: '2' } };
/** `messages[0].content` nested 10,000 levels deep. */
const deep = `{"model":"test-model","stream":true,"max_tokens":100,"messages":[{"role":"user","content":${'['.repeat(10_000)}"hi"${']'.repeat(10_000)}}]}`;

function setup(limit: string) {
	const events: TrackerEvent[] = [];
	const tracker = createTracker({ prices, budgets: [{ scope: 'session', limit, mode: 'enforce' }], onEvent: (event) => events.push(event) });
	return { tracker, events };
}

describe('only a BudgetExceededError reaches the app', () => {
	it('a body nested 10,000 levels deep under an enforced budget: the app gets its response and the call is recorded', async () => {
		const { tracker, events } = setup('1');
		const session = await tracker.startSession();
		const response = await session.fetch(`${base}/v1/chat/completions`, { method: 'POST', body: deep });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('hello there');
		expect(received.at(-1)).toBe(new TextEncoder().encode(deep).byteLength);
		expect((await session.summary()).calls).toBe(1);
		expect(events.some((event) => event.type === 'call.recorded')).toBe(true);
	});
});

describe('the guard on the request path', () => {
	const refusal = new BudgetExceededError({ budget: 'b', scope: 'session', key: 's', window: 'session', limit: new Big('1'), spent: new Big('1'), reserved: new Big('0'), estimate: new Big('1') });

	it('fails open when the bound cannot be reserved either: the call goes on with nothing reserved, and both failures are errors', async () => {
		const errors: unknown[] = [];
		const broken = async (_call: string): Promise<never> => {
			throw new TypeError('broken');
		};
		await expect(guardReservation(broken, broken, 'nothing', (error) => errors.push(error))('call')).resolves.toBe('nothing');
		expect(errors.map((error) => (error as Error).message)).toEqual([expect.stringContaining('reserved the bound'), expect.stringContaining('nothing reserved')]);
	});

	it('lets a BudgetExceededError through, from the estimate or from the bound', async () => {
		const refuse = async (_call: string): Promise<never> => {
			throw refusal;
		};
		const broken = async (_call: string): Promise<never> => {
			throw new TypeError('broken');
		};
		await expect(guardReservation(refuse, broken, [], () => {})('call')).rejects.toBe(refusal);
		await expect(guardReservation(broken, refuse, [], () => {})('call')).rejects.toBe(refusal);
		expect(attempt(() => 1)).toEqual({ ok: true, value: 1 });
	});
});

describe('walks over app-supplied JSON outside the estimate are iterative', () => {
	it('record() with a body nested 10,000 levels deep, and the model scan of such a body', async () => {
		const tracker = createTracker({ prices });
		const session = await tracker.startSession();
		const body = `{"model":"test-model","deep":${'['.repeat(10_000)}1${']'.repeat(10_000)},"usage":{"prompt_tokens":10,"completion_tokens":5}}`;
		await session.record({ provider: 'openai', body });
		await session.record({ provider: 'openai', body: JSON.parse(body) });
		const summary = await session.summary();
		expect(summary.calls).toBe(2);
		expect(summary.cost.toFixed()).toBe('0.00004');
		expect(peekString(body, 'model')).toBe('test-model');
		expect(peekString(deep, 'model')).toBe('test-model');
	});
});
