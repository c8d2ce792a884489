import { describe, expect, inject, it } from 'vitest';
import { createLedger } from '../../src/tracker/ledger/ledger';
import { type CallRecord, createTracker, InvalidArgumentError, memoryStore, type Store, StoreUnavailableError, type TrackerEvent, UnknownSessionError } from '../../src/index';
import { callsWithSecrets, expectNoSecrets } from '../support/secrets';

function collect() {
	const events: TrackerEvent[] = [];
	return {
		events,
		onEvent: (event: TrackerEvent) => events.push(event),
		of: <T extends TrackerEvent['type']>(type: T) => events.filter((event): event is Extract<TrackerEvent, { type: T }> => event.type === type),
	};
}

const gpt4oMini = (prompt: number, output: number) => ({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: prompt, completion_tokens: output } });
const noWait = { delayMs: 0 };

/** A memory store whose operations fail while `failing` says so: a fault injector, not the thing under test. */
function faultyStore(failing: (operation: 'get' | 'set' | 'list' | 'delete', key: string) => unknown) {
	const inner = memoryStore();
	const calls = { setMany: 0, set: 0 };
	const check = (operation: 'get' | 'set' | 'list' | 'delete', key: string) => {
		const error = failing(operation, key);
		if (error) throw error;
	};
	const store: Store = {
		async get(key) {
			check('get', key);
			return inner.get(key);
		},
		async set(key, value) {
			calls.set++;
			check('set', key);
			return inner.set(key, value);
		},
		async list(prefix) {
			check('list', prefix);
			return inner.list(prefix);
		},
		async delete(key) {
			check('delete', key);
			return inner.delete(key);
		},
	};
	return { store, inner, calls };
}

