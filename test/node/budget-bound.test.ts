import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetExceededError, type BudgetConfig, createTracker, type TrackerEvent, type TrackerOptions } from '../../src/index';
import { realUsage } from '../support/real-tokens';

const OPENAI = 'https://api.openai.com/v1/chat/completions';
const ANTHROPIC = 'https://api.anthropic.com/v1/messages';
/** test-model: $1 per million input tokens, $2 per million output, $4 per million 1-hour cache writes. */
const prices = { 'openai/test-model': { input: '1', output: '2' }, 'anthropic/test-claude': { input: '1', output: '2', cacheWrite5m: '1.25', cacheWrite1h: '4' } };

function setup(budget: Partial<BudgetConfig>, respond: (body: string) => Response, options: TrackerOptions = {}) {
	const events: TrackerEvent[] = [];
	let sent = 0;
	const tracker = createTracker({
		prices,
		budgets: [{ scope: 'session', limit: '1', mode: 'enforce', ...budget }],
		fetch: (async (_url: string, init: RequestInit) => {
			sent++;
			return respond(String(init.body));
		}) as typeof fetch,
		onEvent: (event) => events.push(event),
		...options,
	});
	return { tracker, events, sent: () => sent };
}

const chat = (usage: object) => new Response(JSON.stringify({ model: 'test-model', choices: [{ message: { content: 'ok' } }], usage }), { headers: { 'content-type': 'application/json' } });
const post = (session: { fetch: typeof fetch }, body: unknown, url = OPENAI) => session.fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((response) => response.text());
/** What a call would reserve: its refusal under a limit of $0 says. */
async function reservationOf(body: unknown, options: TrackerOptions = {}, url = OPENAI, budget: Partial<BudgetConfig> = {}): Promise<string | undefined> {
	const { tracker } = setup({ limit: '0', ...budget }, () => chat({}), options);
	const error = await post(await tracker.startSession(), body, url).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(BudgetExceededError);
	return (error as BudgetExceededError).estimate?.toFixed();
}

