// Runs inside Chromium (bundled by bench/report.mjs): reports over tokentab's IndexedDB store.
import { createTracker } from '../dist/index.js';
import { indexedDBStore } from '../dist/idb.js';
import { seed, time } from './report-workload.mjs';

globalThis.bench = {
	async seed(n) {
		const start = performance.now();
		const cost = await seed(createTracker, indexedDBStore({ dbName: `bench-report-${n}` }), n);
		return { cost, ms: performance.now() - start };
	},
	/** After a reload: a new tracker and connection, then each report. */
	time: (n, rounds) => time(createTracker, indexedDBStore({ dbName: `bench-report-${n}` }), rounds),
};
