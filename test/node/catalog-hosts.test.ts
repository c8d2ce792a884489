import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Big from 'big.js';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracker as createCoreTracker } from '../../src/core';
import { type CallRecord, createTracker, type TrackerEvent } from '../../src/index';
import { InvalidArgumentError } from '../../src/errors/InvalidArgumentError';
import { bundledCatalog } from '../../src/pricing/catalog';
import { decodeCatalog } from '../../src/pricing/format';
import type { PricePeriod } from '../../src/pricing/types';
import { readBody } from '../support/test-server';

// Generated from the catalog: every provider's base URLs, each answered by a local server in the
// provider's wire format through a fetch that maps the provider's host to it. No network is touched.

const AT = Date.parse('2026-12-01T12:00:00Z');
const TOKENS = { input: 1200, output: 345 };

/** Providers of the catalog with no chat-style API, and why. */
const NOT_CHAT: Record<string, string> = { cursor: "api.cursor.com is Cursor's admin API: its models are billed in the editor" };

/** The path of a chat call in each provider's native format (every other provider speaks OpenAI's). */
function chatPath(provider: string, model: string): string {
	if (provider === 'anthropic') return '/v1/messages';
	if (provider === 'google') return `/v1beta/models/${model}:generateContent`;
	if (provider === 'bedrock') return `/model/${encodeURIComponent(model)}/converse`;
	if (provider === 'cohere') return '/v2/chat';
	if (provider === 'cloudflare') return '/client/v4/accounts/acct/ai/v1/chat/completions';
	return '/v1/chat/completions';
}

/** A response in the wire format of `path`, for `model`, with TOKENS as its usage. */
function respond(path: string, model: string): unknown {
	const { input, output } = TOKENS;
	if (path.endsWith('/v1/messages'))
		return { type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: input, output_tokens: output } };
	if (path.endsWith(':generateContent'))
		return {
			candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }],
			usageMetadata: { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output },
			modelVersion: model,
		};
	if (path.endsWith('/converse'))
		return { output: { message: { role: 'assistant', content: [{ text: 'hi' }] } }, stopReason: 'end_turn', usage: { inputTokens: input, outputTokens: output, totalTokens: input + output } };
	if (path.endsWith('/v2/chat'))
		return {
			id: 'c1',
			finish_reason: 'COMPLETE',
			message: { role: 'assistant', content: [{ type: 'text', text: 'hi' }] },
			usage: { billed_units: { input_tokens: input, output_tokens: output }, tokens: { input_tokens: input, output_tokens: output } },
		};
	if (path.endsWith('/embeddings')) return { object: 'list', data: [{ object: 'embedding', embedding: [0.1], index: 0 }], model, usage: { total_tokens: input } };
	return {
		id: 'x',
		object: 'chat.completion',
		created: 1,
		model,
		choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
		usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
	};
}

let server: ReturnType<typeof createServer>;
let origin: string;