describe('the reservation is an upper bound of the bill', () => {
	it('fuzz: no request reserves less than gpt-4o then really bills for it at most (o200k tokens, framing, images, max_tokens × n)', async () => {
		const priceOf = createTracker();
		const session = await priceOf.startSession();
		const char = fc.oneof(
			fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
			fc.constantFrom('中', '文', 'の', '한', 'ع', 'я', '😀', '👨‍👩‍👧', '🇯🇵', ' ', '  ', '\n', '\t', 'a', 'Z', '7', '{', '=>', 'ab12', '\u0301', '\ufeff'),
		);
		const text = fc.string({ unit: char, maxLength: 300 });
		const part = fc.oneof(
			text.map((t) => ({ type: 'text', text: t })),
			fc.webUrl().map((url) => ({ type: 'image_url', image_url: { url } })),
			fc.base64String({ maxLength: 200 }).map((data) => ({ type: 'image_url', image_url: { url: `data:image/png;base64,${data}`, detail: 'high' } })),
		);
		const message = fc.record(
			{ role: fc.constantFrom('system', 'user', 'assistant', 'developer'), content: fc.oneof(text, fc.array(part, { maxLength: 4 })), name: fc.stringMatching(/^[a-z]{1,8}$/) },
			{ requiredKeys: ['role', 'content'] },
		);
		const request = fc.record({ messages: fc.array(message, { minLength: 1, maxLength: 5 }), max_tokens: fc.integer({ min: 0, max: 4096 }), n: fc.integer({ min: 1, max: 3 }) });
		await fc.assert(
			fc.asyncProperty(request, async (body) => {
				const reserved = await reservationOf({ model: 'gpt-4o', ...body });
				const real = realUsage(body);
				const cost = (await session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: real.prompt_tokens, output: real.completion_tokens } })).cost!;
				expect(new Big(reserved!).gte(cost)).toBe(true);
			}),
			{ numRuns: 1000, seed: 14 },
		);
	});

	it('fuzz: any JSON body is measured without an error, and reserves at least its framing', async () => {
		await fc.assert(
			fc.asyncProperty(fc.jsonValue({ maxDepth: 8 }), async (value) => {
				const reserved = await reservationOf(typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, model: 'gpt-4o' } : { model: 'gpt-4o', messages: value });
				// 16 tokens of framing × $2.50 at least.
				expect(new Big(reserved!).gte('0.00004')).toBe(true);
			}),
			{ numRuns: 300, seed: 14 },
		);
	});

	it('takes the cache-write price when the request asks to cache, and the 1-hour one for ttl 1h', async () => {
		const system = (cache?: object) => [{ type: 'text', text: 'x'.repeat(1000), ...(cache ? { cache_control: cache } : {}) }];
		const body = (cache?: object) => ({ model: 'test-claude', max_tokens: 0, system: system(cache), messages: [{ role: 'user', content: 'hi' }] });
		// 1000 + system, type, text, text, messages, role, user, content, hi = 1043 bytes + 16 + 1 message × 8 = 1067 tokens × $1.
		expect(await reservationOf(body(), {}, ANTHROPIC)).toBe('0.001067');
		// + cache_control, type, ephemeral = 1093 tokens, at the 5-minute write price ($1.25).
		expect(await reservationOf(body({ type: 'ephemeral' }), {}, ANTHROPIC)).toBe('0.00136625');
		// + ttl, 1h = 1098 tokens at the 1-hour write price ($4).
		expect(await reservationOf(body({ type: 'ephemeral', ttl: '1h' }), {}, ANTHROPIC)).toBe('0.004392');
	});

	it('takes each image at its provider’s ceiling, by URL, inline or by file id', async () => {
		const image = (part: object) => ({ model: 'gpt-4o', max_tokens: 0, messages: [{ role: 'user', content: [part] }] });
		// gpt-4o: 85 + 8 × 170 = 1445 tokens an image, whatever its source; the request's keys and framing besides.
		for (const part of [
			{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
			{ type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100_000)}` } },
			{ type: 'input_image', file_id: 'file-abc' },
		]) {
			const reserved = new Big((await reservationOf(image(part), {}, OPENAI, {}))!);
			expect(reserved.gte('0.0036125')).toBe(true); // 1445 × $2.50
			expect(reserved.lt('0.004')).toBe(true); // and not 100,000 base64 bytes
		}
	});

	it('finds images in Anthropic, Gemini and Bedrock shapes, and takes each provider’s ceiling', async () => {
		const png = 'iVBORw0KGgo'.repeat(1000);
		const cases: [string, (image: boolean) => unknown, number, string][] = [
			// Anthropic: ⌈2576 / 28⌉² = 8464 tokens at claude-sonnet-4-5's $3.
			[
				ANTHROPIC,
				(image) => ({
					model: 'claude-sonnet-4-5',
					max_tokens: 0,
					messages: [{ role: 'user', content: [{ type: 'text', text: 'what is it?' }, ...(image ? [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }] : [])] }],
				}),
				8464,
				'3',
			],
			// Gemini 2.5 documents no cap on its 258-token tiles: 10,000 tokens at $0.30.
			[
				'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
				(image) => ({
					contents: [{ role: 'user', parts: [{ text: 'what is it?' }, ...(image ? [{ inlineData: { mimeType: 'image/png', data: png } }] : [])] }],
					generationConfig: { maxOutputTokens: 0 },
				}),
				10_000,
				'0.3',
			],
		];
		for (const [url, body, ceiling, price] of cases) {
			const without = new Big((await reservationOf(body(false), {}, url))!);
			const withImage = new Big((await reservationOf(body(true), {}, url))!);
			expect(withImage.minus(without).gte(new Big(ceiling).times(price).div(1e6))).toBe(true);
			// The image's base64 bytes are not counted as text.
			expect(withImage.lt(without.plus(new Big(ceiling + 1000).times(price).times(2).div(1e6)))).toBe(true);
		}
	});

	it('reserves the context window for what the request cannot show: previous_response_id, audio, files', async () => {
		const responses = 'https://api.openai.com/v1/responses';
		// 2,097,152 × $2.50 = $5.24288 at least.
		for (const body of [
			{ model: 'gpt-4o', max_output_tokens: 0, previous_response_id: 'resp_123', input: 'and now?' },
			{ model: 'gpt-4o', max_output_tokens: 0, input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-pdf' }] }] },
			{ model: 'gpt-4o', max_output_tokens: 0, input: 'news?', tools: [{ type: 'web_search' }] },
		]) {
			expect(new Big((await reservationOf(body, {}, responses))!).gte('5.24288')).toBe(true);
		}
		// The app can name its model's window instead (gpt-4o: 128,000).
		expect(await reservationOf({ model: 'gpt-4o', max_output_tokens: 0, previous_response_id: 'resp_123', input: 'and now?' }, { unsizedInputTokens: 128_000 }, responses)).toBe('0.32');
	});
});

describe('both reserve modes in one tracker', () => {
	it('each budget reserves its own mode: the typical estimate is made when a budget asks for it, and the same as alone', async () => {
		const body = { model: 'test-model', max_tokens: 100, messages: [{ role: 'user', content: `${'中'.repeat(500)} the quick brown fox 12345` }] };
		const refusalUnder = async (budgets: BudgetConfig[]) => {
			const tracker = createTracker({ prices, budgets, fetch: (async () => chat({})) as typeof fetch });
			const error = await post(await tracker.startSession({ userId: 'u' }), body).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(BudgetExceededError);
			return { budget: (error as BudgetExceededError).budget, estimate: (error as BudgetExceededError).estimate!.toFixed() };
		};
		const alone = { bound: await reservationOf(body), typical: await reservationOf(body, {}, OPENAI, { reserve: 'typical' }) };
		// 1500 bytes of Han, 26 of ASCII text, 23 of keys, framing 16 + 8: (1573 × $1 + 100 × $2) per million.
		expect(alone.bound).toBe('0.001773');
		expect(new Big(alone.typical!).lt(alone.bound!)).toBe(true);
		const roomy = '1000';
		expect(
			await refusalUnder([
				{ name: 'roomy', scope: 'session', limit: roomy, mode: 'enforce', reserve: 'typical' },
				{ name: 'tight', scope: 'user', window: 'day', limit: '0', mode: 'enforce' },
			]),
		).toEqual({ budget: 'tight', estimate: alone.bound });
		expect(
			await refusalUnder([
				{ name: 'roomy', scope: 'session', limit: roomy, mode: 'enforce' },
				{ name: 'tight', scope: 'user', window: 'day', limit: '0', mode: 'enforce', reserve: 'typical' },
			]),
		).toEqual({ budget: 'tight', estimate: alone.typical });
	});
});

describe('countTokens', () => {
	it('an exact counter, sync or async, replaces the input side; output stays max_tokens', async () => {
		const body = { model: 'test-model', max_tokens: 100, messages: [{ role: 'user', content: '中'.repeat(1000) }] };
		const seen: unknown[] = [];
		const count = (request: { provider: string; model: string | undefined; body: unknown }) => {
			seen.push(request);
			return 1000;
		};
		// 1000 × $1 + 100 × $2.
		expect(await reservationOf(body, { countTokens: count })).toBe('0.0012');
		expect(await reservationOf(body, { countTokens: async () => 1000 })).toBe('0.0012');
		expect(seen[0]).toMatchObject({ provider: 'openai', model: 'test-model', body });
	});

	it('a counter that fails is an event, and the bound is reserved', async () => {
		const { tracker, events } = setup({ limit: '0' }, () => chat({}), { countTokens: () => Promise.reject(new Error('count-tokens endpoint down')) });
		const error = await post(await tracker.startSession(), { model: 'test-model', max_tokens: 0, messages: [{ role: 'user', content: 'x'.repeat(100) }] }).catch((e: unknown) => e);
		// 100 + messages, role, user, content = 123 bytes + 24 = 147 tokens.
		expect((error as BudgetExceededError).estimate?.toFixed()).toBe('0.000147');
		expect(events.find((event) => event.type === 'tracker.error')).toMatchObject({ error: { message: 'count-tokens endpoint down' } });
		await expect(async () => createTracker({ countTokens: 5 as never })).rejects.toThrow(/countTokens must be a function/);
		await expect(async () => createTracker({ unsizedInputTokens: -1 })).rejects.toThrow(/unsizedInputTokens/);
	});
});

describe('settling', () => {
	it('a call whose cost is unknown keeps its reservation: it settles at its worst case, not $0', async () => {
		const { tracker, sent } = setup({ limit: '0.005' }, () => new Response('not json at all', { headers: { 'content-type': 'application/json' } }));
		const session = await tracker.startSession();
		const body = { model: 'test-model', max_tokens: 1000, messages: [{ role: 'user', content: 'x'.repeat(100) }] };
		// Worst case: 147 + 1000 × 2 = 2147 → 0.002147. Two fit in 0.005 while unknown; a third does not.
		await post(session, body);
		await post(session, body);
		await expect(post(session, body)).rejects.toMatchObject({ spent: new Big('0.004294') });
		expect(sent()).toBe(2);
		expect(await session.summary()).toMatchObject({ calls: 2, costKnown: false });
	});

	it('a call that costs more than it reserved is an event, and the budget refuses until it is under its limit again', async () => {
		// 'typical' reserves 2 + 4 + 0 = 6 tokens for "hi"; the upstream says 5000 prompt tokens.
		const { tracker, events, sent } = setup({ limit: '0.004', reserve: 'typical', window: 'session' }, () => chat({ prompt_tokens: 5000, completion_tokens: 0 }));
		const session = await tracker.startSession();
		const body = { model: 'test-model', max_tokens: 0, messages: [{ role: 'user', content: 'hi' }] };
		await post(session, body);
		await session.summary();
		const exceeded = events.find((event) => event.type === 'budget.reservation.exceeded');
		expect(exceeded).toMatchObject({ budget: 'session/session', reserved: new Big('0.000005'), cost: new Big('0.005') });
		await expect(post(session, body)).rejects.toBeInstanceOf(BudgetExceededError);
		expect(sent()).toBe(1);
	});
});

describe('app-supplied JSON of any depth', () => {
	it('a body nested 10,000 levels deep, under an enforced budget, a stream without usage: sent, recorded, estimated', async () => {
		// Written out: JSON.stringify itself recurses, and overflows at this depth.
		const nested = `${'['.repeat(10_000)}"deep"${']'.repeat(10_000)}`;
		const stream = 'data: {"model":"test-model","choices":[{"delta":{"content":"hello"}}]}\n\ndata: [DONE]\n\n';
		const { tracker, events, sent } = setup({ limit: '1' }, () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } }));
		const session = await tracker.startSession();
		await (await session.fetch(OPENAI, { method: 'POST', body: `{"model":"test-model","stream":true,"max_tokens":10,"messages":[{"role":"user","content":${nested}}]}` })).text();
		const summary = await session.end('Success');
		expect(sent()).toBe(1);
		expect(summary).toMatchObject({ calls: 1, estimatedCalls: 1, costKnown: true });
		expect(summary.costUpper!.gte(summary.cost)).toBe(true);
		expect(events.filter((event) => event.type === 'tracker.error')).toEqual([]);
	});
});
