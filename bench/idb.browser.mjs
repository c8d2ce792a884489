// Runs inside Chromium (bundled by bench/stores.mjs): tokentab's IndexedDB store through the tracker,
// and the raw baselines: the same call records written and read with idb-keyval alone.
import { createStore, entries, set, setMany } from 'idb-keyval';
import { createTracker, memoryStore } from '../dist/index.js';
import { indexedDBStore } from '../dist/idb.js';

const usage = (i) => ({ provider: 'openai', model: 'gpt-4o-mini', usage: { prompt_tokens: 1000 + i, completion_tokens: 100, prompt_tokens_details: { cached_tokens: 512 } } });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function perSecond(store, n, batched) {
	const tracker = createTracker({ store });
	const session = await tracker.startSession();
	const start = performance.now();
	if (batched) await Promise.all(Array.from({ length: n }, (_, i) => session.record(usage(i))));
	else for (let i = 0; i < n; i++) await session.record(usage(i));
	const ms = performance.now() - start;
	const summary = await session.end('Success');
	if (summary.calls !== n || summary.unsavedCalls) throw new Error(`lost calls: ${summary.calls}/${n}, ${summary.unsavedCalls} unsaved`);
	return (n / ms) * 1000;
}

/**
 * The memory store's rate in one round: the median of 5 runs of 1,000 calls. A run takes ~10 ms,
 * so one pause of the page (a garbage collection, the other processes on a 2-core machine: measured
 * at 5-18 ms) moves a single run by half or more.
 */
async function memoryPerSecond() {
	const rates = [];
	for (let run = 0; run < 5; run++) rates.push(await perSecond(memoryStore(), 1000, false));
	return median(rates);
}

/** The call records the tracker stores for `n` calls, made once in memory: what the raw baselines write. */
async function callRecords(n) {
	const records = [];
	const tracker = createTracker({ onEvent: (event) => event.type === 'call.recorded' && records.push(event.record) });
	const session = await tracker.startSession();
	await Promise.all(Array.from({ length: n }, (_, i) => session.record(usage(i))));
	await session.end('Success');
	return records.map((record) => [`call/${record.sessionId}/${record.endedAt}/${record.id}`, record]);
}

/** Raw IndexedDB: idb-keyval writing the same records, one awaited `set` each or one `setMany`. */
async function rawPerSecond(dbName, records, batched) {
	const store = createStore(dbName, 'entries');
	await set('warm', 1, store); // the connection open, as the tracker's store opens its own first
	const start = performance.now();
	if (batched) await setMany(records, store);
	else for (const [key, value] of records) await set(key, value, store);
	return (records.length / (performance.now() - start)) * 1000;
}

/** The IndexedDB store without setMany: what batching buys, measured. */
function withoutSetMany(store) {
	const { setMany: _, ...rest } = store;
	return rest;
}

globalThis.bench = {
	/** Every case once per round, rounds alternating the cases, so that drift hits them all alike. */
	async throughput() {
		const rounds = 5;
		const records = await callRecords(1000);
		const cases = [
			['memory store, one by one (tracker alone; each round the median of 5 runs)', 1000, memoryPerSecond],
			['IndexedDB, one by one (await each record)', 500, (r) => perSecond(indexedDBStore({ dbName: `bench-one-${r}` }), 500, false)],
			['IndexedDB, batched (1000 at once, group commit + setMany)', 1000, (r) => perSecond(indexedDBStore({ dbName: `bench-batch-${r}` }), 1000, true)],
			['IndexedDB, 1000 at once without setMany (a transaction each)', 1000, (r) => perSecond(withoutSetMany(indexedDBStore({ dbName: `bench-nobatch-${r}` })), 1000, true)],
			['raw idb-keyval, the same records, one awaited set each', 500, (r) => rawPerSecond(`bench-raw-one-${r}`, records.slice(0, 500), false)],
			['raw idb-keyval, the same 1000 records in one setMany', 1000, (r) => rawPerSecond(`bench-raw-many-${r}`, records, true)],
		];
		const rates = cases.map(() => []);
		for (let round = 0; round < rounds; round++) for (const [i, [, , measure]] of cases.entries()) rates[i].push(await measure(round));
		return cases.map(([name, calls], i) => ({ case: name, calls, 'calls/s (median of 5)': Math.round(median(rates[i])) }));
	},
	async seed(n) {
		const tracker = createTracker({ store: indexedDBStore({ dbName: 'bench-resume' }) });
		const session = await tracker.startSession({ id: 'resume-me' });
		await Promise.all(Array.from({ length: n }, (_, i) => session.record(usage(i))));
		return (await session.cost()).toFixed();
	},
	/** After a reload, the raw baseline: every entry of the same database read with idb-keyval. */
	async rawRead() {
		const start = performance.now();
		const all = await entries(createStore('bench-resume', 'entries'));
		return { ms: performance.now() - start, entries: all.length };
	},
	/** After a reload: a new tracker, a new connection; getSession and its summary. */
	async resume() {
		const start = performance.now();
		const tracker = createTracker({ store: indexedDBStore({ dbName: 'bench-resume' }) });
		const session = await tracker.getSession('resume-me');
		const summary = await session.summary();
		return { ms: performance.now() - start, calls: summary.calls, cost: summary.cost.toFixed() };
	},
};
