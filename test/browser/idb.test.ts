import Big from 'big.js';
import { createStore, entries, promisifyRequest } from 'idb-keyval';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { BudgetExceededError, createTracker, type TrackerEvent } from '../../src/index';
import { indexedDBStore } from '../../src/stores/idb';
import { fixtureUrl } from '../support/fixture-url';
import { fixtureCases } from '../support/fixtures';
import { callsWithSecrets, expectNoSecrets } from '../support/secrets';
import { openPage, type Page, runSandboxed } from './pages';

const base = inject('llmServerUrl');
const pick = (file: string) => fixtureCases.find((fixture) => fixture.file === file)!;
/** A database per test, so tests never see each other's sessions. */
const dbName = (label: string) => `tokentab-test-${label}-${crypto.randomUUID()}`;

const pages: Page[] = [];
async function page(prepare?: Parameters<typeof openPage>[0]): Promise<Page> {
	const opened = await openPage(prepare);
	pages.push(opened);
	return opened;
}
afterEach(() => {
	for (const opened of pages.splice(0)) opened.close();
});

function collect() {
	const events: TrackerEvent[] = [];
	return {
		events,
		onEvent: (event: TrackerEvent) => events.push(event),
		of: <T extends TrackerEvent['type']>(type: T) => events.filter((event): event is Extract<TrackerEvent, { type: T }> => event.type === type),
	};
}

/** Calls `fixtures` through session.fetch and reads each body to the end, as an app would. */
async function callThrough(session: { fetch: typeof fetch }, files: string[]): Promise<void> {
	for (const file of files) {
		const response = await session.fetch(fixtureUrl(base, pick(file), { chunk: 61 }), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"m"}' });
		expect(response.status).toBe(200);
		await response.text();
	}
}