beforeAll(async () => {
	server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
		const body = (await readBody(req)).toString('utf8');
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		const fromPath = /\/models\/([^/:]+):|\/model\/([^/]+)\//.exec(path);
		const model = fromPath ? decodeURIComponent(fromPath[1] ?? fromPath[2]!) : (JSON.parse(body) as { model: string }).model;
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(respond(path, model)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends every request to the local server, keeping its path and query. */
const toLocal: typeof fetch = (input, init) => {
	const url = new URL(input instanceof Request ? input.url : String(input));
	return fetch(`${origin}${url.pathname}${url.search}`, init);
};

/** The period of a model in force at AT. */
function periodAt(prices: PricePeriod | PricePeriod[]): PricePeriod {
	const periods = Array.isArray(prices) ? prices : [prices];
	return periods.filter((period) => period.since === undefined || Date.parse(period.since) <= AT).at(-1)!;
}

/**
 * A model of the provider priced by input and output alone (no tiers, windows or fees), with those
 * prices; for a provider of embeddings only (no output price), an embedding model.
 */
function plainModel(provider: string): { id: string; input: string; output?: string } | undefined {
	let embedding: { id: string; input: string } | undefined;
	for (const [id, model] of Object.entries(bundledCatalog.models[provider]!)) {
		const period = periodAt(model.prices);
		if (period.input === undefined || period.hours || period.tiers || period.request) continue;
		if (period.output !== undefined) return { id, input: period.input, output: period.output };
		embedding ??= { id, input: period.input };
	}
	return embedding;
}

/** A URL a rule matches: a suffix gets a label in front, a path prefix is kept. */
function baseOf(rule: string): string {
	const slash = rule.indexOf('/');
	const host = slash === -1 ? rule : rule.slice(0, slash);
	return `https://${host.startsWith('.') ? `api-eu${host}` : host}${slash === -1 ? '' : rule.slice(slash)}`;
}

const cases = Object.entries(bundledCatalog.urls!)
	.filter(([provider]) => !NOT_CHAT[provider])
	.flatMap(([provider, rules]) => rules.map((rule) => [provider, rule] as const));

describe('every provider of the catalog, at each of its base URLs', () => {
	it('covers every provider with URL rules', () => {
		const providers = Object.keys(bundledCatalog.models);
		expect(providers.filter((p) => !bundledCatalog.urls![p])).toEqual([]);
		expect(new Set(cases.map(([p]) => p)).size).toBe(providers.length - Object.keys(NOT_CHAT).length);
	});

	it.each(cases)('%s at %s: recorded as that provider, priced from its own rows', async (provider, rule) => {
		const model = plainModel(provider);
		expect(model, `${provider} has a model priced by input and output`).toBeDefined();
		const tracker = createTracker({ fetch: toLocal, now: () => AT });
		const session = await tracker.startSession();
		const path = model!.output === undefined ? '/v1/embeddings' : chatPath(provider, model!.id);
		const response = await session.fetch(`${baseOf(rule)}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ model: model!.id, messages: [{ role: 'user', content: 'hi' }] }),
		});
		await response.text();
		const summary = await session.summary();
		const record = summary.byModel[0]!;
		expect(record.provider).toBe(provider);
		const expected = new Big(model!.input)
			.times(TOKENS.input)
			.plus(new Big(model!.output ?? 0).times(model!.output === undefined ? 0 : TOKENS.output))
			.div(1_000_000);
		expect(summary.costKnown).toBe(true);
		expect(summary.cost.eq(expected), `${summary.cost} = ${expected}`).toBe(true);
	});
});

describe('an unknown host never borrows a price', () => {
	const chat = (baseURL: string, providers?: { match: string; provider: string }[]) => {
		const events: TrackerEvent[] = [];
		const tracker = createTracker({ fetch: toLocal, now: () => AT, onEvent: (event) => events.push(event), ...(providers ? { providers } : {}) });
		return {
			events,
			tracker,
			run: async () => {
				const session = await tracker.startSession();
				const client = new OpenAI({ apiKey: 'k', baseURL, fetch: session.fetch, maxRetries: 0 });
				await client.chat.completions.create({ model: 'gpt-oss-120b', messages: [{ role: 'user', content: 'hi' }] });
				return session.summary();
			},
		};
	};
	const row = (provider: string) => periodAt(bundledCatalog.models[provider]!['gpt-oss-120b']!.prices);
	const costAt = (period: PricePeriod) => new Big(period.input!).times(TOKENS.input).plus(new Big(period.output!).times(TOKENS.output)).div(1_000_000);

	it("api.cerebras.ai serving gpt-oss-120b is priced from Cerebras' row", async () => {
		const summary = await chat('https://api.cerebras.ai/v1').run();
		expect(summary.byModel[0]!.provider).toBe('cerebras');
		expect(summary.costKnown).toBe(true);
		expect(summary.cost.eq(costAt(row('cerebras')))).toBe(true);
		expect(row('cerebras').input).not.toBe(row('openai').input);
	});

	it("a public host no catalog names is recorded as itself, its cost an estimate from the path's owner, flagged, never known", async () => {
		const { events, run } = chat('https://llm.example.com/v1');
		const summary = await run();
		const recorded = events.find((event) => event.type === 'call.recorded');
		const record = recorded?.type === 'call.recorded' ? recorded.record : undefined;
		expect(record).toMatchObject({ provider: 'llm.example.com', estimatedFrom: 'openai', priceKey: 'openai/gpt-oss-120b', costSource: 'catalog' });
		expect(summary.costKnown).toBe(false);
		expect(summary.byModel[0]!.costKnown).toBe(false);
		expect(summary.costEstimatedCalls).toBe(1);
		expect(summary.cost.eq(costAt(row('openai')))).toBe(true);
		expect(events.find((event) => event.type === 'call.cost-estimated')).toMatchObject({ register: { match: 'llm.example.com', provider: 'openai' } });
	});

	it('the registration the event names makes it exact', async () => {
		const summary = await chat('https://llm.example.com/v1', [{ match: 'llm.example.com', provider: 'cerebras' }]).run();
		expect(summary).toMatchObject({ costKnown: true, costEstimatedCalls: 0 });
		expect(summary.cost.eq(costAt(row('cerebras')))).toBe(true);
	});

	it("a model the path's owner does not price stays unpriced, its problem naming the registration", async () => {
		const { events, tracker } = chat('https://llm.example.com/v1');
		const session = await tracker.startSession();
		const client = new OpenAI({ apiKey: 'k', baseURL: 'https://llm.example.com/v1', fetch: session.fetch, maxRetries: 0 });
		await client.chat.completions.create({ model: 'house-model-7b', messages: [{ role: 'user', content: 'hi' }] });
		const summary = await session.summary();
		expect(summary).toMatchObject({ costKnown: false, unpricedCalls: 1 });
		const unpriced = events.find((event) => event.type === 'call.unpriced');
		expect(unpriced?.type === 'call.unpriced' && unpriced.reason).toContain("providers: [{ match: 'llm.example.com'");
	});

	it("a loopback or private address is the path's owner, priced exactly", async () => {
		for (const base of ['http://127.0.0.1:4000/v1', 'http://10.1.2.3/v1', 'http://[::1]:8080/v1', 'http://litellm.localhost/v1']) {
			const summary = await chat(base).run();
			expect(summary.byModel[0]!.provider, base).toBe('openai');
			expect(summary.costKnown, base).toBe(true);
		}
	});

	it("Hugging Face's router names the provider in the model (`:cerebras`): priced from that provider's rows", async () => {
		const model = plainModel('huggingface_cerebras')!;
		const tracker = createTracker({ fetch: toLocal, now: () => AT });
		const session = await tracker.startSession();
		const client = new OpenAI({ apiKey: 'k', baseURL: 'https://router.huggingface.co/v1', fetch: session.fetch, maxRetries: 0 });
		await client.chat.completions.create({ model: `${model.id}:cerebras`, messages: [{ role: 'user', content: 'hi' }] });
		const summary = await session.summary();
		expect(summary.byModel[0]!.provider).toBe('huggingface_cerebras');
		expect(summary.costKnown).toBe(true);
		expect(summary.cost.eq(new Big(model.input).times(TOKENS.input).plus(new Big(model.output!).times(TOKENS.output)).div(1_000_000))).toBe(true);
	});

	it("a catalog's JSON carries plain URL rules, never a pattern run at call time", () => {
		const json = (url: unknown) => ({ schema: 1, version: 'v', providers: { acme: { url, m: [['acme-1', 'i1 o2']] } } });
		expect(decodeCatalog(json(['inference.acme.example', '.acme.example', 'router.example.com/acme'])).urls).toEqual({ acme: ['inference.acme.example', '.acme.example', 'router.example.com/acme'] });
		for (const bad of [['api\\.acme\\.ai'], ['https://api.acme.ai'], ['*.acme.ai'], ['api.acme.ai/v1/(chat|x)'], 'api.acme.ai']) {
			expect(() => decodeCatalog(json(bad)), JSON.stringify(bad)).toThrow(InvalidArgumentError);
		}
	});

	it('a loaded catalog that adds a provider routes it with no code change', async () => {
		const catalog = {
			...bundledCatalog,
			models: { ...bundledCatalog.models, acme: { 'acme-1': { prices: { input: '1', output: '2' } } } },
			urls: { ...bundledCatalog.urls, acme: ['inference.acme.example'] },
		};
		const tracker = createTracker({ fetch: toLocal, now: () => AT, catalog });
		const session = await tracker.startSession();
		const client = new OpenAI({ apiKey: 'k', baseURL: 'https://inference.acme.example/v1', fetch: session.fetch, maxRetries: 0 });
		await client.chat.completions.create({ model: 'acme-1', messages: [{ role: 'user', content: 'hi' }] });
		const summary = await session.summary();
		expect(summary.byModel[0]!.provider).toBe('acme');
		expect(summary.cost.eq(new Big(TOKENS.input).plus(2 * TOKENS.output).div(1_000_000))).toBe(true);
	});

	it('prices as shipped (not yet decoded) route by their URL rules; one rule that is not text refuses the data, never the call', async () => {
		const shipped = (url: unknown[]) => ({ schema: 1 as const, version: 'acme-1', providers: { acme: { url: url as string[], m: [['acme-1', 'i1 o2'] as [string, string]] } } });
		const call = async (catalog: ReturnType<typeof shipped>) => {
			const records: CallRecord[] = [];
			const onEvent = (event: TrackerEvent) => void (event.type === 'call.recorded' && records.push(event.record));
			const session = await createCoreTracker({ fetch: toLocal, now: () => AT, catalog, onEvent }).startSession();
			const client = new OpenAI({ apiKey: 'k', baseURL: 'https://inference.acme.example/v1', fetch: session.fetch, maxRetries: 0 });
			const completion = await client.chat.completions.create({ model: 'acme-1', messages: [{ role: 'user', content: 'hi' }] });
			return { completion, summary: await session.summary(), record: records[0]! };
		};
		const good = await call(shipped(['inference.acme.example']));
		expect(good.summary.byModel[0]!.provider).toBe('acme');
		expect(good.summary.cost.eq(new Big(TOKENS.input).plus(2 * TOKENS.output).div(1_000_000))).toBe(true);
		const bad = await call(shipped(['inference.acme.example', 42]));
		expect(bad.completion).toEqual(good.completion);
		expect([bad.record.provider, bad.record.unpriced?.reason]).toEqual(['acme', 'invalid-prices']);
	});
});
