// tracker.report over 1,000 / 10,000 / 100,000 recorded calls, with the built package: in memory
// (Node) and in IndexedDB (real Chromium through playwright, Debian's chromium). Prints medians;
// asserts nothing about time. Each store's reports are checked against memory's figures.
import { createTracker, memoryStore } from '../dist/index.js';
import { chromiumPage } from './chromium-page.mjs';
import { seed, time } from './report-workload.mjs';

const SIZES = [1_000, 10_000, 100_000];
const ROUNDS = (n) => (n >= 100_000 ? 5 : 7);

const table = {};
/** For bench/run.mjs (`--json`): each report against the store's raw read of the whole range, same size, same run. */
const figures = [];
const put = (store, n, rows) => {
	const raw = rows.find((row) => row.label.startsWith('the store read alone'));
	for (const { label, ms } of rows) {
		if (raw && label.startsWith('whole range')) {
			figures.push({
				figure: `${label}, ${n.toLocaleString('en')} calls [${store}]`,
				value: `${ms.toFixed(ms < 10 ? 2 : 0)} ms`,
				baseline: `raw listRange of every index entry: ${raw.ms.toFixed(raw.ms < 10 ? 2 : 0)} ms`,
				ratio: ms / raw.ms,
				reading: 'time, report ÷ raw read of the same entries',
			});
		}
	}
	for (const { label, calls, ms } of rows) {
		const row = (table[`${label} [${store}]`] ??= {});
		row[`${n.toLocaleString('en')} calls: ms`] = ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
		row[`${n.toLocaleString('en')}: in range`] = calls;
	}
};

const expected = {};
for (const n of SIZES) {
	const store = memoryStore();
	const start = performance.now();
	expected[n] = await seed(createTracker, store, n);
	console.error(`memory: recorded ${n} calls in ${((performance.now() - start) / 1000).toFixed(1)} s (total ${expected[n]} USD)`);
	put('memory, Node', n, await time(createTracker, store, ROUNDS(n)));
}

if (!process.argv.includes('--skip-browser')) {
	const { page, version, open, close } = await chromiumPage('./report.browser.mjs');
	try {
		await open();
		for (const n of SIZES) {
			const seeded = await page.evaluate((count) => globalThis.bench.seed(count), n);
			if (seeded.cost !== expected[n]) throw new Error(`IndexedDB total ${seeded.cost}, memory ${expected[n]}`);
			console.error(`IndexedDB: recorded ${n} calls in ${(seeded.ms / 1000).toFixed(1)} s`);
			await open(); // a reload: nothing of the seeding stays in memory
			put(`IndexedDB, Chromium ${version}`, n, await page.evaluate(([count, rounds]) => globalThis.bench.time(count, rounds), [n, ROUNDS(n)]));
		}
	} finally {
		await close();
	}
}

// With --json (bench/run.mjs) the tables go to stderr and the figures, as JSON, last on stdout.
const json = process.argv.includes('--json');
const print = json ? console.error : console.log;
print('tracker.report, median ms (whole range: every call; one user: every call read, that user counted; one day: that day read):');
print(table);
if (json) console.log(JSON.stringify({ title: 'Reports', figures }));