describe('indexedDBStore in real Chromium', () => {
	it('resumes a session after a reload in a new page, with the same cost to the last digit', async () => {
		const name = dbName('reload');
		const before = ['openai/openai-chat.json', 'anthropic/anthropic-messages-stream-web-search.recorded-fantasy.sse', 'gemini/gemini-streamGenerateContent.sse'];
		const after = ['openai/openai-responses-stream.recorded-fantasy.sse', 'vertex/vertex-generateContent-implicit-caching.json'];
		const expected = [...before, ...after].reduce((sum, file) => sum.plus(pick(file).cost!), new Big(0));

		const first = await page();
		const tracker1 = first.tokentab.createTracker({ store: first.idb.indexedDBStore({ dbName: name }) });
		const session1 = await tracker1.startSession({ id: 'chat-42', userId: 'u42', tags: { tab: 'first' } });
		await callThrough(session1, before);
		const costBefore = (await session1.cost()).toFixed();
		first.close(); // the tab reloads: its realm, its tracker and its IndexedDB connection are gone

		const second = await page();
		const tracker2 = second.tokentab.createTracker({ store: second.idb.indexedDBStore({ dbName: name }) });
		const resumed = await tracker2.getSession('chat-42');
		expect(resumed).toBeDefined();
		expect((await resumed!.cost()).toFixed()).toBe(costBefore);
		await callThrough(resumed!, after);
		const summary = await tracker2.endSession('chat-42', 'Success');
		expect(summary.cost.toFixed()).toBe(expected.toFixed());
		expect(summary).toMatchObject({ calls: 5, userId: 'u42', tags: { tab: 'first' }, costKnown: true, incomplete: false, unsavedCalls: 0, endState: 'Success' });

		// A third reader, this realm with yet another connection, sees the ended session identically.
		const reader = createTracker({ store: indexedDBStore({ dbName: name }) });
		expect((await (await reader.getSession('chat-42'))!.summary()).toJSON()).toEqual(summary.toJSON());
		expect(await reader.listSessions({ state: 'ended', userId: 'u42' })).toMatchObject([{ id: 'chat-42', endState: 'Success' }]);
	});

	it('two pages recording 500 calls each into one session at once: 1000 records, exact cost', async () => {
		const name = dbName('two-pages');
		const opener = createTracker({ store: indexedDBStore({ dbName: name }) });
		const { id } = await opener.startSession({ userId: 'both' });
		const [a, b] = await Promise.all([page(), page()]);
		async function record(opened: Page, offset: number) {
			const { events, onEvent } = collect();
			const tracker = opened.tokentab.createTracker({ store: opened.idb.indexedDBStore({ dbName: name }), onEvent });
			const session = (await tracker.getSession(id))!;
			// One by one: a thousand separate write transactions from two connections, interleaved.
			for (let i = 0; i < 500; i++) await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: offset + i, completion_tokens: 1 } });
			return events;
		}
		const [eventsA, eventsB] = await Promise.all([record(a, 1), record(b, 501)]);
		expect([...eventsA, ...eventsB].filter((event) => event.type.startsWith('store.') || event.type === 'call.unsaved')).toEqual([]);

		const summary = await createTracker({ store: indexedDBStore({ dbName: name }) }).endSession(id, 'Success');
		expect(summary.calls).toBe(1000);
		expect(summary.usage).toEqual({ input: 500_500, output: 1000 }); // 1 + 2 + … + 1000
		// gpt-4o-mini: 500500 × 0.15 + 1000 × 0.6 = 75675 millionths
		expect(summary.cost.toFixed()).toBe('0.075675');
		expect(summary.incomplete).toBe(false);
	});

	it('two pages keeping running totals of one session: each summary equals the one a fresh tracker rebuilds from the records', async () => {
		const name = dbName('running-totals');
		const { id } = await createTracker({ store: indexedDBStore({ dbName: name }) }).startSession({ userId: 'both' });
		const [a, b] = await Promise.all([page(), page()]);
		const sessions = await Promise.all([a, b].map(async (opened) => (await opened.tokentab.createTracker({ store: opened.idb.indexedDBStore({ dbName: name }) }).getSession(id))!));
		const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
		/** A tracker that has held no totals: its summary reads every stored call. */
		const rebuilt = async () => plain(await (await createTracker({ store: indexedDBStore({ dbName: name }) }).getSession(id))!.summary());
		let want: { calls: number } | undefined;
		for (let round = 0; round < 4; round++) {
			await Promise.all(
				sessions.map(async (session, k) => {
					// Interleaved with the other page's writes; one call a round recorded an hour back, behind what the other page saw last.
					for (let i = 0; i < 15; i++)
						await session.record({
							provider: 'openai',
							model: k ? 'gpt-4o' : 'gpt-4o-mini',
							usage: { prompt_tokens: round * 100 + i, completion_tokens: k + 1 },
							...(i === 7 ? { at: Date.now() - 3_600_000 } : {}),
						});
				}),
			);
			want = await rebuilt();
			for (const session of sessions) expect(plain(await session.summary())).toEqual(want);
		}
		expect(want!.calls).toBe(120);
	});

	it('two pages ending one session at once: both are told the end stored first, and it is the one kept', async () => {
		const name = dbName('two-ends');
		const { id } = await createTracker({ store: indexedDBStore({ dbName: name }) }).startSession();
		const [a, b] = await Promise.all([page(), page()]);
		const end = async (opened: Page, state: 'Success' | 'Fail') => {
			const tracker = opened.tokentab.createTracker({ store: opened.idb.indexedDBStore({ dbName: name }) });
			await tracker.getSession(id);
			return tracker.endSession(id, state);
		};
		const [endA, endB] = await Promise.all([end(a, 'Success'), end(b, 'Fail')]);
		const stored = await createTracker({ store: indexedDBStore({ dbName: name }) }).endSession(id);
		expect([endA.endState, endB.endState]).toEqual([stored.endState, stored.endState]);
		expect(endA.endedAt).toBe(stored.endedAt);
	});

	it('a private window that refuses IndexedDB (opaque origin): falls back to memory, says so, calls work', async () => {
		const script = `const LLM_SERVER_URL = ${JSON.stringify(base)};\n${await commands.bundle('test/browser/private-window.driver.ts')}`;
		const result = await runSandboxed(script);
		expect(result).toMatchObject({ origin: 'null', openError: 'SecurityError', status: 200, bodyIntact: true });
		// 14×2.5 + 37×10 = 405, and 1000×0.15 + 100×0.6 = 210 (millionths)
		expect(result.summary).toMatchObject({ cost: '0.000615', calls: 2, unsavedCalls: 2, incomplete: false, endState: 'Success' });
		const events = result.events as { type: string; reason?: string; error?: string }[];
		expect(events.filter((event) => event.type === 'store.fallback')).toEqual([{ type: 'store.fallback', reason: 'refused', error: expect.stringContaining('SecurityError') }]);
		expect(events.filter((event) => event.type === 'call.recorded')).toHaveLength(2);
		expect(events.filter((event) => event.type === 'store.error' || event.type === 'store.retry')).toEqual([]);
	});

	it('a page without IndexedDB at all: falls back to memory, says so, calls work', async () => {
		const bare = await page((window) => Object.defineProperty(window, 'indexedDB', { value: undefined }));
		const { of, onEvent } = collect();
		const tracker = bare.tokentab.createTracker({ store: bare.idb.indexedDBStore(), onEvent });
		const session = await tracker.startSession();
		await callThrough(session, ['openai/openai-chat.json']);
		expect(await session.end('Success')).toMatchObject({ calls: 1, unsavedCalls: 1 });
		expect((await session.cost()).toFixed()).toBe('0.000405');
		expect(of('store.fallback').map((event) => event.reason)).toEqual(['unavailable']);
	});

	it('a version upgrade blocked by another tab: falls back at once, and the next page gets the store', async () => {
		const name = dbName('blocked');
		// Another tab opened this database (without tokentab's object store) and never lets go.
		const request = indexedDB.open(name, 1);
		request.onupgradeneeded = () => request.result.createObjectStore('the-apps-own');
		const blocker = await promisifyRequest(request);
		try {
			const { of, onEvent } = collect();
			const tracker = createTracker({ store: indexedDBStore({ dbName: name }), onEvent });
			const session = await tracker.startSession();
			await callThrough(session, ['openai/openai-chat.json']);
			expect((await session.end('Success')).cost.toFixed()).toBe('0.000405');
			expect(of('store.fallback')).toMatchObject([{ reason: 'blocked' }]);
		} finally {
			blocker.close();
		}
		// With the other tab gone, a new page upgrades the database and stores its sessions there.
		const later = await page();
		const { of, onEvent } = collect();
		const tracker = later.tokentab.createTracker({ store: later.idb.indexedDBStore({ dbName: name }), onEvent });
		const session = await tracker.startSession({ id: 'after-upgrade' });
		await session.record({ provider: 'openai', model: 'gpt-4o', usage: { prompt_tokens: 10, completion_tokens: 1 } });
		expect(of('store.fallback')).toEqual([]);
		const stored = await entries(createStore(name, 'entries'));
		expect(stored.map(([key]) => key)).toContain('session/after-upgrade');
	});

	it('out of quota, an enforced budget goes on from what was spent (its counters are read from the store)', async () => {
		const bucket = await (navigator as unknown as { storageBuckets: { open(name: string, options: { quota: number }): Promise<{ indexedDB: IDBFactory }> } }).storageBuckets.open(
			`tokentab-quota-budget-${crypto.randomUUID().slice(0, 8)}`,
			{ quota: 150_000 },
		);
		const { of, onEvent } = collect();
		const tracker = createTracker({ store: indexedDBStore({ indexedDB: bucket.indexedDB }), onEvent, budgets: [{ scope: 'global', limit: '0.005', window: 'day', mode: 'enforce' }] });
		const session = await tracker.startSession();
		const call = () =>
			session
				.fetch(fixtureUrl(base, pick('openai/openai-chat.json')), { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }) })
				.then((response) => response.text());
		const spend = { provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } }; // 0.00021 each
		for (let i = 0; i < 30; i++) await session.record(spend); // 0.0063: past the limit
		await expect(call()).rejects.toBeInstanceOf(BudgetExceededError);
		while (!of('store.fallback').length) await session.record(spend);
		expect(of('store.fallback')).toMatchObject([{ reason: 'quota' }]);
		await expect(call()).rejects.toBeInstanceOf(BudgetExceededError);
	});

	it('pages adding object stores of their own (another storeName) to one database at once: every write lands', async () => {
		const failures: string[] = [];
		const opened = await Promise.all(Array.from({ length: 10 }, () => page()));
		for (let round = 0; round < 3; round++) {
			const name = dbName('store-names');
			await Promise.all(
				opened.map(async (p, index) => {
					const onEvent = (event: TrackerEvent) => (event.type === 'store.error' || event.type === 'call.unsaved') && failures.push(`${event.type}: ${String(event.error)}`);
					const tracker = p.tokentab.createTracker({ store: p.idb.indexedDBStore({ dbName: name, storeName: `store-${index}` }), onEvent });
					await (await tracker.startSession()).record({ provider: 'openai', model: 'gpt-4o-mini', usage: { input: 1 } });
				}),
			);
		}
		expect(failures).toEqual([]);
	});

	it('the database deleted while a page uses it (site data cleared): the page falls back to memory and says so', async () => {
		const name = dbName('deleted');
		const { events, of, onEvent } = collect();
		const session = await createTracker({ store: indexedDBStore({ dbName: name }), onEvent }).startSession();
		const spend = { provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } };
		await session.record(spend);
		await promisifyRequest(indexedDB.deleteDatabase(name));
		await session.record(spend);
		expect(of('store.fallback')).toMatchObject([{ reason: 'unavailable' }]);
		expect(events.some((event) => event.type === 'call.unsaved')).toBe(true);
		// The first call went with the database (the user's choice); the second is kept, and counted as unsaved.
		expect(await session.summary()).toMatchObject({ calls: 1, unsavedCalls: 1 });
	});

	it('out of quota mid-session (a storage bucket with a real quota): falls back, every call still counted', async () => {
		const bucket = await (navigator as unknown as { storageBuckets: { open(name: string, options: { quota: number }): Promise<{ indexedDB: IDBFactory }> } }).storageBuckets.open(
			`tokentab-quota-${crypto.randomUUID().slice(0, 8)}`,
			{ quota: 200_000 },
		);
		const { of, onEvent } = collect();
		const tracker = createTracker({ store: indexedDBStore({ indexedDB: bucket.indexedDB }), onEvent });
		const session = await tracker.startSession({ id: 'long-chat' });
		let calls = 0;
		while (!of('store.fallback').length && calls < 5000) {
			await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
			calls++;
		}
		for (let i = 0; i < 10; i++) await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
		calls += 10;
		expect(of('store.fallback')).toMatchObject([{ reason: 'quota' }]);
		expect(String((of('store.fallback')[0]!.error as Error).cause)).toContain('QuotaExceededError');
		const summary = await session.summary();
		expect(summary.calls).toBe(calls);
		expect(summary.cost.toFixed()).toBe(new Big('0.00021').times(calls).toFixed());
		expect(summary.unsavedCalls).toBeGreaterThanOrEqual(11);
		expect(of('call.unsaved')).toHaveLength(summary.unsavedCalls);
		// What reached the bucket before it filled up is still read back.
		const stored = (await createTracker({ store: indexedDBStore({ indexedDB: bucket.indexedDB }) }).getSession('long-chat'))!;
		expect((await stored.summary()).calls).toBe(calls - summary.unsavedCalls);
	});

	it('a session pruned in one page while another still records into it: the next prune sweeps the calls left without a session', async () => {
		const name = dbName('orphans');
		const clock = { now: Date.parse('2026-11-01T10:00:00Z') };
		const [pruner, recorder] = await Promise.all([page(), page()]);
		const trackerA = pruner.tokentab.createTracker({ store: pruner.idb.indexedDBStore({ dbName: name }), now: () => clock.now });
		const trackerB = recorder.tokentab.createTracker({ store: recorder.idb.indexedDBStore({ dbName: name }), now: () => clock.now });
		const spend = { provider: 'openai', model: 'gpt-4o-mini', usage: { input: 1000, output: 100 } };
		const kept = await trackerA.startSession({ id: 'kept' });
		await kept.record(spend);
		const session = await trackerA.startSession({ id: 'old-chat' });
		await session.record(spend);
		await trackerA.endSession('old-chat', 'Success');
		const late = (await trackerB.getSession('old-chat'))!; // the other page still holds the session
		clock.now += 86_400_000;
		expect(await trackerA.pruneSessions({ maxAgeMs: 3_600_000 })).toEqual(['old-chat']);
		await late.record(spend); // recorded into the pruned session: no start, no end, no prune finds it by its session
		const keysOf = async () => (await entries(createStore(name, 'entries'))).map(([key]) => String(key)).filter((key) => key.includes('old-chat'));
		expect((await keysOf()).some((key) => key.startsWith('call/old-chat/'))).toBe(true);
		clock.now += 86_400_000;
		expect(await trackerA.pruneSessions({ maxAgeMs: 3_600_000 })).toEqual([]);
		expect(await keysOf()).toEqual([]);
		// An open session, and calls newer than the cutoff, are left alone.
		expect((await (await trackerA.getSession('kept'))!.summary()).calls).toBe(1);
	});

	it('out of quota, then a reload: the calls that lived only in the closed page leave their markers, and the next page knows its summary misses them', async () => {
		type Buckets = { storageBuckets: { open(name: string, options?: { quota: number }): Promise<{ indexedDB: IDBFactory }> } };
		const name = `tokentab-quota-reload-${crypto.randomUUID().slice(0, 8)}`;
		const first = await page();
		const bucket = await (first.window.navigator as unknown as Buckets).storageBuckets.open(name, { quota: 200_000 });
		const { of, onEvent } = collect();
		const tracker = first.tokentab.createTracker({ store: first.idb.indexedDBStore({ indexedDB: bucket.indexedDB }), onEvent });
		const session = await tracker.startSession({ id: 'long-chat' });
		const spend = { provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } };
		let calls = 0;
		while (!of('store.fallback').length && calls < 5000) {
			await session.record(spend);
			calls++;
		}
		for (let i = 0; i < 10; i++) await session.record(spend);
		calls += 10;
		const { unsavedCalls } = await session.summary();
		expect(unsavedCalls).toBeGreaterThanOrEqual(11);
		first.close(); // the reload: the unsaved calls go with the page

		const second = await page();
		const reopened = await (second.window.navigator as unknown as Buckets).storageBuckets.open(name);
		const reader = second.tokentab.createTracker({ store: second.idb.indexedDBStore({ indexedDB: reopened.indexedDB }) });
		const summary = await (await reader.getSession('long-chat'))!.summary();
		expect(summary.calls).toBe(calls - unsavedCalls);
		// Chromium lets the commit that fills a bucket take it past its quota, and then refuses every
		// write, a 100-byte one to a new database too: whether a marker landed depends on how full that
		// commit left it (one did on earlier days; none on 2026-12-07). The summary says exactly that.
		const exported = await reader.exportSession('long-chat');
		expect(summary.incomplete).toBe((exported.lost?.length ?? 0) > 0);
	});

	it('a store that refuses records but still takes small writes: each unsaved call leaves its marker, and the next page says its summary is incomplete', async () => {
		const name = dbName('markers');
		const first = await page();
		const store = first.idb.indexedDBStore({ dbName: name });
		let refusing = false;
		// The fault: records no longer fit (as when a quota is reached); markers, being small, still do.
		const full = (entries: [string, unknown][]) => refusing && entries.some(([key]) => key.startsWith('call/'));
		const refused = () => Promise.reject(new first.tokentab.StoreUnavailableError('quota', 'out of quota'));
		const filling = {
			...store,
			set: (key: string, value: unknown) => (full([[key, value]]) ? refused() : store.set(key, value)),
			setMany: (entries: [string, unknown][]) => (full(entries) ? refused() : store.setMany!(entries)),
		};
		const { of, onEvent } = collect();
		const session = await first.tokentab.createTracker({ store: filling, onEvent }).startSession({ id: 'filling' });
		const spend = { provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } };
		for (let i = 0; i < 5; i++) await session.record(spend);
		refusing = true;
		for (let i = 0; i < 3; i++) await session.record(spend);
		expect(of('store.fallback')).toHaveLength(1);
		expect((await session.summary()).unsavedCalls).toBe(3);
		first.close();

		const second = await page();
		const reader = second.tokentab.createTracker({ store: second.idb.indexedDBStore({ dbName: name }) });
		const summary = await (await reader.getSession('filling'))!.summary();
		expect(summary).toMatchObject({ calls: 5, incomplete: true });
		expect((await reader.exportSession('filling')).lost).toHaveLength(3);
	});

	it('lists a key range only, sorted, in a database of its own (never idb-keyval’s keyval-store)', async () => {
		const name = dbName('range');
		const store = indexedDBStore({ dbName: name });
		await store.setMany!([
			['call/b/2', 2],
			['call/a/1', 1],
			['call/b/1', 1],
			['call/b', 0],
			['call/c/', 3],
			['session/b', 'meta'],
		]);
		expect(await store.list('call/b/')).toEqual([
			['call/b/1', 1],
			['call/b/2', 2],
		]);
		expect((await store.list('')).length).toBe(6);
		expect(await store.listRange!('call/a/1', 'call/b/2')).toEqual([
			['call/a/1', 1],
			['call/b', 0],
			['call/b/1', 1],
		]);
		expect(await store.getMany!(['call/b/2', 'nope', 'call/a/1'])).toEqual([2, undefined, 1]);
		// A browser without getAllRecords (before Chromium 141, Firefox, Safari) reads the same range with getAllKeys and getAll.
		const older = await page((window) => delete (window.IDBObjectStore.prototype as { getAllRecords?: unknown }).getAllRecords);
		expect('getAllRecords' in older.window.IDBObjectStore.prototype).toBe(false);
		expect(await older.idb.indexedDBStore({ dbName: name }).listRange!('call/a/1', 'call/b/2')).toEqual([
			['call/a/1', 1],
			['call/b', 0],
			['call/b/1', 1],
		]);
		expect('getAllRecords' in IDBObjectStore.prototype).toBe(true); // this Chromium took the other path above
		await store.deleteMany!(['call/b/1', 'call/b/2']);
		expect(await store.list('call/b/')).toEqual([]);
		const names = (await indexedDB.databases()).map((database) => database.name);
		expect(names).toContain(name);
		expect(names).not.toContain('keyval-store');
		store.close();
	});

	it('stores no prompt, completion or request header: every value in the database read back', async () => {
		const name = dbName('secrets');
		const tracker = createTracker({ store: indexedDBStore({ dbName: name }) });
		const session = await tracker.startSession({ userId: 'u' });
		await callsWithSecrets(session, base);
		await session.end('Success');
		expectNoSecrets((await entries(createStore(name, 'entries'))).map(([, value]) => value));
	});
});
