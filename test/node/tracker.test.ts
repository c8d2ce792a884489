import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { createTracker, InvalidArgumentError, memoryStore, type Store, type TrackerEvent, UnknownSessionError } from '../../src/index';
import { validateCustomPrices } from '../../src/pricer';

function collect() {
	const events: TrackerEvent[] = [];
	return { events, onEvent: (event: TrackerEvent) => events.push(event) };
}

describe('sessions', () => {
	it('ends with an exact Big cost, per model, and toJSON gives decimal strings', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession({ id: 'chat-1', userId: 'u1', tags: { team: 'a' } });
		// gpt-4o: 1000 prompt of which 800 cached, 500 out: 200×2.5 + 800×1.25 + 500×10 = 6500 → 0.0065
		// (tokenlens prices the whole prompt at 2.5 and the cache again: 0.0085.)
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 800 } } });
		// claude-haiku-4-5: 100 in, 2000 5m writes, 1000 1h writes, 3000 reads, 10 out:
		// 100×1 + 2000×1.25 + 1000×2 + 3000×0.1 + 10×5 = 100 + 2500 + 2000 + 300 + 50 = 4950 → 0.00495
		await session.record({
			provider: 'anthropic',
			model: 'claude-haiku-4-5',
			usage: {
				input_tokens: 100,
				cache_creation_input_tokens: 3000,
				cache_read_input_tokens: 3000,
				cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
				output_tokens: 10,
			},
		});
		const summary = await tracker.endSession(session.id, 'Success', 'done');
		expect(summary.cost).toBeInstanceOf(Big);
		expect(summary.cost.toFixed()).toBe('0.01145');
		expect(summary).toMatchObject({ id: 'chat-1', userId: 'u1', tags: { team: 'a' }, endState: 'Success', reason: 'done', calls: 2, unpricedCalls: 0, costKnown: true });
		expect(summary.usage).toEqual({ input: 300, cacheRead: 3800, cacheWrite5m: 2000, cacheWrite1h: 1000, output: 510 });
		expect(summary.byModel.map((model) => [model.model, model.cost.toFixed()])).toEqual([
			['gpt-4o', '0.0065'],
			['claude-haiku-4-5', '0.00495'],
		]);
		const json = JSON.parse(JSON.stringify(summary));
		expect(json.cost).toBe('0.01145');
		expect(json.byModel[1].cost).toBe('0.00495');
		expect(typeof json.endedAt).toBe('string');
	});

	it('adds exactly where floats would not: 0.1 + 0.2 style sums stay exact', async () => {
		const tracker = createTracker({ prices: { 'acme/m': { input: '0.1', output: '0.2' } } });
		const session = await tracker.startSession();
		for (let i = 0; i < 10; i++) await session.record({ provider: 'acme', model: 'm', usage: { input: 1_000_000, output: 1_000_000 } });
		expect((await session.cost()).toFixed()).toBe('3');
	});

	it('says unknown, not $0, for a model it cannot price', async () => {
		const { events, onEvent } = collect();
		const tracker = createTracker({ onEvent });
		const session = await tracker.startSession();
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 10, completion_tokens: 10 } });
		const record = await session.record({ provider: 'openai', model: 'gpt-99-ultra', usage: { prompt_tokens: 10, completion_tokens: 10 } });
		expect(record.cost).toBeUndefined();
		expect(record.problem).toMatch(/^unknown model openai\/gpt-99-ultra; /);
		const summary = await session.end('Fail');
		expect(summary.costKnown).toBe(false);
		expect(summary.unpricedCalls).toBe(1);
		expect(summary.cost.toFixed()).toBe('0.000125');
		expect(summary.byModel.find((model) => model.model === 'gpt-99-ultra')?.costKnown).toBe(false);
		expect(events.filter((event) => event.type === 'call.unpriced')).toMatchObject([{ reason: record.problem }]);
	});

	it('leaves a call unpriced when a bucket has no price (audio on a text-only entry)', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession();
		const record = await session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { audio_tokens: 50 } } });
		expect(record.usage).toEqual({ input: 50, inputAudio: 50, output: 1 });
		expect(record.cost).toBeUndefined();
		expect(record.problem).toMatch(/^no price for inputAudio in openai\/gpt-4o; /);
	});

	it('prices the served snapshot through its family, and records both models', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession();
		const record = await session.record({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', usage: { input_tokens: 100_000 } });
		expect(record.priceKey).toBe('anthropic/claude-sonnet-4');
		expect(record.cost).toBe('0.3');
		expect(record.prices).toEqual({ input: '3' });
		expect(record.catalogVersion).toMatch(/^\d{4}-\d{2}-\d{2}/);
	});

	it('uses the price in force on the day of the call', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession();
		const usage = { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 };
		const before = await session.record({ provider: 'openai', model: 'o3', usage, at: Date.parse('2025-05-01T00:00:00Z') });
		const after = await session.record({ provider: 'openai', model: 'o3-2025-04-16', usage, at: new Date('2025-07-01T00:00:00Z') });
		expect([before.cost, after.cost]).toEqual(['50', '10']);
	});

	it('switches the whole call to the long-context tier past the threshold', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession();
		// gemini-2.5-pro: 1.25/10 up to 200k prompt tokens, 2.5/15 above.
		const short = await session.record({ provider: 'google', model: 'gemini-2.5-pro', usage: { promptTokenCount: 200_000, candidatesTokenCount: 1000 } });
		const long = await session.record({ provider: 'gemini', model: 'gemini-2.5-pro', usage: { promptTokenCount: 200_001, candidatesTokenCount: 1000 } });
		expect(short.cost).toBe('0.26'); // 200000×1.25 + 1000×10 = 260000
		expect(long.cost).toBe('0.5150025'); // 200001×2.5 + 1000×15 = 515002.5
	});

	it('takes custom prices over the catalog, exact and by wildcard', async () => {
		const tracker = createTracker({ prices: { 'openai/gpt-4o': { input: '1', output: '1' }, 'ft:gpt-4o-mini:*': { input: '0.3', output: '1.2' } } });
		const session = await tracker.startSession();
		const custom = await session.record({ provider: 'openai', model: 'gpt-4o-2024-08-06', usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
		const pattern = await session.record({ provider: 'openai', model: 'ft:gpt-4o-mini:acme:v1', usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 } });
		expect([custom.cost, custom.costSource, custom.priceKey]).toEqual(['1', 'custom', 'openai/gpt-4o']);
		expect([pattern.cost, pattern.priceKey]).toEqual(['1.5', 'ft:gpt-4o-mini:*']);
	});

	it('returns the same summary when ended twice, and keeps the first end state', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession();
		const first = await tracker.endSession(session.id, 'Success');
		const second = await session.end('Fail', 'later');
		expect(second).toBe(first);
		expect(second.endState).toBe('Success');
	});

	it('defaults the end state to Indeterminate', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession();
		expect((await tracker.endSession(session.id)).endState).toBe('Indeterminate');
	});

	it('records a call that finishes after the end, with an event', async () => {
		const { events, onEvent } = collect();
		const tracker = createTracker({ onEvent });
		const session = await tracker.startSession();
		await session.end('Success');
		const late = await session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 400, completion_tokens: 0 } });
		expect(late.afterEnd).toBe(true);
		expect(events.some((event) => event.type === 'call.after-end' && event.record === late)).toBe(true);
		expect((await session.summary()).calls).toBe(1);
		expect((await session.cost()).toFixed()).toBe('0.001');
	});

	it('resumes a stored session from another tracker (a reload) with the same cost', async () => {
		const store = memoryStore();
		const first = createTracker({ store });
		const session = await first.startSession({ id: 'reload-me', userId: 'u' });
		await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
		const second = createTracker({ store });
		const resumed = await second.getSession('reload-me');
		expect(resumed?.id).toBe('reload-me');
		await resumed!.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
		const summary = await second.endSession('reload-me', 'Success');
		expect(summary.calls).toBe(2);
		expect(summary.cost.toFixed()).toBe('0.00042'); // 2 × (1000×0.15 + 100×0.6) = 420
		expect(summary.userId).toBe('u');
		expect(await second.getSession('nope')).toBeUndefined();
	});
});

