// The server for real: a real redis-server, the official OpenAI SDK against a fake upstream that
// answers with a recorded gpt-4o completion, requests over HTTP, and a restart on the same Redis.
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import Big from 'big.js';
import { bundledCatalog, type PricePeriod } from 'tokentab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, configFromEnv } from '../src/config.js';
import { type RunningServer, startServer } from '../src/server.js';
import { COMPLETION, type FakeOpenAI, startFakeOpenAI } from './support/fake-openai.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

let redis: RedisServer;
let upstream: FakeOpenAI;
let server: RunningServer;
const spans = new InMemorySpanExporter();

const configWith = (env: Record<string, string>): Config =>
	configFromEnv({ PORT: '0', REDIS_URL: redis.url, OPENAI_BASE_URL: upstream.baseURL, OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'gpt-4o', MAX_OUTPUT_TOKENS: '16', ...env });

beforeAll(async () => {
	[redis, upstream] = await Promise.all([startRedisServer(), startFakeOpenAI()]);
	server = await startServer(configWith({ DAILY_BUDGET_USD: '0.01' }), { spanExporter: spans });
});

afterAll(async () => {
	await server?.close();
	await Promise.all([redis?.stop(), upstream?.stop()]);
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: response.status, json: (await response.json()) as any };
}

async function get(path: string) {
	const response = await fetch(`${server.url}${path}`);
	return { status: response.status, json: (await response.json()) as any };
}

/** gpt-4o's price for this fixture's usage, by hand from the bundled catalog's per-million rates. */
function expectedCost(): string {
	const { usage } = JSON.parse(COMPLETION) as { usage: { prompt_tokens: number; completion_tokens: number } };
	const periods = bundledCatalog.models.openai!['gpt-4o']!.prices;
	const now = [periods]
		.flat()
		.filter((period: PricePeriod) => !period.since || Date.parse(period.since) <= Date.now())
		.at(-1)!;
	return new Big(usage.prompt_tokens).times(now.input!).plus(new Big(usage.completion_tokens).times(now.output!)).div(1_000_000).toFixed();
}

describe('examples/node-server', () => {
	it('records a call through the OpenAI SDK, priced exactly, and GET /cost/:user returns it as a decimal string', async () => {
		const cost = expectedCost();
		expect(cost).toBe('0.00007'); // 20 × $2.50 + 2 × $10 per million tokens

		const chat = await post('/chat', { message: 'Say hi in Portuguese' }, { 'x-user': 'alice' });
		expect(chat.status).toBe(200);
		expect(chat.json).toMatchObject({ user: 'alice', reply: 'Oi!', model: 'gpt-4o-2024-08-06', usage: { prompt_tokens: 20, completion_tokens: 2 }, userCost: cost });
		expect(upstream.requests).toHaveLength(1);
		expect(upstream.requests[0]).toMatchObject({ path: '/v1/chat/completions', authorization: 'Bearer sk-test', body: { model: 'gpt-4o', max_completion_tokens: 16 } });

		const stored = await get('/cost/alice');
		expect(stored).toEqual({ status: 200, json: { user: 'alice', cost, calls: 1, costKnown: true } });
		expect(typeof stored.json.cost).toBe('string');

		// The same call as an OpenTelemetry GenAI span, its cost a decimal string.
		const span = spans.getFinishedSpans().find((s) => s.attributes['user.id'] === 'alice');
		expect(span?.name).toBe('chat gpt-4o');
		expect(span?.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 2, 'tokentab.cost': cost, 'session.id': 'user:alice' });
	});

	it('takes the user from the JSON body too, and refuses a request without one', async () => {
		const chat = await post('/chat', { user: 'bob', message: 'Hi' });
		expect(chat.status).toBe(200);
		expect((await get('/cost/bob')).json).toMatchObject({ cost: expectedCost(), calls: 1 });
		expect((await post('/chat', { message: 'Hi' })).status).toBe(400);
		expect((await get('/cost/not%20a%20user')).status).toBe(400);
		expect((await get('/cost/nobody')).json).toEqual({ user: 'nobody', cost: '0', calls: 0, costKnown: true });
	});

	it('answers 402 with the figures when a request would pass the daily budget, and sends nothing upstream', async () => {
		const sent = upstream.requests.length;
		// About 5,000 bytes of input: its worst case at gpt-4o's input price is over $0.01.
		const refused = await post('/chat', { message: 'ab '.repeat(1_700) }, { 'x-user': 'carol' });
		expect(refused.status).toBe(402);
		expect(refused.json.error).toMatchObject({ type: 'budget_exceeded', budget: { userId: 'carol', limit: '0.01', spent: '0' } });
		expect(new Big(refused.json.error.budget.estimate).gt('0.01')).toBe(true);
		expect(refused.json.error.message).toContain('Nothing was sent upstream');
		expect(upstream.requests).toHaveLength(sent);
		expect((await get('/cost/carol')).json).toMatchObject({ cost: '0', calls: 0 });
	});

	it('keeps costs and the day’s spending in Redis across a restart: a lower budget then stops alice', async () => {
		await server.close();
		server = await startServer(configWith({ DAILY_BUDGET_USD: '0.00007' }));
		const cost = expectedCost();
		expect((await get('/cost/alice')).json).toEqual({ user: 'alice', cost, calls: 1, costKnown: true });

		// alice spent $0.00007 today before the restart: the new process reads that from Redis.
		const sent = upstream.requests.length;
		const refused = await post('/chat', { message: 'Again?' }, { 'x-user': 'alice' });
		expect(refused.status).toBe(402);
		expect(refused.json.error.budget).toMatchObject({ userId: 'alice', limit: '0.00007', spent: cost });
		expect(upstream.requests).toHaveLength(sent);
		expect((await get('/cost/alice')).json).toMatchObject({ cost, calls: 1 });
	});
});