describe('listing, pruning, export and import', () => {
	it('lists sessions open or ended, by user and by start time, oldest first', async () => {
		let clock = Date.parse('2026-01-01T00:00:00Z');
		const store = memoryStore();
		const tracker = createTracker({ store, now: () => clock });
		const a = await tracker.startSession({ id: 'a', userId: 'u1' });
		clock += 60_000;
		await tracker.startSession({ id: 'b', userId: 'u2' });
		clock += 60_000;
		await tracker.startSession({ id: 'c', userId: 'u1', tags: { feature: 'chat' } });
		await a.end('Success');
		// Another tracker on the same store (a reload) sees the same list.
		const other = createTracker({ store });
		expect((await other.listSessions()).map((info) => info.id)).toEqual(['a', 'b', 'c']);
		expect((await other.listSessions({ state: 'open' })).map((info) => info.id)).toEqual(['b', 'c']);
		expect(await other.listSessions({ state: 'ended' })).toMatchObject([{ id: 'a', userId: 'u1', endState: 'Success', endedAt: '2026-01-01T00:02:00.000Z' }]);
		expect((await other.listSessions({ userId: 'u1' })).map((info) => info.id)).toEqual(['a', 'c']);
		expect((await other.listSessions({ startedAfter: Date.parse('2026-01-01T00:01:00Z') })).map((info) => info.id)).toEqual(['b', 'c']);
		expect((await other.listSessions({ startedBefore: new Date('2026-01-01T00:01:00Z') })).map((info) => info.id)).toEqual(['a']);
		expect((await other.listSessions({ userId: 'u1', state: 'open' }))[0]).toMatchObject({ id: 'c', tags: { feature: 'chat' } });
		await expect(other.listSessions({ state: 'closed' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
	});

	it('prunes ended sessions by age with their calls, and leaves open and recent ones', async () => {
		let clock = Date.parse('2026-03-01T00:00:00Z');
		const store = memoryStore();
		const tracker = createTracker({ store, now: () => clock });
		const old = await tracker.startSession({ id: 'old' });
		for (let i = 0; i < 3; i++) await old.record(gpt4oMini(100, 10));
		await old.end('Success');
		const open = await tracker.startSession({ id: 'open' });
		await open.record(gpt4oMini(100, 10));
		clock += 10 * 86_400_000;
		const recent = await tracker.startSession({ id: 'recent' });
		await recent.end('Fail');
		clock += 86_400_000;

		expect(await tracker.pruneSessions({ maxAgeMs: 5 * 86_400_000 })).toEqual(['old']);
		expect((await tracker.listSessions()).map((info) => info.id)).toEqual(['open', 'recent']);
		expect(await tracker.getSession('old')).toBeUndefined();
		expect((await store.list('')).map(([key]) => key).filter((key) => key.includes('old'))).toEqual([]);
		expect((await (await tracker.getSession('open'))!.summary()).calls).toBe(1);
		expect(await tracker.pruneSessions({ endedBefore: clock })).toEqual(['recent']);
		await expect(tracker.pruneSessions({})).rejects.toBeInstanceOf(InvalidArgumentError);
	});

	it('finishes a prune that a failing store interrupted, and never shows a half-pruned session', async () => {
		let failDeletes = false;
		const { store, inner } = faultyStore((operation, key) => failDeletes && operation === 'delete' && key.startsWith('call/') && new Error('storage went away'));
		const { of, onEvent } = collect();
		const tracker = createTracker({ store, onEvent, retry: noWait });
		const session = await tracker.startSession({ id: 'gone', userId: 'u' });
		await session.record(gpt4oMini(100, 10));
		await session.end('Success');
		failDeletes = true;
		expect(await tracker.pruneSessions({ endedBefore: Date.now() + 1000 })).toEqual([]);
		expect(of('store.error').map((event) => event.operation)).toEqual(['prune session']);
		// The start went first: readers no longer see the session rather than see it without its calls.
		expect(await createTracker({ store }).listSessions()).toEqual([]);
		expect((await inner.list('end/')).length).toBe(1);
		failDeletes = false;
		await createTracker({ store }).pruneSessions({ endedBefore: Date.now() + 1000 });
		expect(await inner.list('')).toEqual([]);
	});

	it('exports a session as JSON and imports it into another store with the same cost, twice harmlessly', async () => {
		const tracker = createTracker();
		const session = await tracker.startSession({ id: 'move-me', userId: 'u', tags: { app: 'x' } });
		await session.record(gpt4oMini(1000, 100));
		await session.record({ provider: 'anthropic', model: 'claude-haiku-4-5', usage: { input_tokens: 300, output_tokens: 20 } });
		await session.record({ provider: 'openai', model: 'gpt-99', usage: { prompt_tokens: 1, completion_tokens: 1 } });
		const before = await session.end('Success');
		const json = JSON.stringify(await tracker.exportSession('move-me'));

		const elsewhere = createTracker();
		const imported = await elsewhere.importSession(json);
		await elsewhere.importSession(JSON.parse(json));
		const after = await imported.summary();
		expect(after.toJSON()).toEqual(before.toJSON());
		// gpt-4o-mini 1000×0.15 + 100×0.6 = 210, claude-haiku-4-5 300×1 + 20×5 = 400 (millionths); gpt-99 unpriced
		expect(after).toMatchObject({ calls: 3, unpricedCalls: 1, costKnown: false });
		expect(after.cost.toFixed()).toBe('0.00061');
		expect((await elsewhere.exportSession('move-me')).calls.map((call) => call.id)).toEqual(JSON.parse(json).calls.map((call: CallRecord) => call.id));
	});

	it('rejects an export that is not one, and exporting an unknown session', async () => {
		const tracker = createTracker();
		await expect(tracker.importSession('{nope')).rejects.toBeInstanceOf(InvalidArgumentError);
		await expect(tracker.importSession({ format: 'tokentab.session', version: 2 } as never)).rejects.toThrow(/version/);
		const good = { format: 'tokentab.session', version: 1, session: { id: 's', tags: {}, startedAt: '2026-01-01T00:00:00.000Z' }, calls: [] } as const;
		const call = {
			id: 'c',
			sessionId: 's',
			startedAt: '2026-01-01T00:00:00.000Z',
			endedAt: '2026-01-01T00:00:01.000Z',
			provider: 'openai',
			stream: false,
			usage: { input: 1 },
			usageSource: 'reported',
		};
		await expect(tracker.importSession({ ...good, calls: [{ ...call, cost: 0.1 }] } as never)).rejects.toThrow(/decimal string/);
		await expect(tracker.importSession({ ...good, calls: [{ ...call, sessionId: 'other' }] } as never)).rejects.toThrow(/session id/);
		await expect(tracker.importSession({ ...good, calls: [{ ...call, usage: { input: -1 } }] } as never)).rejects.toThrow(/usage.input must be a non-negative integer/);
		expect(await (await tracker.importSession({ ...good, calls: [{ ...call, cost: '0.5' }] } as never)).cost()).toEqual(expect.objectContaining({}));
		await expect(tracker.exportSession('missing')).rejects.toBeInstanceOf(UnknownSessionError);
	});
});

describe('faults: retries, unsaved calls, incomplete summaries, fallback', () => {
	it('retries a write that fails twice, says so, and loses nothing', async () => {
		let failures = 2;
		const { store } = faultyStore((operation, key) => operation === 'set' && key.startsWith('call/') && failures-- > 0 && new Error('transient'));
		const { of, onEvent } = collect();
		const tracker = createTracker({ store, onEvent, retry: noWait });
		const session = await tracker.startSession();
		await session.record(gpt4oMini(1000, 100));
		expect(of('store.retry').map((event) => [event.operation, event.attempt])).toEqual([
			['record call', 1],
			['record call', 2],
		]);
		expect(of('store.error')).toEqual([]);
		expect(of('call.unsaved')).toEqual([]);
		const reloaded = await createTracker({ store }).getSession(session.id);
		expect(await reloaded!.summary()).toMatchObject({ calls: 1, incomplete: false, unsavedCalls: 0 });
	});

	it('keeps a call the store refuses, marks the session incomplete for other readers, and stores it when the session ends', async () => {
		let broken = true;
		const { store } = faultyStore((operation, key) => broken && operation === 'set' && key.startsWith('call/') && new Error('disk I/O error'));
		const { of, onEvent } = collect();
		const tab1 = createTracker({ store, onEvent, retry: noWait });
		const session = await tab1.startSession({ id: 'chat' });
		await session.record(gpt4oMini(1000, 100)); // 0.00021
		await session.record(gpt4oMini(2000, 0)); // 0.0003
		expect(of('call.unsaved')).toHaveLength(2);
		expect(of('store.error').map((event) => [event.operation, event.attempts])).toEqual([
			['record call', 3],
			['record call', 3],
		]);
		// This tracker still counts both calls, and says they are only in its memory.
		expect(await session.summary()).toMatchObject({ calls: 2, unsavedCalls: 2, incomplete: false });
		expect((await session.cost()).toFixed()).toBe('0.00051');
		// Another tab reading the store knows it is missing calls instead of showing a smaller bill.
		const tab2 = createTracker({ store });
		expect(await (await tab2.getSession('chat'))!.summary()).toMatchObject({ calls: 0, incomplete: true });
		// The store recovers; ending the session stores what it could not, and clears the markers.
		broken = false;
		expect(await session.end('Success')).toMatchObject({ calls: 2, unsavedCalls: 0, incomplete: false });
		const tab3 = createTracker({ store });
		const summary = await (await tab3.getSession('chat'))!.summary();
		expect(summary).toMatchObject({ calls: 2, incomplete: false, endState: 'Success' });
		expect(summary.cost.toFixed()).toBe('0.00051');
	});

	it('exports what is known missing, so the import stays incomplete; refuses to export what it cannot read', async () => {
		let broken = true;
		const { store } = faultyStore((operation, key) => broken && operation === 'set' && key.startsWith('call/') && new Error('disk I/O error'));
		const tab1 = createTracker({ store, retry: noWait });
		const session = await tab1.startSession({ id: 'partial' });
		await session.record(gpt4oMini(1000, 100));
		broken = false;
		await session.record(gpt4oMini(1000, 100));
		// Another tab exports: one call stored, one known missing.
		const exported = await createTracker({ store }).exportSession('partial');
		expect(exported.calls).toHaveLength(1);
		expect(exported.lost).toHaveLength(1);
		const imported = await createTracker().importSession(JSON.stringify(exported));
		expect(await imported.summary()).toMatchObject({ calls: 1, incomplete: true });

		const { store: unreadable } = faultyStore((operation) => operation === 'list' && new Error('read timeout'));
		const writer = createTracker({ store: unreadable });
		await (await writer.startSession({ id: 'x' })).record(gpt4oMini(1, 1));
		await expect(createTracker({ store: unreadable, retry: noWait }).exportSession('x')).rejects.toThrow(/could not read the calls/);
	});

	it('writes a session start that failed again when the session ends, so others can find the session', async () => {
		let broken = true;
		const { store } = faultyStore((operation, key) => broken && operation === 'set' && key.startsWith('session/') && new Error('busy'));
		const { of, onEvent } = collect();
		const tracker = createTracker({ store, onEvent, retry: noWait });
		const session = await tracker.startSession({ id: 'late-start' });
		await session.record(gpt4oMini(1000, 100));
		expect(of('store.error').map((event) => event.operation)).toEqual(['start session']);
		expect(await createTracker({ store }).getSession('late-start')).toBeUndefined();
		broken = false;
		await session.end('Success');
		expect(await (await createTracker({ store }).getSession('late-start'))!.summary()).toMatchObject({ calls: 1, endState: 'Success' });
	});

	it('says incomplete when the calls cannot be read', async () => {
		const { store } = faultyStore((operation, key) => operation === 'list' && key.startsWith('call/') && new Error('read timeout'));
		const writer = createTracker({ store });
		const session = await writer.startSession({ id: 's' });
		await session.record(gpt4oMini(1000, 100));
		const { of, onEvent } = collect();
		const reader = createTracker({ store, onEvent, retry: noWait });
		expect(await (await reader.getSession('s'))!.summary()).toMatchObject({ calls: 0, incomplete: true });
		expect(of('store.error').map((event) => event.operation)).toEqual(['list calls']);
	});

	it('falls back to memory at once when the store is unavailable, and the calls go on', async () => {
		let operations = 0;
		let atFallback = -1;
		const { store } = faultyStore(() => (operations++, new StoreUnavailableError('refused', 'IndexedDB refused (private window)')));
		const { of, onEvent } = collect();
		const tracker = createTracker({
			store,
			onEvent: (event) => {
				if (event.type === 'store.fallback') atFallback = operations;
				onEvent(event);
			},
			retry: noWait,
		});
		const session = await tracker.startSession({ id: 'private', userId: 'u' });
		for (let i = 0; i < 3; i++) await session.record(gpt4oMini(1000, 100));
		expect(of('store.fallback')).toMatchObject([{ reason: 'refused' }]);
		expect(of('store.retry')).toEqual([]);
		// The two reads racing at the start reached the store; nothing after the fallback did.
		expect(atFallback).toBeGreaterThan(0);
		expect(await tracker.listSessions()).toMatchObject([{ id: 'private', userId: 'u' }]);
		expect(await session.end('Success')).toMatchObject({ calls: 3, unsavedCalls: 3, incomplete: false });
		expect((await tracker.exportSession('private')).calls).toHaveLength(3);
		expect(operations).toBeLessThanOrEqual(2);
	});

	it('out of quota, reads what the store holds and keeps new calls in memory', async () => {
		let full = false;
		const quota = () => new StoreUnavailableError('quota', 'QuotaExceededError');
		const { store } = faultyStore((operation) => full && operation === 'set' && quota());
		const before = createTracker({ store });
		const session = await before.startSession({ id: 'big' });
		await session.record(gpt4oMini(1000, 100));
		full = true;
		const { of, onEvent } = collect();
		const after = createTracker({ store, onEvent });
		const resumed = (await after.getSession('big'))!;
		await resumed.record(gpt4oMini(1000, 100));
		expect(of('store.fallback')).toMatchObject([{ reason: 'quota' }]);
		expect(await resumed.summary()).toMatchObject({ calls: 2, unsavedCalls: 1 });
		expect((await resumed.cost()).toFixed()).toBe('0.00042');
	});

	it('group commit: calls that arrive while a write is in flight go together in the next one, with setMany', async () => {
		const inner = memoryStore();
		const writes: string[] = [];
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const store: Store = {
			...inner,
			async setMany(entries) {
				writes.push(`setMany(${entries.length})`);
				if (writes.length === 1) await held; // the first write is slow, as an IndexedDB transaction or a round trip is
				for (const [key, value] of entries) await inner.set(key, value);
			},
		};
		const ledger = createLedger(store, { emit: () => {} });
		const record = (i: number): CallRecord => ({
			id: `c${i}`,
			sessionId: 's',
			startedAt: '2026-01-01T00:00:00.000Z',
			endedAt: '2026-01-01T00:00:01.000Z',
			provider: 'openai',
			stream: false,
			usage: { input: i },
			usageSource: 'reported',
		});
		const meta = { tags: {} };
		const first = ledger.append(record(0), meta);
		await Promise.resolve();
		await Promise.resolve();
		const rest = Array.from({ length: 300 }, (_, i) => ledger.append(record(i + 1), meta));
		release();
		expect(await Promise.all([first, ...rest])).toEqual(Array(301).fill(true));
		// Alone, a call is written at once (with its time-index entry); the 300 that queued behind it
		// go in batches of at most 256 calls, each with its index entry: 512 and 88 entries. Each batch
		// also rewrites this writer's count of the session's calls.
		expect(writes).toEqual(['setMany(3)', 'setMany(513)', 'setMany(89)']);
		expect(await inner.get(`writer/s/${ledger.writerId}`)).toEqual({ calls: 301 });
		expect((await inner.list('call/')).length).toBe(301);
		expect((await inner.list('time/')).length).toBe(301);
	});
});

describe('waitUntil and secrets', () => {
	it('hands every write to waitUntil, so a response never waits for the store', async () => {
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const inner = memoryStore();
		const slow: Store = {
			...inner,
			async set(key, value) {
				if (key.startsWith('call/')) await gate;
				return inner.set(key, value);
			},
		};
		const kept: Promise<unknown>[] = [];
		const tracker = createTracker({ store: slow, waitUntil: (promise) => kept.push(promise) });
		const session = await tracker.startSession();
		const base = inject('llmServerUrl');
		const response = await session.fetch(`${base}/fixture/openai/openai-chat.json/v1/chat/completions`, { method: 'POST', body: '{"model":"gpt-4o"}' });
		expect(JSON.parse(await response.text()).usage.prompt_tokens).toBe(14);
		// The app has its whole response while the call's write is still held by the store.
		expect(kept).toHaveLength(1);
		expect(await inner.list('call/')).toEqual([]);
		release();
		await Promise.all(kept);
		expect((await inner.list<CallRecord>('call/')).map(([, record]) => record.cost)).toEqual(['0.000405']);
	});

	it('stores no prompt, completion or request header (every stored value read back)', async () => {
		const store = memoryStore();
		const tracker = createTracker({ store });
		const session = await tracker.startSession({ userId: 'u' });
		await callsWithSecrets(session, inject('llmServerUrl'));
		await session.end('Success');
		expectNoSecrets((await store.list('')).map(([, value]) => value));
	});
});

describe('memoryStore', () => {
	it('is written without a timeout timer, where a store that only looks like it gets one per write', async () => {
		// A memory store answers in the same turn: a timer per write would only cost. A copy of one is any store to the ledger.
		const timers = async (store: Store) => {
			const session = await createTracker({ store }).startSession();
			const real = globalThis.setTimeout;
			let made = 0;
			globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => (made++, real(...args))) as typeof setTimeout;
			try {
				for (let i = 0; i < 5; i++) await session.record(gpt4oMini(1000, 10));
			} finally {
				globalThis.setTimeout = real;
			}
			expect((await session.end('Success')).calls).toBe(5);
			// Written to the store given, each call with its index entry (a memory store takes them directly).
			expect([(await store.list('call/')).length, (await store.listRange!('time/', 'time0')).length]).toEqual([5, 5]);
			return made;
		};
		expect(await timers(memoryStore())).toBe(0);
		expect(await timers({ ...memoryStore() })).toBeGreaterThanOrEqual(5);
	});

	it('lists a range of time keys as a sorted scan would, through writes out of order, deletes and rewrites', async () => {
		// Random operations on time keys (and others), each range checked against a filter-and-sort of every key.
		let seed = 11;
		const random = (below: number) => (seed = (seed * 48271) % 2147483647) % below;
		const store = memoryStore();
		const model = new Map<string, number>();
		const key = () => (random(10) === 0 ? `call/s${random(5)}/${random(50)}` : `time/2026-01-${String(1 + random(28)).padStart(2, '0')}T00:00:00.000Z/c${random(40)}`);
		for (let step = 0; step < 3000; step++) {
			const operation = random(10);
			const chosen = key();
			if (operation < 5) {
				await store.set(chosen, step);
				model.set(chosen, step);
			} else if (operation < 6) {
				const other = key();
				await store.setMany!([
					[chosen, step],
					[other, -step],
				]);
				model.set(chosen, step).set(other, -step);
			} else if (operation < 8) {
				await store.delete(chosen);
				model.delete(chosen);
			} else {
				const [a, b] = [key(), key()].sort();
				const start = random(4) === 0 ? 'time/' : a!;
				const end = random(4) === 0 ? 'time0' : b!;
				const expected = [...model].filter(([k]) => k >= start && k < end).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
				expect(await store.listRange!(start, end)).toEqual(expected);
			}
		}
	});
});