describe('typed errors for bad input', () => {
	it('rejects an unknown session id and an invalid end state', async () => {
		const tracker = createTracker();
		await expect(tracker.endSession('missing', 'Success')).rejects.toBeInstanceOf(UnknownSessionError);
		const session = await tracker.startSession();
		await expect(tracker.endSession(session.id, 'Done' as never)).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(session.end('success' as never)).rejects.toThrow(/Success, Fail, Indeterminate/);
	});

	it('rejects negative, fractional or non-numeric token counts', async () => {
		const session = await createTracker().startSession();
		await expect(session.record({ provider: 'openai', model: 'gpt-4o', usage: { input: -1 } })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(session.record({ provider: 'openai', model: 'gpt-4o', usage: { output: 1.5 } })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: -5, completion_tokens: 1 } })).rejects.toThrow(/non-negative integer/);
		await expect(session.record({ provider: 'anthropic', model: 'x', usage: { input_tokens: '12' } })).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(session.record({ provider: 'mystery', model: 'x', usage: { tokens: 3 } })).rejects.toThrow(/unknown provider/);
		await expect(session.record({ provider: 'openai', model: 'gpt-4o' })).rejects.toThrow(/exactly one of usage and body/);
	});

	it('rejects a custom price that is not a decimal string', () => {
		expect(() => validateCustomPrices({ m: { input: 2.5 as never } })).toThrow(InvalidArgumentError);
		expect(() => validateCustomPrices({ m: { input: '1e-6' } })).toThrow(/decimal string/);
		expect(() => validateCustomPrices({ m: { input: '-1' } })).toThrow(InvalidArgumentError);
		expect(() => validateCustomPrices({ m: { inputt: '1' } as never })).toThrow(/not a price field/);
		expect(() => validateCustomPrices({ m: { input: '1' } })).not.toThrow();
	});

	it('rejects a duplicate session id and bad session options', async () => {
		const tracker = createTracker();
		await tracker.startSession({ id: 'one' });
		await expect(tracker.startSession({ id: 'one' })).rejects.toThrow(/already exists/);
		await expect(tracker.startSession({ tags: { a: 1 as never } })).rejects.toBeInstanceOf(InvalidArgumentError);
	});
});

