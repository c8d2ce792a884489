import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/model/record';
import { createTracker } from '../../src/index';
import { readBody } from '../support/test-server';

// Gateways that report the bill, from the response shapes their docs give, served by a local server.

/** What the next response carries: its usage object and headers. */
let next: { usage: Record<string, unknown>; headers?: Record<string, string> };

let server: ReturnType<typeof createServer>;
let origin: string;

beforeAll(async () => {
	server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
		const { model } = JSON.parse((await readBody(req)).toString('utf8')) as { model: string };
		const body = { id: 'gen-1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: next.usage };
		res.writeHead(200, { 'content-type': 'application/json', ...next.headers }).end(JSON.stringify(body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const toLocal: typeof fetch = (input, init) => {
	const url = new URL(input instanceof Request ? input.url : String(input));
	return fetch(`${origin}${url.pathname}${url.search}`, init);
};

async function call(baseURL: string, model: string): Promise<{ record: CallRecord; cost: string; costKnown: boolean }> {
	const records: CallRecord[] = [];
	const tracker = createTracker({ fetch: toLocal, onEvent: (event) => event.type === 'call.recorded' && records.push(event.record) });
	const session = await tracker.startSession();
	const client = new OpenAI({ apiKey: 'k', baseURL, fetch: session.fetch, maxRetries: 0 });
	await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
	const summary = await session.summary();
	return { record: records[0]!, cost: summary.cost.toFixed(), costKnown: summary.costKnown };
}

const tokens = { prompt_tokens: 194, completion_tokens: 2, total_tokens: 196, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };

describe('OpenRouter BYOK (https://openrouter.ai/docs/use-cases/usage-accounting)', () => {
	it("with the app's own key the cost is OpenRouter's fee plus the provider's charge, both kept", async () => {
		next = { usage: { ...tokens, cost: 0.00095, is_byok: true, cost_details: { upstream_inference_cost: 0.019 } } };
		const { record, cost } = await call('https://openrouter.ai/api/v1', 'openai/gpt-4o');
		expect(record).toMatchObject({ provider: 'openrouter', cost: '0.01995', costSource: 'provider', costDetails: { fee: '0.00095', upstream: '0.019' } });
		expect(cost).toBe('0.01995');
	});

	it("a BYOK call OpenRouter charged nothing for is the provider's charge, not a known $0", async () => {
		next = { usage: { ...tokens, cost: 0, is_byok: true, cost_details: { upstream_inference_cost: 0.019 } } };
		const { record } = await call('https://openrouter.ai/api/v1', 'openai/gpt-4o');
		expect(record).toMatchObject({ cost: '0.019', costDetails: { fee: '0', upstream: '0.019' } });
	});

	it('without is_byok the upstream cost repeats cost and is not added', async () => {
		next = { usage: { ...tokens, cost: 0.95, is_byok: false, cost_details: { upstream_inference_cost: 0.95 } } };
		const { record } = await call('https://openrouter.ai/api/v1', 'openai/gpt-4o');
		expect(record.cost).toBe('0.95');
		expect(record.costDetails).toBeUndefined();
	});
});

describe('LiteLLM proxy (https://docs.litellm.ai/docs/proxy/response_headers)', () => {
	it('x-litellm-response-cost is the provider-reported cost, on localhost and on a public host', async () => {
		for (const base of ['http://localhost:4000/v1', 'https://litellm.example.com/v1']) {
			next = { usage: tokens, headers: { 'x-litellm-response-cost': '0.000415' } };
			const { record, costKnown } = await call(base, 'house-model');
			expect(record, base).toMatchObject({ cost: '0.000415', costSource: 'provider' });
			expect(record.estimatedFrom).toBeUndefined();
			expect(costKnown).toBe(true);
		}
	});

	it('reads Python\'s exponent form exactly, and takes 0 (LiteLLM\'s "no price") as no cost', async () => {
		next = { usage: tokens, headers: { 'x-litellm-response-cost': '1.5e-05' } };
		expect((await call('http://localhost:4000/v1', 'gpt-4o')).record.cost).toBe('0.000015');
		next = { usage: tokens, headers: { 'x-litellm-response-cost': '0.0' } };
		const { record } = await call('http://localhost:4000/v1', 'house-model');
		expect(record.cost).toBeUndefined();
		expect(record.problem).toContain('unknown model');
	});
});
