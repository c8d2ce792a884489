import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Big from 'big.js';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTracker, type BudgetCounter, type TrackerEvent } from '../../src/index';
import { redisStore } from '../../src/stores/redis';
import { budgetRace } from '../support/budget-race';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { expectOneDayRead, expectSameReports } from '../support/report-stores';

const run = promisify(execFile);
const base = inject('llmServerUrl');
let server: RedisServer;
const clients: { close(): Promise<unknown> }[] = [];

/** A new connection, as another request handler or instance would have. Fails fast while the server is down: tokentab retries. */
async function connect() {
	const client = createClient({ url: server.url, disableOfflineQueue: true, socket: { reconnectStrategy: (retries) => Math.min(20 * retries, 200) } });
	client.on('error', () => undefined);
	await client.connect();
	clients.push(client);
	return client;
}

beforeAll(async () => {
	server = await startRedisServer();
});
afterAll(async () => {
	await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
	await server?.stop();
});

describe('redisStore on a real redis-server', () => {
	it('keeps the Store contract: JSON values, ordered listings by prefix and range over pages, setIfAbsent, deletes', async () => {
		const store = redisStore(await connect(), { prefix: 'contract:', pageSize: 3 });
		for (const key of ['b/2', 'a/1', 'b/1', 'b/3', 'b/10', 'c/1', 'b/4']) await store.set(key, { key, n: [1, 'x'] });
		expect(await store.get('b/2')).toEqual({ key: 'b/2', n: [1, 'x'] });
		expect(await store.get('nope')).toBeUndefined();
		expect((await store.list('b/')).map(([key]) => key)).toEqual(['b/1', 'b/10', 'b/2', 'b/3', 'b/4']);
		expect((await store.listRange!('a/1', 'b/3')).map(([key]) => key)).toEqual(['a/1', 'b/1', 'b/10', 'b/2']);
		expect(await store.getMany!(['c/1', 'zz', 'a/1'])).toEqual([{ key: 'c/1', n: [1, 'x'] }, undefined, { key: 'a/1', n: [1, 'x'] }]);
		expect(await store.setIfAbsent!('end/s', { state: 'Success' })).toEqual({ state: 'Success' });
		expect(await store.setIfAbsent!('end/s', { state: 'Fail' })).toEqual({ state: 'Success' });
		await store.setMany!([
			['d/1', 1],
			['d/2', 2],
		]);
		await store.deleteMany!(['d/1', 'b/10']);
		await store.delete('b/1');
		expect((await store.list('')).map(([key]) => key)).toEqual(['a/1', 'b/2', 'b/3', 'b/4', 'c/1', 'd/2', 'end/s']);
	});

	it('reports by key range: the same figures as memory, one range read for one day', async () => {
		const client = await connect();
		await expectSameReports(() => redisStore(client, { prefix: 'reports:' }));
		await expectOneDayRead(() => redisStore(client, { prefix: 'one-day:' }));
	});

	it('budget changes are exact decimals in the Lua script: sums no double could hold', async () => {
		const store = redisStore(await connect(), { prefix: 'exact:' });
		const op = { read: ['budget/x/w'], write: 'budget/x/w', limit: '1', now: 1000, holdMs: 60_000 };
		for (const amount of ['0.1', '0.2', '0.000000000000000001', '0.30000000000000000000004']) await store.budget!({ ...op, settle: { id: amount, amount } });
		expect(await store.get<BudgetCounter>('budget/x/w')).toEqual({ spent: '0.60000000000000000100004', held: {} });
		expect(await store.budget!({ ...op, reserve: { id: 'r', amount: '0.39999999999999999899996' } })).toMatchObject({ ok: true, spent: '0.60000000000000000100004', held: '0' });
		expect(await store.budget!({ ...op, reserve: { id: 'r2', amount: '0.000000000000000000000001' } })).toMatchObject({ ok: false, held: '0.39999999999999999899996' });
		// A stale hold (older than holdMs) no longer counts, and its settle releases it.
		expect(await store.budget!({ ...op, now: 1000 + 60_000, reserve: { id: 'r3', amount: '0.1' } })).toMatchObject({ ok: true, held: '0' });
		const settled = await store.budget!({ ...op, now: 1000 + 60_001, settle: { id: 'r3', amount: '0.05' }, thresholds: [0.5, 0.65, 0.9] });
		expect(settled).toMatchObject({ ok: true, held: '0', fired: [1] });
		expect(await store.get<BudgetCounter>('budget/x/w')).toEqual({ spent: '0.65000000000000000100004', held: {} });
	});

	it('five trackers, each on its own connection, race into one enforced budget without overshooting it', async () => {
		const client = await connect();
		await budgetRace(base, () => redisStore(client, { prefix: 'race:' }));
	});

	it('3 processes × 200 concurrent calls into one budget: the settled total stays within the limit, no record lost', async () => {
		const worker = fileURLToPath(new URL('../support/redis-budget-worker.mjs', import.meta.url));
		// Worst case 0.0012175 a call is reserved, 0.000405 is charged (test/support/budget-race.ts).
		const limit = '0.05';
		const results = await Promise.all(
			[0, 1, 2].map(async () => {
				const { stdout } = await run(process.execPath, [worker, server.url, base, '200', limit, '3'], { timeout: 120_000 });
				return JSON.parse(stdout.trim().split('\n').at(-1)!) as { sessionId: string; sent: number; refused: number; cost: string; calls: number; events: string[] };
			}),
		);
		const sent = results.reduce((total, result) => total + result.sent, 0);
		const spent = results.reduce((total, result) => total.plus(result.cost), new Big(0));
		expect(results.every((result) => result.sent + result.refused === 200 && result.events.length === 0)).toBe(true);
		// The bound (docs/stores.md): settled spending never passes the limit, and the budget lets
		// through at least the calls whose worst cases fit: floor(0.05 / 0.0012175) = 41.
		expect(spent.lte(limit)).toBe(true);
		expect(sent).toBeGreaterThanOrEqual(41);
		expect(sent).toBeLessThan(600);
		expect(spent.eq(new Big('0.000405').times(sent))).toBe(true);
		// No record lost: each process's calls are in Redis, and the shared counter holds their sum.
		const store = redisStore(await connect());
		for (const result of results) expect((await store.list(`call/${result.sessionId}/`)).length).toBe(result.sent);
		const counters = (await store.list<BudgetCounter>('budget/race/')).map(([, counter]) => counter);
		expect(counters.reduce((total, counter) => total.plus(counter.spent), new Big(0)).eq(spent)).toBe(true);
		expect(counters.every((counter) => Object.keys(counter.held).length === 0)).toBe(true);
	}, 150_000);

	it('the server killed and restarted mid-run: every recorded call is stored, and what failed was an event', async () => {
		const events: TrackerEvent[] = [];
		const client = await connect();
		const tracker = createTracker({ store: redisStore(client, { prefix: 'restart:' }), onEvent: (event) => events.push(event), retry: { attempts: 3, delayMs: 20, timeoutMs: 2_000 } });
		const session = await tracker.startSession({ userId: 'u1' });
		const url = `${base}/fixture/openai/openai-chat.json/v1/chat/completions`;
		const call = async () => (await session.fetch(url, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o' }) })).text();
		for (let i = 0; i < 10; i++) await Promise.all([call(), call()]);
		await session.cost();
		await server.kill();
		// Calls made while the server is down: answered, kept in memory, each failure an event.
		for (let i = 0; i < 10; i++) await Promise.all([call(), call()]);
		await session.cost();
		expect(events.some((event) => event.type === 'call.unsaved')).toBe(true);
		await server.start();
		for (let i = 0; i < 10; i++) await Promise.all([call(), call()]);
		const summary = await session.end('Success');
		expect(summary.calls).toBe(60);
		expect(summary.cost.toFixed()).toBe(new Big('0.000405').times(60).toFixed());
		// A new process after the restart reads all 60 from the append-only file's data.
		await server.kill();
		await server.start();
		const reader = createTracker({ store: redisStore(await connect(), { prefix: 'restart:' }) });
		const reread = await (await reader.getSession(session.id))!.summary();
		expect(reread).toMatchObject({ calls: 60, endState: 'Success', incomplete: false });
		expect(reread.cost.eq(summary.cost)).toBe(true);
		expect(events.filter((event) => event.type === 'call.recorded')).toHaveLength(60);
		expect(events.some((event) => event.type === 'store.retry' || event.type === 'store.error')).toBe(true);
	}, 60_000);
});
