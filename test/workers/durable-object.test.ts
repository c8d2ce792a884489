import { abortAllDurableObjects, createExecutionContext, evictDurableObject, runInDurableObject, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it, vi } from 'vitest';
import { createTracker, type SessionSummaryJSON, type TrackerEvent } from '../../src/index';
import { durableObjectStore } from '../../src/stores/cloudflare/index';
import { callsWithSecrets, expectNoSecrets } from '../support/secrets';
import worker from './worker';

const base = inject('llmServerUrl');
const chat = `${base}/fixture/openai/openai-chat.json/v1/chat/completions`; // 14×2.5 + 37×10 = 0.000405

/** One request to the app Worker, as workerd would serve it: its own ExecutionContext, waited on to the last waitUntil. */
async function request(path: string, params: Record<string, string>, body = '{"model":"gpt-4o"}') {
	const ctx = createExecutionContext();
	const response = await worker.fetch(new Request(`https://app.example/${path}?${new URLSearchParams(params)}`, { method: 'POST', body }), env, ctx);
	const text = await response.text();
	return { response, text, ctx, done: () => waitOnExecutionContext(ctx) };
}

async function served(path: string, params: Record<string, string>) {
	const result = await request(path, params);
	await result.done();
	return result;
}

function collect() {
	const events: TrackerEvent[] = [];
	return {
		events,
		onEvent: (event: TrackerEvent) => events.push(event),
		of: <T extends TrackerEvent['type']>(type: T) => events.filter((event): event is Extract<TrackerEvent, { type: T }> => event.type === type),
	};
}

/** The object behind a store name, to look inside it and to inject faults (FAULTY only). */
interface ObjectRpc {
	listEntries(prefix: string, startAfter?: string, limit?: number): Promise<[string, unknown][]>;
	failNext(count: number, prefix?: string): Promise<void>;
	hold(): Promise<void>;
	release(): Promise<void>;
	heldWrites(): Promise<number>;
}
const stub = (binding: 'TOKENTAB' | 'FAULTY', name: string) => env[binding].get(env[binding].idFromName(name)) as unknown as DurableObjectStub & ObjectRpc;