describe('never breaking the app', () => {
	it('keeps every call when the store fails, and says so', async () => {
		const { events, onEvent } = collect();
		const fail = async (): Promise<never> => {
			throw new Error('QuotaExceededError');
		};
		// Every write fails: a plain one and one made only if the key is empty (a session's end).
		const broken: Store = { ...memoryStore(), set: fail, setMany: fail, setIfAbsent: fail };
		const tracker = createTracker({ store: broken, onEvent, retry: { delayMs: 0 } });
		const session = await tracker.startSession();
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 0 } });
		const summary = await session.end('Success');
		expect(summary.calls).toBe(1);
		expect(summary.cost.toFixed()).toBe('0.0025');
		expect(summary.unsavedCalls).toBe(1);
		// Each write tried three times; the unsaved start and call tried again when the session ended.
		expect(events.filter((event) => event.type === 'store.error').map((event) => (event as { operation: string }).operation)).toEqual([
			'start session',
			'record call',
			'start session',
			'record call',
			'end session',
		]);
		expect(events.filter((event) => event.type === 'store.retry')).toHaveLength(10);
	});

	it('survives an onEvent listener that throws', async () => {
		const tracker = createTracker({
			onEvent: () => {
				throw new Error('app bug');
			},
		});
		const session = await tracker.startSession();
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 1, completion_tokens: 1 } });
		expect((await session.end('Success')).calls).toBe(1);
	});
});