describe('durableObjectStore in workerd', () => {
	it('keeps a session across requests, each with its own tracker', async () => {
		const store = 'across-requests';
		await served('start', { session: 's1', user: 'u1', store });
		for (let i = 0; i < 3; i++) expect(JSON.parse((await served('chat', { session: 's1', llm: chat, store })).text).usage.completion_tokens).toBe(37);
		const summary = JSON.parse((await served('end', { session: 's1', store })).text) as SessionSummaryJSON;
		expect(summary).toMatchObject({ id: 's1', userId: 'u1', calls: 3, cost: '0.001215', costKnown: true, incomplete: false, unsavedCalls: 0, endState: 'Success' });
		// Any other isolate reading the object sees the same session.
		expect(await createTracker({ store: durableObjectStore(env.TOKENTAB, store) }).listSessions({ state: 'ended' })).toMatchObject([{ id: 's1', userId: 'u1' }]);
	});

	it('100 concurrent requests recording into one session: 100 records', async () => {
		const store = 'concurrent';
		await served('start', { session: 'busy', store });
		const requests = await Promise.all(Array.from({ length: 100 }, () => request('chat', { session: 'busy', llm: chat, store })));
		for (const { response } of requests) expect(response.status).toBe(200);
		await Promise.all(requests.map(({ done }) => done()));
		const summary = JSON.parse((await served('end', { session: 'busy', store })).text) as SessionSummaryJSON;
		expect(summary).toMatchObject({ calls: 100, cost: '0.0405', incomplete: false, unsavedCalls: 0 });
		const records = await runInDurableObject(env.TOKENTAB.get(env.TOKENTAB.idFromName(store)), (instance) => instance.listEntries('call/'));
		expect(new Set(records.map(([, record]) => (record as { id: string }).id)).size).toBe(100);
	});

	it('returns the response before the write is done: the write goes through ctx.waitUntil', async () => {
		const store = 'wait-until';
		const object = stub('FAULTY', store);
		await served('start', { session: 'w', store, binding: 'FAULTY' });
		await object.hold();
		const { response, text, done } = await request('chat', { session: 'w', llm: chat, store, binding: 'FAULTY' });
		// The app has its whole response while the call's write is still held inside the object.
		expect(response.status).toBe(200);
		expect(JSON.parse(text).usage.prompt_tokens).toBe(14);
		await vi.waitFor(async () => expect(await object.heldWrites()).toBe(1));
		expect(await object.listEntries('call/')).toEqual([]);
		await object.release();
		await done();
		expect((await object.listEntries('call/')).map(([, record]) => (record as { cost: string }).cost)).toEqual(['0.000405']);
	});

	it('survives the Durable Object being evicted and recreated', async () => {
		const store = 'evicted';
		const kept = durableObjectStore(env.TOKENTAB, store); // one store, and so one stub, across the eviction
		const tracker = createTracker({ store: kept });
		const session = await tracker.startSession({ id: 'e' });
		await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
		await evictDurableObject(stub('TOKENTAB', store));
		await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
		await evictDurableObject(stub('TOKENTAB', store));
		// A new isolate's tracker resumes from what the recreated object holds.
		const summary = await createTracker({ store: durableObjectStore(env.TOKENTAB, store) }).endSession('e', 'Success');
		expect(summary).toMatchObject({ calls: 2, incomplete: false });
		expect(summary.cost.toFixed()).toBe('0.00042');
	});

	it('a write in flight when the object is reset (an isolate restart) is retried on a fresh stub: nothing lost', async () => {
		const store = 'reset';
		const { of, onEvent } = collect();
		const tracker = createTracker({ store: durableObjectStore(env.FAULTY, store), onEvent, retry: { delayMs: 10 } });
		const session = await tracker.startSession({ id: 'r' });
		const object = stub('FAULTY', store);
		await object.hold();
		const recording = session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
		await vi.waitFor(async () => expect(await object.heldWrites()).toBe(1));
		await abortAllDurableObjects(); // the held write dies with its instance; the next instance holds nothing
		await recording;
		expect(of('store.retry').length).toBeGreaterThanOrEqual(1);
		expect(of('store.retry')[0]).toMatchObject({ operation: 'record call', attempt: 1 });
		expect(of('call.unsaved')).toEqual([]);
		const summary = await createTracker({ store: durableObjectStore(env.FAULTY, store) }).endSession('r', 'Success');
		expect(summary).toMatchObject({ calls: 1, incomplete: false });
		expect(summary.cost.toFixed()).toBe('0.00021');
	});

	it('Durable Object storage errors: retried, surfaced, and never silently dropped', async () => {
		const store = 'storage-errors';
		const object = stub('FAULTY', store);
		const { of, onEvent } = collect();
		const tracker = createTracker({ store: durableObjectStore(env.FAULTY, store), onEvent, retry: { delayMs: 0 } });
		const session = await tracker.startSession({ id: 'f' });
		const usage = { provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } };

		// Two failures, then the third try goes through.
		await object.failNext(2);
		await session.record(usage);
		expect(of('store.retry').map((event) => [event.operation, event.attempt, String(event.error)])).toEqual([
			['record call', 1, expect.stringContaining('SQLITE_IOERR')],
			['record call', 2, expect.stringContaining('SQLITE_IOERR')],
		]);
		expect(of('call.unsaved')).toEqual([]);

		// A failure that outlasts the retries: announced, counted here, marked for every other reader.
		await object.failNext(1000);
		await session.record(usage);
		expect(of('store.error')).toMatchObject([{ operation: 'record call', attempts: 3 }]);
		expect(of('call.unsaved')).toHaveLength(1);
		expect(await session.summary()).toMatchObject({ calls: 2, unsavedCalls: 1, incomplete: false });
		const elsewhere = createTracker({ store: durableObjectStore(env.FAULTY, store) });
		expect(await (await elsewhere.getSession('f'))!.summary()).toMatchObject({ calls: 1, incomplete: true });

		// Storage recovers: ending the session stores the call it kept, and clears the marker.
		await object.failNext(0);
		expect(await session.end('Success')).toMatchObject({ calls: 2, unsavedCalls: 0, incomplete: false });
		const after = await createTracker({ store: durableObjectStore(env.FAULTY, store) }).getSession('f');
		const summary = await after!.summary();
		expect(summary).toMatchObject({ calls: 2, incomplete: false });
		expect(summary.cost.toFixed()).toBe('0.00042');
		expect(await object.listEntries('lost/')).toEqual([]);
	});

	it('reads a session longer than one RPC message can carry page by page: 5,000 calls, all in the summary', async () => {
		const store = 'long-session';
		const pages: number[] = [];
		// The binding as the store sees it, with each listing's size noted on its way back.
		const namespace = {
			idFromName: (name: string) => env.TOKENTAB.idFromName(name),
			get(id: DurableObjectId) {
				const target = env.TOKENTAB.get(id) as unknown as ObjectRpc;
				return new Proxy(target, {
					get(object, key) {
						// A stub's methods are RPC calls on the stub itself: call them on it.
						if (key !== 'listEntries') return (...args: unknown[]) => (object as unknown as Record<PropertyKey, (...args: unknown[]) => unknown>)[key]!(...args);
						return async (...args: Parameters<ObjectRpc['listEntries']>) => {
							const page = await object.listEntries(...args);
							pages.push(page.length);
							return page;
						};
					},
				});
			},
		};
		const session = await createTracker({ store: durableObjectStore(namespace, store) }).startSession();
		await Promise.all(Array.from({ length: 5000 }, () => session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } })));
		// Another tracker (another isolate) ends it: every call comes from the object.
		const summary = await createTracker({ store: durableObjectStore(namespace, store) }).endSession(session.id, 'Success');
		expect(summary.toJSON()).toMatchObject({ calls: 5000, cost: '1.05', costKnown: true, incomplete: false }); // 5,000 × (1000×0.15 + 100×0.6)/1M
		expect(Math.max(...pages)).toBe(4096);
		expect(pages).toContain(5000 - 4096);
	}, 60_000);

	it('two isolates ending one session at once: both are told the end stored first', async () => {
		const store = 'two-ends';
		const { id } = await createTracker({ store: durableObjectStore(env.TOKENTAB, store) }).startSession();
		const end = async (state: 'Success' | 'Fail') => {
			const tracker = createTracker({ store: durableObjectStore(env.TOKENTAB, store) });
			await tracker.getSession(id);
			return tracker.endSession(id, state);
		};
		const [a, b] = await Promise.all([end('Success'), end('Fail')]);
		const stored = await createTracker({ store: durableObjectStore(env.TOKENTAB, store) }).endSession(id);
		expect([a.endState, b.endState]).toEqual([stored.endState, stored.endState]);
		expect(a.endedAt).toBe(stored.endedAt);
	});

	it('one tracker for the isolate, as the README keeps it: calls of later and of concurrent requests all land', async () => {
		const store = 'isolate';
		const post = (path: string, params: Record<string, string>) =>
			SELF.fetch(`https://app.example/${path}?${new URLSearchParams({ ...params, store, tracker: 'isolate' })}`, { method: 'POST', body: '{"model":"gpt-4o"}' }).then((response) => response.text());
		await post('start', { session: 'iso' });
		for (let i = 0; i < 3; i++) await post('chat', { session: 'iso', llm: chat });
		await Promise.all(Array.from({ length: 5 }, () => post('chat', { session: 'iso', llm: `${chat}?delay=1` })));
		// Each request hands its writes to its own waitUntil: they land before the request's context ends.
		const calls = async () => (await stub('TOKENTAB', store).listEntries('call/')).length;
		for (let waited = 0; (await calls()) < 8 && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await calls()).toBe(8);
		const summary = JSON.parse(await post('end', { session: 'iso' })) as SessionSummaryJSON;
		expect(summary).toMatchObject({ calls: 8, cost: '0.00324', unsavedCalls: 0, incomplete: false }); // 8 × 0.000405
	}, 30_000);

	it('stores no prompt, completion or request header: every value in the object read back', async () => {
		const store = 'secrets';
		const tracker = createTracker({ store: durableObjectStore(env.TOKENTAB, store) });
		const session = await tracker.startSession({ userId: 'u' });
		await callsWithSecrets(session, base);
		await session.end('Success');
		expectNoSecrets((await stub('TOKENTAB', store).listEntries('')).map(([, value]) => value));
	});
});
